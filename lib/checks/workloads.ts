/** Small readers over Kubernetes objects, shared by the rules. */
import { Manifest, Obj } from './model';

export type { Obj } from './model';

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

/** An object's namespace, an absent one read as `default`. */
export function namespaceOf(m: Manifest): string {
  return m.metadata?.namespace ?? 'default';
}

/** Same namespace, treating an absent namespace as `default`. */
export function sameNamespace(a: Manifest, b: Manifest): boolean {
  return namespaceOf(a) === namespaceOf(b);
}

/** The objects of a set by namespace, by kind, and by both; each list keeps the set's order. */
interface SetIndex {
  readonly byNamespace: Map<string, Manifest[]>;
  readonly byKind: Map<string, Manifest[]>;
  readonly byKindAndNamespace: Map<string, Manifest[]>;
}

// Cross-object rules look up the objects they relate to (the HPA of a Deployment, the Services in front of it...)
// for every object of the set. Scanning the whole set each time made the checks O(n²): at 1,000 web APIs
// (12,000 objects) they took most of a 20-second synth. The runner indexes each set it builds once
// (indexObjects), and the lookups below use the index for those sets; they return what the scans return, in the
// same order. Any other array (a rule called directly, as the tests do) is scanned, as before.
const INDEXES = new WeakMap<readonly Manifest[], SetIndex>();
const NONE: readonly Manifest[] = Object.freeze([]);

/**
 * Indexes `all` for {@link objectsOfKind} and {@link objectsInNamespace}, and returns it. `all` and its objects must
 * not change afterwards: the runner calls this on the sets it builds, which nothing else holds.
 */
export function indexObjects(all: readonly Manifest[]): readonly Manifest[] {
  const index: SetIndex = { byNamespace: new Map(), byKind: new Map(), byKindAndNamespace: new Map() };
  const add = (map: Map<string, Manifest[]>, key: string, m: Manifest) => {
    const list = map.get(key);
    if (list) list.push(m); else map.set(key, [m]);
  };
  for (const m of all) {
    const ns = namespaceOf(m);
    add(index.byNamespace, ns, m);
    add(index.byKind, m.kind, m);
    add(index.byKindAndNamespace, `${m.kind}\u0000${ns}`, m);
  }
  INDEXES.set(all, index);
  return all;
}

/** The objects of `all` in namespace `namespace` (absent read as `default`), in the order of `all`. */
export function objectsInNamespace(all: readonly Manifest[], namespace: string): readonly Manifest[] {
  const index = INDEXES.get(all);
  if (!index) return all.filter((m) => namespaceOf(m) === namespace);
  return index.byNamespace.get(namespace) ?? NONE;
}

/**
 * The objects of `all` of kind `kind`, in namespace `namespace` (absent read as `default`) when it is given, in the
 * order of `all`: `all.filter((x) => x.kind === kind && sameNamespace(x, m))`, without the scan on indexed sets.
 */
export function objectsOfKind(all: readonly Manifest[], kind: string | undefined, namespace?: string): readonly Manifest[] {
  if (typeof kind !== 'string') return NONE;
  const index = INDEXES.get(all);
  if (!index) return all.filter((m) => m.kind === kind && (namespace === undefined || namespaceOf(m) === namespace));
  return (namespace === undefined ? index.byKind.get(kind) : index.byKindAndNamespace.get(`${kind}\u0000${namespace}`)) ?? NONE;
}

/** The HorizontalPodAutoscalers in `all` that target `m`. */
export function hpasTargeting(m: Manifest, all: readonly Manifest[]): Manifest[] {
  return objectsOfKind(all, 'HorizontalPodAutoscaler', namespaceOf(m))
    .filter((h) => h.spec?.scaleTargetRef?.kind === m.kind && h.spec?.scaleTargetRef?.name === m.metadata?.name);
}

/** The workload an HPA targets, if it is among `all`. */
export function hpaTarget(hpa: Manifest, all: readonly Manifest[]): Manifest | undefined {
  const ref = hpa.spec?.scaleTargetRef;
  return objectsOfKind(all, ref?.kind, namespaceOf(hpa)).find((m) => m.metadata?.name === ref?.name);
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
