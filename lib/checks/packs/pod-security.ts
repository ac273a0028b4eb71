/**
 * Pod Security Standards, "restricted" profile (which includes "baseline"), as the Kubernetes documentation
 * defines its controls. A pod that passes is admitted by a namespace labelled
 * `pod-security.kubernetes.io/enforce: restricted`.
 */
import { defineRule } from '../define-rule';
import { ManifestRule, Pack } from '../model';
import { ContainerRef, ContainerScope, Obj, eachContainer, podSpecOf } from '../workloads';

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const BASELINE = 'Pod Security Standards (baseline)';
const RESTRICTED = 'Pod Security Standards (restricted)';

/** The standards admit a pod only if every container passes: init, app and ephemeral containers alike. */
const EVERY_CONTAINER: ContainerScope = { scope: 'all', ephemeral: true };

/** A container's own security context. */
const sc = (c: ContainerRef): Obj => c.container.securityContext ?? {};

/** A security setting of a container, with the pod's as fallback. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const effective = (c: ContainerRef, pod: Obj, key: string): any => sc(c)[key] ?? (pod.securityContext ?? {})[key];

const RULES: ManifestRule[] = [
  defineRule.kubernetes({
    id: 'pss-host-namespaces',
    level: 'error',
    summary: 'Pods do not share the node\'s network, PID or IPC namespace',
    fix: 'Remove hostNetwork, hostPID and hostIPC.',
    source: BASELINE,
    check: ({ manifest }) => {
      const pod = podSpecOf(manifest);
      return pod ? ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => pod[k] === true).map((k) => `${k} is true`) : [];
    },
  }),
  defineRule.kubernetes({
    id: 'pss-privileged',
    level: 'error',
    summary: 'No privileged containers',
    fix: 'Remove securityContext.privileged.',
    source: BASELINE,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c) => (sc(c).privileged === true ? `${c.label} is privileged` : undefined)),
  }),
  defineRule.kubernetes({
    id: 'pss-capabilities-baseline',
    level: 'error',
    summary: 'Containers add no capability beyond the baseline set',
    fix: 'Remove the added capabilities.',
    source: BASELINE,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c) => {
      const extra = (sc(c).capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPABILITIES.has(cap));
      return extra.length ? `${c.label} adds ${extra.join(', ')}` : undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'pss-host-path',
    level: 'error',
    summary: 'No hostPath volumes',
    fix: 'Use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim.',
    source: BASELINE,
    check: ({ manifest }) => (podSpecOf(manifest)?.volumes ?? []).filter((v: Obj) => v.hostPath).map((v: Obj) => `volume ${v.name} mounts the node's ${v.hostPath.path}`),
  }),
  defineRule.kubernetes({
    id: 'pss-host-ports',
    level: 'error',
    summary: 'No host ports',
    fix: 'Remove hostPort; expose the container through a Service.',
    source: BASELINE,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c) => {
      const ports = (c.container.ports ?? []).filter((p: Obj) => p.hostPort).map((p: Obj) => p.hostPort);
      return ports.length ? `${c.label} binds host port ${ports.join(', ')}` : undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'pss-apparmor',
    level: 'error',
    summary: 'AppArmor is not turned off',
    fix: 'Remove the Unconfined AppArmor profile.',
    source: BASELINE,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c, pod) => (effective(c, pod, 'appArmorProfile')?.type === 'Unconfined' ? `${c.label} runs AppArmor-unconfined` : undefined)),
  }),
  defineRule.kubernetes({
    id: 'pss-apparmor-annotation',
    level: 'error',
    summary: 'AppArmor annotations name runtime/default or a localhost profile',
    fix: 'Use runtime/default.',
    source: BASELINE,
    check: ({ manifest: m }) => (!podSpecOf(m) ? [] : Object.entries((m.kind === 'Pod' ? m.metadata?.annotations : m.spec?.template?.metadata?.annotations) ?? {})
      .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !String(v).startsWith('localhost/'))
      .map(([k, v]) => `${k} is ${v}`)),
  }),
  defineRule.kubernetes({
    id: 'pss-selinux',
    level: 'error',
    summary: 'SELinux options keep a container type and set no user or role',
    fix: 'Remove seLinuxOptions.user/role and custom types.',
    source: BASELINE,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c, pod) => {
      const o = effective(c, pod, 'seLinuxOptions');
      if (!o) return undefined;
      return !SELINUX_TYPES.has(o.type ?? '') || o.user || o.role ? `${c.label} sets SELinux options ${JSON.stringify(o)}` : undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'pss-proc-mount',
    level: 'error',
    summary: '/proc is masked (procMount Default)',
    fix: 'Remove procMount: Unmasked.',
    source: BASELINE,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c) => (sc(c).procMount && sc(c).procMount !== 'Default' ? `${c.label} has procMount ${sc(c).procMount}` : undefined)),
  }),
  defineRule.kubernetes({
    id: 'pss-sysctls',
    level: 'error',
    summary: 'Only safe sysctls',
    fix: 'Remove unsafe sysctls from securityContext.sysctls.',
    source: BASELINE,
    check: ({ manifest }) => (podSpecOf(manifest)?.securityContext?.sysctls ?? []).filter((s: Obj) => !SAFE_SYSCTLS.has(s.name)).map((s: Obj) => `sets the unsafe sysctl ${s.name}`),
  }),
  defineRule.kubernetes({
    id: 'pss-volume-types',
    level: 'error',
    summary: 'Only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes',
    fix: 'Replace the volume with one of the allowed types.',
    source: RESTRICTED,
    check: ({ manifest }) => (podSpecOf(manifest)?.volumes ?? []).flatMap((v: Obj) => {
      const type = Object.keys(v).find((k) => k !== 'name');
      // hostPath has its own baseline rule.
      return type !== undefined && !RESTRICTED_VOLUMES.has(type) && type !== 'hostPath' ? [`volume ${v.name} is of type ${type}`] : [];
    }),
  }),
  defineRule.kubernetes({
    id: 'pss-privilege-escalation',
    level: 'error',
    summary: 'allowPrivilegeEscalation is false',
    fix: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    source: RESTRICTED,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c) => (sc(c).allowPrivilegeEscalation !== false ? `${c.label} does not set allowPrivilegeEscalation: false` : undefined)),
  }),
  defineRule.kubernetes({
    id: 'pss-run-as-non-root',
    level: 'error',
    summary: 'Containers must run as non-root',
    fix: 'Set runAsNonRoot: true (pod or container) and a non-zero runAsUser.',
    source: RESTRICTED,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c, pod) => (effective(c, pod, 'runAsNonRoot') !== true ? `${c.label} does not set runAsNonRoot: true` : undefined)),
  }),
  defineRule.kubernetes({
    id: 'pss-run-as-user',
    level: 'error',
    summary: 'No container runs as user 0',
    fix: 'Set runAsUser to a non-zero id (above 10000 is safest).',
    source: RESTRICTED,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c, pod) => (effective(c, pod, 'runAsUser') === 0 ? `${c.label} runs as user 0` : undefined)),
  }),
  defineRule.kubernetes({
    id: 'pss-seccomp',
    level: 'error',
    summary: 'A RuntimeDefault or Localhost seccomp profile',
    fix: 'Set securityContext.seccompProfile.type: RuntimeDefault.',
    source: RESTRICTED,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c, pod) => {
      const type = effective(c, pod, 'seccompProfile')?.type;
      return type === 'RuntimeDefault' || type === 'Localhost' ? undefined : `${c.label} has ${type ? `seccomp ${type}` : 'no seccomp profile'}`;
    }),
  }),
  defineRule.kubernetes({
    id: 'pss-capabilities-restricted',
    level: 'error',
    summary: 'Containers drop ALL capabilities and add at most NET_BIND_SERVICE',
    fix: 'Set capabilities.drop: [ALL].',
    source: RESTRICTED,
    check: ({ manifest }) => eachContainer(manifest, EVERY_CONTAINER, (c) => {
      const problems: string[] = [];
      if (!(sc(c).capabilities?.drop ?? []).includes('ALL')) problems.push('does not drop ALL capabilities');
      const added = (sc(c).capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
      if (added.length) problems.push(`adds ${added.join(', ')}`);
      return problems.length ? `${c.label} ${problems.join(' and ')}` : undefined;
    }),
  }),
];

export const POD_SECURITY_RESTRICTED: Pack = {
  name: 'pod-security-restricted',
  description: 'Pod Security Standards "restricted", baseline included',
  rules: RULES,
};
