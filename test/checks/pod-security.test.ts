import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { POD_SECURITY_RESTRICTED } from '../../lib';
import { app, broken, findingsOf, goodSet, messagesOf, pod, ruleOf } from './fixtures';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const deployment = (change: (d: Obj) => void) => () => broken('Deployment', change);

const FAILING: Array<[string, () => Obj[], string]> = [
  ['pss-host-namespaces', deployment((d) => { pod(d).hostPID = true; }), 'hostPID is true'],
  ['pss-privileged', deployment((d) => { app(d).securityContext.privileged = true; }), 'container api is privileged'],
  ['pss-capabilities-baseline', deployment((d) => { app(d).securityContext.capabilities.add = ['SYS_ADMIN']; }), 'adds SYS_ADMIN'],
  ['pss-host-path', deployment((d) => { pod(d).volumes.push({ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }); }), '/var/run/docker.sock'],
  ['pss-host-ports', deployment((d) => { app(d).ports[0].hostPort = 8000; }), 'host port 8000'],
  ['pss-apparmor', deployment((d) => { app(d).securityContext.appArmorProfile = { type: 'Unconfined' }; }), 'AppArmor-unconfined'],
  ['pss-apparmor-annotation', deployment((d) => { d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/api': 'unconfined' }; }), 'unconfined'],
  ['pss-selinux', deployment((d) => { app(d).securityContext.seLinuxOptions = { user: 'system_u' }; }), 'SELinux options'],
  ['pss-proc-mount', deployment((d) => { app(d).securityContext.procMount = 'Unmasked'; }), 'procMount Unmasked'],
  ['pss-sysctls', deployment((d) => { pod(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }), 'kernel.msgmax'],
  ['pss-volume-types', deployment((d) => { pod(d).volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } }); }), 'of type nfs'],
  ['pss-privilege-escalation', deployment((d) => { delete app(d).securityContext.allowPrivilegeEscalation; }), 'allowPrivilegeEscalation'],
  ['pss-run-as-non-root', deployment((d) => { delete app(d).securityContext.runAsNonRoot; delete pod(d).securityContext.runAsNonRoot; }), 'runAsNonRoot'],
  ['pss-run-as-user', deployment((d) => { app(d).securityContext.runAsUser = 0; }), 'runs as user 0'],
  ['pss-seccomp', deployment((d) => { app(d).securityContext.seccompProfile = { type: 'Unconfined' }; }), 'seccomp Unconfined'],
  ['pss-capabilities-restricted', deployment((d) => { app(d).securityContext.capabilities = { drop: ['NET_RAW'] }; }), 'does not drop ALL'],
];

test('every rule has a failing fixture', () => {
  expect(FAILING.map(([id]) => id).sort()).toEqual(POD_SECURITY_RESTRICTED.rules.map((r) => r.id).sort());
});

test('the good set passes every rule', () => {
  expect(findingsOf(POD_SECURITY_RESTRICTED, goodSet())).toEqual([]);
});

test.each(FAILING)('%s fails on its fixture', (id, set, words) => {
  expect(messagesOf(ruleOf(POD_SECURITY_RESTRICTED, id), set()).join('\n')).toContain(words);
});

test('pod-level settings count for every container', () => {
  const set = broken('Deployment', (d) => {
    delete app(d).securityContext.seccompProfile;
    pod(d).securityContext.seccompProfile = { type: 'RuntimeDefault' };
  });
  expect(findingsOf(POD_SECURITY_RESTRICTED, set)).toEqual([]);
});

test('the seed manifests break "restricted": no security context at all', () => {
  const dir = path.resolve(__dirname, '../fixtures/seed-manifests');
  const set = parseAllDocuments(fs.readFileSync(path.join(dir, 'api.yaml'), 'utf8')).map((d) => d.toJS());
  const ids = findingsOf(POD_SECURITY_RESTRICTED, set).map((f) => f.rule);
  expect(ids).toEqual(['pss-privilege-escalation', 'pss-run-as-non-root', 'pss-seccomp', 'pss-capabilities-restricted']);
});
