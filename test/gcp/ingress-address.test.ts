import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { Testing } from 'cdktf';
import { IngressAddress, IngressAddressProps } from '../../lib/gcp/ingress-address';
import { onlyResource, synth, testStack } from './helpers';

Testing.setupJest();

describe('IngressAddress', () => {
  test('a global static IPv4 address named for the Ingress, no DNS record by default', () => {
    const stack = testStack();
    const address = new IngressAddress(stack, 'ip', { projectId: 'my-project-id', name: 'kf-api-ip' });
    const out = synth(stack);
    expect(out).toHaveResourceWithProperties(ComputeGlobalAddress, {
      name: 'kf-api-ip',
      address_type: 'EXTERNAL',
      ip_version: 'IPV4',
      project: 'my-project-id',
    });
    expect(out).not.toHaveResource(DnsRecordSet);
    expect(address.record).toBeUndefined();
    expect(address.name).toBe('kf-api-ip');
  });

  test('an A record for the API host, pointing at the address', () => {
    const stack = testStack();
    const address = new IngressAddress(stack, 'ip', {
      projectId: 'my-project-id',
      name: 'kf-api-ip',
      dns: { managedZone: 'example-com', host: 'api.example.com' },
    });
    const out = synth(stack);
    expect(out).toHaveResourceWithProperties(DnsRecordSet, {
      managed_zone: 'example-com',
      name: 'api.example.com.',
      type: 'A',
      ttl: 300,
    });
    expect(onlyResource(out, 'google_dns_record_set').rrdatas).toEqual([
      expect.stringMatching(/^\$\{google_compute_global_address\..*\.address\}$/),
    ]);
    expect(address.recordName).toBe('api.example.com.');
  });

  test('synthesizes on its own in any scope', () => {
    const out = Testing.synthScope((scope) => {
      new IngressAddress(scope, 'ip', { projectId: 'my-project-id', name: 'kf-api-ip', labels: { app: 'kf-api' } });
    });
    expect(out).toHaveResourceWithProperties(ComputeGlobalAddress, { name: 'kf-api-ip', labels: { app: 'kf-api' } });
  });

  const P = "IngressAddress 'ip' in stack 'test':";
  test.each<[Partial<IngressAddressProps>, string]>([
    [{ name: 'kf_api_ip' }, `${P} 'name' ("kf_api_ip") must be 1-63 lowercase letters`],
    [{ projectId: 'My Project' }, `${P} 'projectId' ("My Project") must be a project id`],
    [{ labels: { a: 'B' } }, `${P} 'labels.a' ("B") must be a label value`],
    [{ dns: { managedZone: 'example.com', host: 'api.example.com' } }, `${P} 'dns.managedZone' ("example.com") must be 1-63 lowercase letters`],
    [{ dns: { managedZone: 'example-com', host: 'https://api.example.com' } }, `${P} 'dns.host' ("https://api.example.com") must be a fully qualified host name such as 'api.example.com'`],
    [{ dns: { managedZone: 'example-com', host: 'localhost' } }, `${P} 'dns.host' ("localhost") must be a fully qualified host name`],
    [{ dns: { managedZone: 'example-com', host: 'api.example.com', ttl: 0 } }, `${P} 'dns.ttl' (0) must be at least 1`],
  ])('refuses %j', (overrides, message) => {
    expect(() => new IngressAddress(testStack(), 'ip', { projectId: 'my-project-id', name: 'kf-api-ip', ...overrides })).toThrow(message);
  });
});
