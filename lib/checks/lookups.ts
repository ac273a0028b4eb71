/**
 * Lookups across a set of objects, for cross-object rules: the HPA of a Deployment, the Services, NetworkPolicies and
 * PodDisruptionBudgets that select its pods, the workloads a selector matches, an object by name.
 *
 * Scanning the set for each object makes the checks O(n²): 12,000 objects in one namespace took 25 s, and 49,000 did
 * not finish in 5 minutes. The runner indexes each set it builds once ({@link indexObjects}): by kind and namespace,
 * and, built on first use, by name, by HPA target, by selector and by pod label, so that a lookup reads only the
 * objects that can answer it. Every lookup returns what a scan returns, in the set's order. Any other array (a rule
 * called directly, as the tests do) is scanned.
 *
 * Selector lookups return candidates: every object that can match, which the caller filters with its exact test (a
 * superset, in the set's order, is all the exact test needs). A selector is filed under one of its `key: value`
 * pairs, which every pod it matches carries: the one the fewest workloads of its namespace carry, so that labels
 * every pod shares (`app.kubernetes.io/part-of`, Helm's `app.kubernetes.io/name`) do not make lookups scan. A
 * selector with no such pair is filed under "any".
 */
import { Manifest, Obj } from './model';
import { namespaceOf, podLabelsOf, podSpecOf } from './workloads';

/**
 * The keys a lookup files an object of the set `all` under; `undefined`: none that can be trusted, so it is a
 * candidate for any key.
 */
type KeysOf = (m: Manifest, all: readonly Manifest[]) => readonly string[] | undefined;

interface SetIndex {
  readonly byNamespace: Map<string, Manifest[]>;
  readonly byKind: Map<string, Manifest[]>;
  /** kind → namespace → objects. */
  readonly byKindAndNamespace: Map<string, Map<string, Manifest[]>>;
  /** Positions in the set of each kind's objects, and of the workloads (objects with a pod template). */
  readonly groups: Map<Group, number[]>;
  /** Built on first use: keys → group → the group's objects by key. */
  readonly keyed: Map<KeysOf, Map<Group, Keyed>>;
}

/** Positions of objects by key: in each namespace, and across namespaces. */
interface Keyed {
  readonly byNamespace: Map<string, Map<string, number[]>>;
  readonly anyNamespace: Map<string, number[]>;
}

const INDEXES = new WeakMap<readonly Manifest[], SetIndex>();
const NONE: readonly Manifest[] = Object.freeze([]);
/** The group of the workloads, beside the kinds. */
const WORKLOADS = Symbol('workloads');
/** A kind, or the workloads. */
type Group = string | typeof WORKLOADS;
/** The key of objects with no trusted key. */
const ANY = '\u0001any';

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}

/** Indexes `all` for the lookups below, and returns it. `all` and its objects must not change afterwards. */
export function indexObjects(all: readonly Manifest[]): readonly Manifest[] {
  const index: SetIndex = { byNamespace: new Map(), byKind: new Map(), byKindAndNamespace: new Map(), groups: new Map(), keyed: new Map() };
  all.forEach((m, i) => {
    const ns = namespaceOf(m);
    push(index.byNamespace, ns, m);
    push(index.byKind, m.kind, m);
    let byNamespace = index.byKindAndNamespace.get(m.kind);
    if (!byNamespace) index.byKindAndNamespace.set(m.kind, byNamespace = new Map());
    push(byNamespace, ns, m);
    push(index.groups, m.kind, i);
    if (podSpecOf(m) !== undefined) push(index.groups, WORKLOADS, i);
  });
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
  return (namespace === undefined ? index.byKind.get(kind) : index.byKindAndNamespace.get(kind)?.get(namespace)) ?? NONE;
}

/** The objects of `group` (a kind, or {@link WORKLOADS}) in `namespace` (any when `undefined`), scanned. */
function scanGroup(all: readonly Manifest[], group: Group, namespace: string | undefined): readonly Manifest[] {
  if (group !== WORKLOADS) return objectsOfKind(all, group, namespace);
  return (namespace === undefined ? all : objectsInNamespace(all, namespace)).filter((m) => podSpecOf(m) !== undefined);
}

