/**
 * Pod Security Standards "restricted" (baseline included), read from a synthesized pod spec.
 * Returns the violations in words; an empty list means the pod would be admitted by a namespace that enforces it.
 */

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);

/** The pod spec inside a workload manifest (Deployment, Job, Pod...), or undefined for other kinds. */
export function podSpecOf(manifest: Obj): Obj | undefined {
  if (manifest.kind === 'Pod') return manifest.spec;
  if (manifest.kind === 'CronJob') return manifest.spec?.jobTemplate?.spec?.template?.spec;
  return manifest.spec?.template?.spec;
}

export function restrictedViolations(pod: Obj): string[] {
  const out: string[] = [];
  const psc = pod.securityContext ?? {};
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[host]) out.push(`${host} is true`);
  for (const v of pod.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.has(type)) out.push(`volume ${v.name} is of type ${type}`);
  }
  for (const s of psc.sysctls ?? []) if (!SAFE_SYSCTLS.has(s.name)) out.push(`unsafe sysctl ${s.name}`);
  const containers: Obj[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) out.push(`${where} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where} does not set allowPrivilegeEscalation: false`);
    if (sc.procMount && sc.procMount !== 'Default') out.push(`${where} has procMount ${sc.procMount}`);
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) out.push(`${where} does not set runAsNonRoot: true`);
    if ((sc.runAsUser ?? psc.runAsUser) === 0) out.push(`${where} runs as user 0`);
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${where} has no RuntimeDefault or Localhost seccomp profile`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${where} does not drop ALL capabilities`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${where} adds capability ${cap}`);
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${where} uses hostPort ${p.hostPort}`);
  }
  return out;
}
