/** Small readers over Kubernetes objects, shared by the rules. */
import { Manifest, Obj } from './model';

export type { Obj } from './model';

/** Kinds whose spec holds a pod template. */
export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);

/**
 * The pod spec of a workload, or `undefined` for objects without one. Custom resources (Argo Rollouts, Knative
 * Services, OpenKruise CloneSets...) have one when `spec.template.spec` lists containers: the pod rules read it as
 * they read a Deployment's.
 */
export function podSpecOf(m: Manifest): Obj | undefined {
  if (!WORKLOAD_KINDS.has(m.kind)) {
    const pod = isCustomResource(m) ? m.spec?.template?.spec : undefined;
    return Array.isArray(pod?.containers) ? pod : undefined;
  }
  if (m.kind === 'Pod') return m.spec;
  if (m.kind === 'CronJob') return m.spec?.jobTemplate?.spec?.template?.spec;
  return m.spec?.template?.spec;
}

/** An object of an API group that Kubernetes itself does not define (`argoproj.io/v1alpha1`, not `apps/v1`). */
function isCustomResource(m: Manifest): boolean {
  const group = typeof m.apiVersion === 'string' && m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
  return group.includes('.') && !group.endsWith('.k8s.io');
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

/** Which containers of a workload {@link eachContainer} visits. */
export interface ContainerScope {
  /** `app`: the pod's containers; `init`: its init containers; `all`: both, init containers first (the order they run in). */
  readonly scope: 'all' | 'app' | 'init';
  /** Also visit the pod's ephemeral containers (`kubectl debug`), after the others. @default false */
  readonly ephemeral?: boolean;
  /** Visit only workloads of these kinds. @default - every kind with a pod template ({@link WORKLOAD_KINDS}) */
  readonly kinds?: ReadonlySet<string>;
}

/**
 * Visits the containers of a workload that `scope` names, in order, with the pod spec they sit in, and gathers what
 * `visit` returns: a value, a list of values, or `undefined` for none. Objects without a pod template give `[]`.
 */
export function eachContainer<T>(m: Manifest, scope: ContainerScope, visit: (c: ContainerRef, pod: Obj) => T | readonly T[] | undefined): T[] {
  const pod = podSpecOf(m);
  if (!pod || (scope.kinds !== undefined && !scope.kinds.has(m.kind))) return [];
  const found: T[] = [];
  for (const c of containersOf(pod)) {
    if (scope.scope === 'all' || c.init === (scope.scope === 'init')) gather(found, visit(c, pod));
  }
  if (scope.ephemeral) {
    for (const c of pod.ephemeralContainers ?? []) gather(found, visit({ container: c, init: false, label: `ephemeral container ${c.name}` }, pod));
  }
  return found;
}

function gather<T>(into: T[], value: T | readonly T[] | undefined): void {
  if (Array.isArray(value)) into.push(...value);
  else if (value !== undefined) into.push(value as T);
}

/** Does a label map match a selector (`matchLabels`/`matchExpressions`, or a plain Service selector map)? */
export function selectorMatches(selector: Obj | undefined, labels: Record<string, string>): boolean {
  if (typeof selector !== 'object' || selector === null) return false;
  const matchLabels: Record<string, string> = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  if (Object.keys(matchLabels).length === 0 && !(selector.matchExpressions?.length)) return false;
  // Labels of another shape than a map (a string, a list) carry no label.
  const own: Record<string, unknown> = typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? labels : {};
  for (const [k, v] of Object.entries(matchLabels)) if (own[k] !== v) return false;
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    if (typeof e !== 'object' || e === null) return false;
    const has = typeof e.key === 'string' && Object.prototype.hasOwnProperty.call(own, e.key);
    const value = has ? own[e.key] : undefined;
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    if (e.operator === 'In' && !(has && values.includes(value))) return false;
    if (e.operator === 'NotIn' && has && values.includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** An object's namespace, an absent one read as `default`. */
export function namespaceOf(m: Manifest): string {
  const ns = m.metadata?.namespace;
  return ns === undefined || ns === null ? 'default' : text(ns);
}

/** A value of a field that should hold a string, as text; never throws. */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '(unprintable)';
  }
}

/** Same namespace, treating an absent namespace as `default`. */
export function sameNamespace(a: Manifest, b: Manifest): boolean {
  return namespaceOf(a) === namespaceOf(b);
}

/** `Deployment kf-api/kf-api`: kind, namespace and name. */
export function describeManifest(m: Manifest): string {
  const ns = m.metadata?.namespace;
  const name = m.metadata?.name;
  return `${text(m.kind)} ${ns ? `${text(ns)}/` : ''}${name === undefined || name === null ? '(unnamed)' : text(name)}`;
}

/** The full command line of a container: command then args. */
export function commandLine(c: Obj): string[] {
  return [...(c.command ?? []), ...(c.args ?? [])].map(String);
}
