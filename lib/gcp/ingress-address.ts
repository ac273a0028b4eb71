import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { Construct } from 'constructs';
import { PUBLIC_HOST } from '../plan/errors';
import { PROJECT_ID, RFC1035_NAME } from '../plan/names';
import { checkLabels, checkName, gcpChecker } from './prop-checks';

/** An A record for the API's host, in a Cloud DNS zone you already have. */
export interface IngressDnsRecord {
  /** The Cloud DNS managed zone's name (not its DNS name), e.g. `example-com`. */
  readonly managedZone: string;
  /** The API's host, e.g. `api.example.com`; it must lie in the zone. */
  readonly host: string;
  /**
   * Seconds resolvers may cache the record.
   * @default 300
   */
  readonly ttl?: number;
}

/** Props of {@link IngressAddress}. */
export interface IngressAddressProps {
  readonly projectId: string;
  /**
   * The address's name. The Ingress names it in its `kubernetes.io/ingress.global-static-ip-name` annotation, so
   * both sides must agree on it (e.g. `kf-api-ip`).
   */
  readonly name: string;
  /**
   * An A record pointing the API's host at the address. Managed certificates turn active only once the host
   * resolves to the load balancer.
   * @default - no record: create it wherever your DNS lives
   */
  readonly dns?: IngressDnsRecord;
  /**
   * Labels on the address.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A reserved global static IPv4 address for a TLS Ingress (the external HTTP(S) load balancer), so that the API's
 * address survives the Ingress being recreated, and optionally a Cloud DNS A record for the API's host.
 */
export class IngressAddress extends Construct {
  public readonly address: ComputeGlobalAddress;
  public readonly record?: DnsRecordSet;
  public readonly name: string;
  /** The record's fully qualified name, with the final dot, when a record is made. */
  public readonly recordName?: string;

  constructor(scope: Construct, id: string, props: IngressAddressProps) {
    super(scope, id);
    const check = gcpChecker('IngressAddress', this);
    checkName(check, 'projectId', props.projectId, PROJECT_ID);
    checkName(check, 'name', props.name, RFC1035_NAME);
    checkLabels(check, 'labels', props.labels ?? {});
    this.name = props.name;

    this.address = new ComputeGlobalAddress(this, 'address', {
      project: props.projectId,
      name: props.name,
      addressType: 'EXTERNAL',
      ipVersion: 'IPV4',
      labels: props.labels,
    });

    if (props.dns) {
      const dns = props.dns;
      checkName(check, 'dns.managedZone', dns.managedZone, RFC1035_NAME);
      check.matches('dns.host', dns.host, PUBLIC_HOST, "a fully qualified host name such as 'api.example.com'");
      check.integer('dns.ttl', dns.ttl, { min: 1 });
      this.recordName = `${dns.host}.`;
      this.record = new DnsRecordSet(this, 'record', {
        project: props.projectId,
        managedZone: dns.managedZone,
        name: this.recordName,
        type: 'A',
        ttl: dns.ttl ?? 300,
        rrdatas: [this.address.address],
      });
    }
  }
}
