import { CertificateManagerCertificate } from '@cdktf/provider-google/lib/certificate-manager-certificate';
import { CertificateManagerCertificateMap } from '@cdktf/provider-google/lib/certificate-manager-certificate-map';
import { CertificateManagerCertificateMapEntry } from '@cdktf/provider-google/lib/certificate-manager-certificate-map-entry';
import { CertificateManagerDnsAuthorization } from '@cdktf/provider-google/lib/certificate-manager-dns-authorization';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { PUBLIC_HOST } from '../plan/errors';
import { PROJECT_ID, RFC1035_NAME } from '../plan/names';
import { checkLabels, checkName, gcpChecker } from './prop-checks';

/** The suffixes of the names derived from the map's: the longest one bounds the map's name. */
const SUFFIXES = { certificate: '-cert', entry: '-entry', dnsAuthorization: '-dnsauth' } as const;
const MAX_NAME_LENGTH = 63 - Math.max(...Object.values(SUFFIXES).map((s) => s.length));

/** Props of {@link CertificateMap}. */
export interface CertificateMapProps {
  readonly projectId: string;
  /**
   * The certificate map's name. The Gateway names it in its `networking.gke.io/certmap` annotation, so both sides
   * must agree on it (e.g. `kf-api-certmap`). The certificate, the map entry and the DNS authorization are named
   * after it (`<name>-cert`, `<name>-entry`, `<name>-dnsauth`).
   */
  readonly name: string;
  /** The API's host, e.g. `api.example.com`: the certificate's only domain, and the map entry's host name. */
  readonly host: string;
  /**
   * Labels on the certificate, the map and the entry.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * A Cloud DNS managed zone (its name, e.g. `example-com`) that holds the host. When given, the certificate is
   * authorized by DNS: a DNS authorization and the CNAME record it asks for are created in that zone, and the
   * certificate is issued before any traffic reaches the load balancer.
   * @default - load-balancer authorization: the certificate is issued once the host's A record points at the
   *   Gateway's IP and the Gateway serves the map
   */
  readonly dnsAuthorizationZone?: string;
}

/**
 * A Google-managed Certificate Manager certificate for one host, served through a certificate map: what a GKE
 * Gateway ({@link TlsMode.GATEWAY}) names in its `networking.gke.io/certmap` annotation.
 *
 * By default the certificate uses load-balancer authorization, which only succeeds once the host's A record points
 * at the Gateway's static IP (see `IngressAddress`) and the Gateway has attached the map; until then it stays
 * PROVISIONING and HTTPS fails. Give `dnsAuthorizationZone` to authorize by DNS instead, which works before the
 * switch-over. Delete the Gateway before `cdktf destroy`: a map attached to a load balancer cannot be deleted.
 */
export class CertificateMap extends Construct {
  public readonly certificate: CertificateManagerCertificate;
  public readonly map: CertificateManagerCertificateMap;
  public readonly entry: CertificateManagerCertificateMapEntry;
  /** With `dnsAuthorizationZone`. */
  public readonly dnsAuthorization?: CertificateManagerDnsAuthorization;
  /** With `dnsAuthorizationZone`: the CNAME record the DNS authorization asks for. */
  public readonly dnsAuthorizationRecord?: DnsRecordSet;
  /** The map's name, which the Gateway's annotation names. */
  public readonly name: string;
  public readonly host: string;

  constructor(scope: Construct, id: string, props: CertificateMapProps) {
    super(scope, id);
    const check = gcpChecker('CertificateMap', this);
    checkName(check, 'projectId', props.projectId, PROJECT_ID);
    checkName(check, 'name', props.name, RFC1035_NAME);
    if (!Token.isUnresolved(props.name) && props.name.length > MAX_NAME_LENGTH) {
      check.fail('name', props.name, `must be at most ${MAX_NAME_LENGTH} characters: the DNS authorization is named '<name>${SUFFIXES.dnsAuthorization}', and names end at 63`);
    }
    check.matches('host', props.host, PUBLIC_HOST, "a fully qualified host name such as 'api.example.com' (no wildcard, no scheme, no port)");
    checkLabels(check, 'labels', props.labels ?? {});
    checkName(check, 'dnsAuthorizationZone', props.dnsAuthorizationZone, RFC1035_NAME);
    this.name = props.name;
    this.host = props.host;

    if (props.dnsAuthorizationZone !== undefined) {
      this.dnsAuthorization = new CertificateManagerDnsAuthorization(this, 'dns-authorization', {
        project: props.projectId,
        name: `${props.name}${SUFFIXES.dnsAuthorization}`,
        domain: props.host,
        description: `DNS authorization of ${props.host}`,
        labels: props.labels,
      });
      const record = this.dnsAuthorization.dnsResourceRecord.get(0);
      this.dnsAuthorizationRecord = new DnsRecordSet(this, 'dns-authorization-record', {
        project: props.projectId,
        managedZone: props.dnsAuthorizationZone,
        name: record.name,
        type: record.type,
        ttl: 300,
        rrdatas: [record.data],
      });
    }

    this.certificate = new CertificateManagerCertificate(this, 'certificate', {
      project: props.projectId,
      name: `${props.name}${SUFFIXES.certificate}`,
      description: `Google-managed certificate for ${props.host}`,
      scope: 'DEFAULT',
      managed: {
        domains: [props.host],
        dnsAuthorizations: this.dnsAuthorization ? [this.dnsAuthorization.id] : undefined,
      },
      labels: props.labels,
    });
    this.map = new CertificateManagerCertificateMap(this, 'map', {
      project: props.projectId,
      name: props.name,
      description: `Certificates of ${props.host}, for a GKE Gateway`,
      labels: props.labels,
    });
    this.entry = new CertificateManagerCertificateMapEntry(this, 'entry', {
      project: props.projectId,
      name: `${props.name}${SUFFIXES.entry}`,
      map: this.map.name,
      hostname: props.host,
      certificates: [this.certificate.id],
      labels: props.labels,
    });
  }
}
