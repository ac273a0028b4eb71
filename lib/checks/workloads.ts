/** Small readers over Kubernetes objects, shared by the rules. */
import { Manifest } from './model';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** Kinds whose spec holds a pod template. */
export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);

/** The pod spec of a workload, or `undefined` for other kinds. */
export function podSpecOf(m: Manifest): Obj | undefined {
  if (!WORKLOAD_KINDS.has(m.kind)) return undefined;
  if (m.kind === 'Pod') return m.spec;
  if (m.kind === 'CronJob') return m.spec?.jobTemplate?.spec?.template?.spec;
  return m.spec?.template?.spec;
}

/** The labels on a workload's pods. */
export function podLabelsOf(m: Manifest): Record<string, string> {
  if (m.kind === 'Pod') return m.metadata?.labels ?? {};
  if (m.kind === 'CronJob') return m.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return m.spec?.template?.metadata?.labels ?? {};
}

/** A container with where it sits, for messages. */
export interface ContainerRef {
  readonly container: Obj;
  readonly init: boolean;
  /** `container kf-api` or `init container migrate`. */
  readonly label: string;
}

/** App containers and init containers of a pod spec, init containers first (the order they run in). */
export function containersOf(pod: Obj | undefined): ContainerRef[] {
  if (!pod) return [];
  return [
    ...(pod.initContainers ?? []).map((c: Obj) => ({ container: c, init: true, label: `init container ${c.name}` })),
    ...(pod.containers ?? []).map((c: Obj) => ({ container: c, init: false, label: `container ${c.name}` })),
  ];
}

/** Does a label map match a selector (`matchLabels`/`matchExpressions`, or a plain Service selector map)? */
export function selectorMatches(selector: Obj | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const matchLabels: Record<string, string> = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  if (Object.keys(matchLabels).length === 0 && !(selector.matchExpressions?.length)) return false;
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    if (e.operator === 'In' && !(has && e.values.includes(value))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Same namespace, treating an absent namespace as `default`. */
export function sameNamespace(a: Manifest, b: Manifest): boolean {
  return (a.metadata?.namespace ?? 'default') === (b.metadata?.namespace ?? 'default');
}

/** The HorizontalPodAutoscalers in `all` that target `m`. */
export function hpasTargeting(m: Manifest, all: readonly Manifest[]): Manifest[] {
  return all.filter((h) => h.kind === 'HorizontalPodAutoscaler' && sameNamespace(h, m)
    && h.spec?.scaleTargetRef?.kind === m.kind && h.spec?.scaleTargetRef?.name === m.metadata?.name);
}

/** The workload an HPA targets, if it is among `all`. */
export function hpaTarget(hpa: Manifest, all: readonly Manifest[]): Manifest | undefined {
  const ref = hpa.spec?.scaleTargetRef;
  return all.find((m) => m.kind === ref?.kind && m.metadata?.name === ref?.name && sameNamespace(m, hpa));
}

/** The most pods a workload can run: the HPA maximum if one targets it, else `spec.replicas` (default 1). */
export function maxPods(m: Manifest, all: readonly Manifest[]): number {
  const hpas = hpasTargeting(m, all);
  if (hpas.length > 0) return Math.max(...hpas.map((h) => h.spec?.maxReplicas ?? 1));
  if (m.kind === 'Deployment' || m.kind === 'StatefulSet' || m.kind === 'ReplicaSet') return m.spec?.replicas ?? 1;
  return 1;
}

/** `Deployment kf-api/kf-api`: kind, namespace and name. */
export function describeManifest(m: Manifest): string {
  const ns = m.metadata?.namespace;
  return `${m.kind} ${ns ? `${ns}/` : ''}${m.metadata?.name ?? '(unnamed)'}`;
}

/** The full command line of a container: command then args. */
export function commandLine(c: Obj): string[] {
  return [...(c.command ?? []), ...(c.args ?? [])].map(String);
}