/** The objects of `group` in `namespace` filed by `keysOf` under one of `keys` (or under "any"), in the set's order. */
function candidates(all: readonly Manifest[], group: Group, namespace: string | undefined, keysOf: KeysOf, keys: readonly string[]): readonly Manifest[] {
  const index = INDEXES.get(all);
  if (!index) return scanGroup(all, group, namespace);
  const filed = keyed(all, index, group, keysOf);
  const byKey = namespace === undefined ? filed.anyNamespace : filed.byNamespace.get(namespace);
  const lists = [ANY, ...new Set(keys)].flatMap((k) => {
    const list = byKey?.get(k);
    return list ? [list] : [];
  });
  if (lists.length === 0) return NONE;
  if (lists.length === 1) return lists[0].map((i) => all[i]);
  // An object filed under several of the keys is one candidate; positions keep the set's order (and its repeats).
  const merged = lists.flat().sort((a, b) => a - b);
  return merged.filter((p, i) => i === 0 || p !== merged[i - 1]).map((i) => all[i]);
}

/** The index of `group` by `keysOf`, built on first use. */
function keyed(all: readonly Manifest[], index: SetIndex, group: Group, keysOf: KeysOf): Keyed {
  let groups = index.keyed.get(keysOf);
  if (!groups) index.keyed.set(keysOf, groups = new Map());
  const built = groups.get(group);
  if (built) return built;
  const byKey: Keyed = { byNamespace: new Map(), anyNamespace: new Map() };
  groups.set(group, byKey);
  for (const i of index.groups.get(group) ?? []) {
    let keys: readonly string[] | undefined;
    try {
      keys = keysOf(all[i], all);
    } catch {
      keys = undefined; // a field of an unexpected shape: the exact test decides, as a scan would
    }
    const ns = namespaceOf(all[i]);
    let inNamespace = byKey.byNamespace.get(ns);
    if (!inNamespace) byKey.byNamespace.set(ns, inNamespace = new Map());
    for (const key of new Set(keys ?? [ANY])) {
      push(inNamespace, key, i);
      push(byKey.anyNamespace, key, i);
    }
  }
  return byKey;
}

