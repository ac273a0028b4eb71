import { CertificateManagerCertificate } from '@cdktf/provider-google/lib/certificate-manager-certificate';
import { CertificateManagerCertificateMap } from '@cdktf/provider-google/lib/certificate-manager-certificate-map';
import { CertificateManagerCertificateMapEntry } from '@cdktf/provider-google/lib/certificate-manager-certificate-map-entry';
import { CertificateManagerDnsAuthorization } from '@cdktf/provider-google/lib/certificate-manager-dns-authorization';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { Testing } from 'cdktf';
import { CertificateMap, CertificateMapProps } from '../../lib/gcp/certificate-map';
import { onlyResource, synth, testStack } from './helpers';

Testing.setupJest();

const PROPS: CertificateMapProps = { projectId: 'my-project-id', name: 'kf-api-certmap', host: 'api.example.com' };

describe('CertificateMap', () => {
  test('a Google-managed certificate for the host, by load-balancer authorization, in a map under the given name', () => {
    const stack = testStack();
    const certMap = new CertificateMap(stack, 'certmap', PROPS);
    const out = synth(stack);
    expect(out).toHaveResourceWithProperties(CertificateManagerCertificate, {
      project: 'my-project-id',
      name: 'kf-api-certmap-cert',
      scope: 'DEFAULT',
      managed: { domains: ['api.example.com'] },
    });
    expect(onlyResource(out, 'google_certificate_manager_certificate').managed.dns_authorizations).toBeUndefined();
    expect(out).toHaveResourceWithProperties(CertificateManagerCertificateMap, { project: 'my-project-id', name: 'kf-api-certmap' });
    expect(out).toHaveResourceWithProperties(CertificateManagerCertificateMapEntry, {
      project: 'my-project-id',
      name: 'kf-api-certmap-entry',
      hostname: 'api.example.com',
    });
    expect(out).not.toHaveResource(CertificateManagerDnsAuthorization);
    expect(out).not.toHaveResource(DnsRecordSet);
    expect(certMap.name).toBe('kf-api-certmap');
    expect(certMap.host).toBe('api.example.com');
    expect(certMap.dnsAuthorization).toBeUndefined();
    expect(certMap.dnsAuthorizationRecord).toBeUndefined();
  });

  test('the entry puts the certificate in the map', () => {
    const stack = testStack();
    new CertificateMap(stack, 'certmap', PROPS);
    const entry = onlyResource(synth(stack), 'google_certificate_manager_certificate_map_entry');
    expect(entry.map).toMatch(/^\$\{google_certificate_manager_certificate_map\..*\.name\}$/);
    expect(entry.certificates).toEqual([expect.stringMatching(/^\$\{google_certificate_manager_certificate\..*\.id\}$/)]);
  });

  test('DNS authorization: the authorization, its CNAME in the zone, and a certificate that uses it', () => {
    const stack = testStack();
    const certMap = new CertificateMap(stack, 'certmap', { ...PROPS, dnsAuthorizationZone: 'example-com', labels: { team: 'platform' } });
    const out = synth(stack);
    expect(out).toHaveResourceWithProperties(CertificateManagerDnsAuthorization, {
      project: 'my-project-id',
      name: 'kf-api-certmap-dnsauth',
      domain: 'api.example.com',
      labels: { team: 'platform' },
    });
    expect(out).toHaveResourceWithProperties(DnsRecordSet, { project: 'my-project-id', managed_zone: 'example-com', ttl: 300 });
    const record = onlyResource(out, 'google_dns_record_set');
    expect(record.name).toMatch(/^\$\{google_certificate_manager_dns_authorization\..*\.dns_resource_record\[0\]\.name\}$/);
    expect(record.type).toMatch(/^\$\{google_certificate_manager_dns_authorization\..*\.dns_resource_record\[0\]\.type\}$/);
    expect(record.rrdatas).toEqual([expect.stringMatching(/^\$\{google_certificate_manager_dns_authorization\..*\.dns_resource_record\[0\]\.data\}$/)]);
    const certificate = onlyResource(out, 'google_certificate_manager_certificate');
    expect(certificate.managed.domains).toEqual(['api.example.com']);
    expect(certificate.managed.dns_authorizations).toEqual([expect.stringMatching(/^\$\{google_certificate_manager_dns_authorization\..*\.id\}$/)]);
    for (const Resource of [CertificateManagerCertificate, CertificateManagerCertificateMap, CertificateManagerCertificateMapEntry]) {
      expect(out).toHaveResourceWithProperties(Resource, { labels: { team: 'platform' } });
    }
    expect(certMap.dnsAuthorization).toBeDefined();
    expect(certMap.dnsAuthorizationRecord).toBeDefined();
  });

  test('synthesizes on its own in any scope', () => {
    const out = Testing.synthScope((scope) => {
      new CertificateMap(scope, 'certmap', PROPS);
    });
    expect(out).toHaveResourceWithProperties(CertificateManagerCertificateMap, { name: 'kf-api-certmap' });
  });

  const P = "CertificateMap 'certmap' in stack 'test':";
  test.each<[Partial<CertificateMapProps>, string]>([
    [{ projectId: 'My Project' }, `${P} 'projectId' ("My Project") must be a project id`],
    [{ name: 'kf_api_certmap' }, `${P} 'name' ("kf_api_certmap") must be 1-63 lowercase letters`],
    [{ name: '1-certmap' }, `${P} 'name' ("1-certmap") must be 1-63 lowercase letters, digits or hyphens, starting with a letter`],
    [{ name: `m${'a'.repeat(55)}` }, `${P} 'name' ("m${'a'.repeat(55)}") must be at most 55 characters: the DNS authorization is named '<name>-dnsauth', and names end at 63`],
    [{ host: 'https://api.example.com' }, `${P} 'host' ("https://api.example.com") must be a fully qualified host name such as 'api.example.com'`],
    [{ host: '*.example.com' }, `${P} 'host' ("*.example.com") must be a fully qualified host name`],
    [{ host: 'localhost' }, `${P} 'host' ("localhost") must be a fully qualified host name`],
    [{ labels: { Team: 'platform' } }, `${P} 'labels.Team' ("Team") must be a label key`],
    [{ labels: { team: 'Platform' } }, `${P} 'labels.team' ("Platform") must be a label value`],
    [{ dnsAuthorizationZone: 'example.com' }, `${P} 'dnsAuthorizationZone' ("example.com") must be 1-63 lowercase letters`],
  ])('refuses %j', (overrides, message) => {
    expect(() => new CertificateMap(testStack(), 'certmap', { ...PROPS, ...overrides })).toThrow(message);
  });
});
