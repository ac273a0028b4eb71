/**
 * Pod Security Standards, "restricted" profile (which includes "baseline"), as the Kubernetes documentation
 * defines its controls. A pod that passes is admitted by a namespace labelled
 * `pod-security.kubernetes.io/enforce: restricted`.
 */
import { ManifestRule, Pack } from '../model';
import { ContainerRef, Obj, containersOf, podSpecOf } from '../workloads';

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SOURCE = 'Pod Security Standards';

/** A rule over each container of each pod, with the pod-level security context as fallback. */
function perContainer(
  id: string, level: 'baseline' | 'restricted', summary: string, fix: string,
  problem: (c: ContainerRef, sc: Obj, psc: Obj) => string | undefined,
): ManifestRule {
  return {
    target: 'kubernetes', id, level: 'error', summary, fix, source: `${SOURCE} (${level})`,
    check: ({ manifest }) => {
      const pod = podSpecOf(manifest);
      if (!pod) return [];
      const psc = pod.securityContext ?? {};
      return [...containersOf(pod), ...(pod.ephemeralContainers ?? []).map((c: Obj) => ({ container: c, init: false, label: `ephemeral container ${c.name}` }))]
        .map((c) => problem(c, c.container.securityContext ?? {}, psc))
        .filter((m): m is string => m !== undefined);
    },
  };
}

/** A rule over the pod spec itself. */
function perPod(id: string, level: 'baseline' | 'restricted', summary: string, fix: string, problems: (pod: Obj, m: Obj) => string[]): ManifestRule {
  return {
    target: 'kubernetes', id, level: 'error', summary, fix, source: `${SOURCE} (${level})`,
    check: ({ manifest }) => {
      const pod = podSpecOf(manifest);
      return pod ? problems(pod, manifest) : [];
    },
  };
}

const RULES: ManifestRule[] = [
  perPod('pss-host-namespaces', 'baseline', 'Pods do not share the node\'s network, PID or IPC namespace', 'Remove hostNetwork, hostPID and hostIPC.',
    (pod) => ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => pod[k] === true).map((k) => `${k} is true`)),
  perContainer('pss-privileged', 'baseline', 'No privileged containers', 'Remove securityContext.privileged.',
    (c, sc) => sc.privileged === true ? `${c.label} is privileged` : undefined),
  perContainer('pss-capabilities-baseline', 'baseline', 'Containers add no capability beyond the baseline set', 'Remove the added capabilities.',
    (c, sc) => {
      const extra = (sc.capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPABILITIES.has(cap));
      return extra.length ? `${c.label} adds ${extra.join(', ')}` : undefined;
    }),
  perPod('pss-host-path', 'baseline', 'No hostPath volumes', 'Use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim.',
    (pod) => (pod.volumes ?? []).filter((v: Obj) => v.hostPath).map((v: Obj) => `volume ${v.name} mounts the node's ${v.hostPath.path}`)),
  perContainer('pss-host-ports', 'baseline', 'No host ports', 'Remove hostPort; expose the container through a Service.',
    (c) => {
      const ports = (c.container.ports ?? []).filter((p: Obj) => p.hostPort).map((p: Obj) => p.hostPort);
      return ports.length ? `${c.label} binds host port ${ports.join(', ')}` : undefined;
    }),
  perContainer('pss-apparmor', 'baseline', 'AppArmor is not turned off', 'Remove the Unconfined AppArmor profile.',
    (c, sc, psc) => (sc.appArmorProfile ?? psc.appArmorProfile)?.type === 'Unconfined' ? `${c.label} runs AppArmor-unconfined` : undefined),
  perPod('pss-apparmor-annotation', 'baseline', 'AppArmor annotations name runtime/default or a localhost profile', 'Use runtime/default.',
    (_pod, m) => Object.entries((m.kind === 'Pod' ? m.metadata?.annotations : m.spec?.template?.metadata?.annotations) ?? {})
      .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !String(v).startsWith('localhost/'))
      .map(([k, v]) => `${k} is ${v}`)),
  perContainer('pss-selinux', 'baseline', 'SELinux options keep a container type and set no user or role', 'Remove seLinuxOptions.user/role and custom types.',
    (c, sc, psc) => {
      const o = sc.seLinuxOptions ?? psc.seLinuxOptions;
      if (!o) return undefined;
      return !SELINUX_TYPES.has(o.type ?? '') || o.user || o.role ? `${c.label} sets SELinux options ${JSON.stringify(o)}` : undefined;
    }),
  perContainer('pss-proc-mount', 'baseline', '/proc is masked (procMount Default)', 'Remove procMount: Unmasked.',
    (c, sc) => sc.procMount && sc.procMount !== 'Default' ? `${c.label} has procMount ${sc.procMount}` : undefined),
  perPod('pss-sysctls', 'baseline', 'Only safe sysctls', 'Remove unsafe sysctls from securityContext.sysctls.',
    (pod) => (pod.securityContext?.sysctls ?? []).filter((s: Obj) => !SAFE_SYSCTLS.has(s.name)).map((s: Obj) => `sets the unsafe sysctl ${s.name}`)),
  perPod('pss-volume-types', 'restricted', 'Only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes', 'Replace the volume with one of the allowed types.',
    (pod) => (pod.volumes ?? []).flatMap((v: Obj) => {
      const type = Object.keys(v).find((k) => k !== 'name');
      // hostPath has its own baseline rule.
      return type !== undefined && !RESTRICTED_VOLUMES.has(type) && type !== 'hostPath' ? [`volume ${v.name} is of type ${type}`] : [];
    })),
  perContainer('pss-privilege-escalation', 'restricted', 'allowPrivilegeEscalation is false', 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    (c, sc) => sc.allowPrivilegeEscalation !== false ? `${c.label} does not set allowPrivilegeEscalation: false` : undefined),
  perContainer('pss-run-as-non-root', 'restricted', 'Containers must run as non-root', 'Set runAsNonRoot: true (pod or container) and a non-zero runAsUser.',
    (c, sc, psc) => (sc.runAsNonRoot ?? psc.runAsNonRoot) !== true ? `${c.label} does not set runAsNonRoot: true` : undefined),
  perContainer('pss-run-as-user', 'restricted', 'No container runs as user 0', 'Set runAsUser to a non-zero id (above 10000 is safest).',
    (c, sc, psc) => (sc.runAsUser ?? psc.runAsUser) === 0 ? `${c.label} runs as user 0` : undefined),
  perContainer('pss-seccomp', 'restricted', 'A RuntimeDefault or Localhost seccomp profile', 'Set securityContext.seccompProfile.type: RuntimeDefault.',
    (c, sc, psc) => {
      const type = (sc.seccompProfile ?? psc.seccompProfile)?.type;
      return type === 'RuntimeDefault' || type === 'Localhost' ? undefined : `${c.label} has ${type ? `seccomp ${type}` : 'no seccomp profile'}`;
    }),
  perContainer('pss-capabilities-restricted', 'restricted', 'Containers drop ALL capabilities and add at most NET_BIND_SERVICE', 'Set capabilities.drop: [ALL].',
    (c, sc) => {
      const problems: string[] = [];
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push('does not drop ALL capabilities');
      const added = (sc.capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
      if (added.length) problems.push(`adds ${added.join(', ')}`);
      return problems.length ? `${c.label} ${problems.join(' and ')}` : undefined;
    }),
];

export const POD_SECURITY_RESTRICTED: Pack = {
  name: 'pod-security-restricted',
  description: 'Pod Security Standards "restricted", baseline included',
  rules: RULES,
};