/** `key=value` of a label or a selector's pair, when the value is a string (the only kind a label has). */
function pairKey(key: string, value: unknown): string | undefined {
  return typeof value === 'string' ? `${key}\u0000${value}` : undefined;
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Candidates among the objects of `kind` in `namespace` that `keysOf` files under one of `keys`: every object whose
 * keys include one of them, and every one for which `keysOf` gives `undefined`, in the set's order. `keysOf` must be
 * a function kept for the run (the index is built per function). Filter the candidates with the exact test.
 */
export function objectsByKeys(all: readonly Manifest[], kind: string, namespace: string, keysOf: KeysOf, keys: readonly string[]): readonly Manifest[] {
  return candidates(all, kind, namespace, keysOf, keys);
}

/** An object by kind, namespace (any when `undefined`) and name: the first in the set's order. */
export function objectNamed(all: readonly Manifest[], kind: unknown, namespace: string | undefined, name: unknown): Manifest | undefined {
  if (typeof kind !== 'string') return undefined;
  const key = typeof name === 'string' ? [name] : [];
  return candidates(all, kind, namespace, NAME, key).find((m) => m.metadata?.name === name);
}

const NAME: KeysOf = (m) => (typeof m.metadata?.name === 'string' ? [m.metadata.name] : undefined);

const HPA_TARGET: KeysOf = (h) => {
  const ref = h.spec?.scaleTargetRef;
  return typeof ref?.kind === 'string' && typeof ref?.name === 'string' ? [`${ref.kind}\u0000${ref.name}`] : undefined;
};

/** The HorizontalPodAutoscalers in `all` that target `m`. */
export function hpasTargeting(m: Manifest, all: readonly Manifest[]): Manifest[] {
  const name = m.metadata?.name;
  const key = typeof name === 'string' ? [`${m.kind}\u0000${name}`] : [];
  return candidates(all, 'HorizontalPodAutoscaler', namespaceOf(m), HPA_TARGET, key)
    .filter((h) => h.spec?.scaleTargetRef?.kind === m.kind && h.spec?.scaleTargetRef?.name === name);
}

/** The workload an HPA targets, if it is among `all`. */
export function hpaTarget(hpa: Manifest, all: readonly Manifest[]): Manifest | undefined {
  const ref = hpa.spec?.scaleTargetRef;
  return objectNamed(all, ref?.kind, namespaceOf(hpa), ref?.name);
}

/** The most pods a workload can run: the HPA maximum if one targets it, else `spec.replicas` (default 1). */
export function maxPods(m: Manifest, all: readonly Manifest[]): number {
  const hpas = hpasTargeting(m, all);
  if (hpas.length > 0) return hpas.reduce((max, h) => Math.max(max, h.spec?.maxReplicas ?? 1), -Infinity);
  if (m.kind === 'Deployment' || m.kind === 'StatefulSet' || m.kind === 'ReplicaSet') return m.spec?.replicas ?? 1;
  return 1;
}

/**
 * The `key=value` pairs of a selector (a `matchLabels` selector, or a plain map as a Service's) that have a string
 * value: every pod it matches carries each of them (see selectorMatches in workloads.ts). `undefined` when none.
 */
function selectorPairs(selector: unknown): string[] | undefined {
  if (!isPlainObject(selector)) return undefined;
  const matchLabels = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  if (!isPlainObject(matchLabels)) return undefined;
  const pairs = Object.entries(matchLabels).flatMap(([k, v]) => pairKey(k, v) ?? []);
  return pairs.length > 0 ? pairs : undefined;
}

/** Of `pairs`, the one the fewest workloads of `namespace` carry (the set must be indexed). */
function rarestPair(all: readonly Manifest[], namespace: string, pairs: readonly string[]): string {
  const byLabel = keyed(all, INDEXES.get(all)!, WORKLOADS, POD_LABELS).byNamespace.get(namespace);
  let rarest = pairs[0];
  let fewest = Infinity;
  for (const pair of pairs) {
    const n = byLabel?.get(pair)?.length ?? 0;
    if (n < fewest) [rarest, fewest] = [pair, n];
  }
  return rarest;
}

/** One {@link KeysOf} per selector reader, so that each index is built once. */
const BY_SELECTOR = new WeakMap<(m: Manifest) => unknown, KeysOf>();

/**
 * Candidates among the objects of `kind` in `namespace` whose selector (read by `selectorOf`, a function kept for
 * the run: the index is built per function) may match `labels`: every one that does, in the set's order. Filter
 * them with the exact test.
 */
export function objectsSelecting(all: readonly Manifest[], kind: string, namespace: string, labels: unknown, selectorOf: (m: Manifest) => unknown): readonly Manifest[] {
  if (!isPlainObject(labels)) return objectsOfKind(all, kind, namespace);
  let keysOf = BY_SELECTOR.get(selectorOf);
  if (!keysOf) {
    keysOf = (m, set) => {
      const pairs = selectorPairs(selectorOf(m));
      return pairs && [rarestPair(set, namespaceOf(m), pairs)];
    };
    BY_SELECTOR.set(selectorOf, keysOf);
  }
  const keys = Object.entries(labels).flatMap(([k, v]) => pairKey(k, v) ?? []);
  return candidates(all, kind, namespace, keysOf, keys);
}

const POD_LABELS: KeysOf = (w) => {
  const labels = podLabelsOf(w);
  return isPlainObject(labels) ? Object.entries(labels).flatMap(([k, v]) => pairKey(k, v) ?? []) : undefined;
};

/** Files every object under "any": the whole group, by namespace. */
const NO_KEYS: KeysOf = () => undefined;

/** The workloads (objects with a pod template) of `all` in `namespace`, in the order of `all`. */
export function workloadsIn(all: readonly Manifest[], namespace: string): readonly Manifest[] {
  return candidates(all, WORKLOADS, namespace, NO_KEYS, []);
}

/**
 * Candidates among the workloads of `namespace` whose pod labels `selector` may match: every one it does match, in
 * the set's order. Filter them with the exact test.
 */
export function workloadsSelectable(all: readonly Manifest[], namespace: string, selector: unknown): readonly Manifest[] {
  const pairs = selectorPairs(selector);
  if (!pairs || !INDEXES.has(all)) return workloadsIn(all, namespace);
  return candidates(all, WORKLOADS, namespace, POD_LABELS, [rarestPair(all, namespace, pairs)]);
}
