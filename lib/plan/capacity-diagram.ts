/**
 * An environment drawn as a Mermaid flowchart: DNS → IP → Ingress → Service → pods ← HPA, the steps before the pods,
 * nodes and identities. An operator reads it faster than a manifest.
 */

/** One API in a {@link DiagramInput}. */
export interface DiagramApi {
  /** The API's name (its Deployment's). */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /**
   * The public host name.
   * @default - none: no Ingress is drawn unless `tlsMode` is given
   */
  readonly host?: string;
  /**
   * The reserved global static IP's name.
   * @default - none drawn
   */
  readonly staticIpName?: string;
  /**
   * Who terminates TLS: `gke-managed`, `cert-manager`, or any other text shown as is.
   * @default - none: no Ingress is drawn unless `host` is given
   */
  readonly tlsMode?: string;
  /** The Service's name. */
  readonly serviceName: string;
  /** The HPA's `minReplicas`. */
  readonly minReplicas: number;
  /** The HPA's `maxReplicas`. */
  readonly maxReplicas: number;
  /** The HPA's CPU utilisation target, in percent. */
  readonly targetCpu: number;
  /** Steps run by init containers in every pod, in order, e.g. `download model`. */
  readonly initSteps: readonly string[];
  /**
   * How migrations run once: a Job before the rollout, a Job the pods wait for, or an init container (with or
   * without a lock).
   * @default - no migrations
   */
  readonly migration?: 'job' | 'job-with-wait' | 'init-container' | 'locked-init-container';
  /** The Kubernetes service account the pods run as. */
  readonly kubernetesServiceAccount: string;
  /**
   * The Google service account the KSA is bound to through Workload Identity.
   * @default - none: no Workload Identity link is drawn
   */
  readonly googleServiceAccount?: string;
  /** The container image. */
  readonly image: string;
}

/** One environment to draw with {@link mermaidDiagram}. */
export interface DiagramInput {
  /** The environment's name. */
  readonly environment: string;
  /** The GKE cluster and its node pool. */
  readonly cluster: {
    /** The cluster's name. */
    readonly name: string;
    /** The node pool's machine type. */
    readonly machineType: string;
    /** The autoscaler's floor, per zone. */
    readonly minNodes: number;
    /** The autoscaler's ceiling, per zone. */
    readonly maxNodes: number;
    /**
     * Zones the pool spans (3 for a regional cluster).
     * @default 1
     */
    readonly zones?: number;
  };
  /**
   * The registry the images come from, e.g. `europe-west2-docker.pkg.dev/my-project/apis`.
   * @default - none: each API's image is drawn on its own
   */
  readonly registry?: string;
  /** The APIs. */
  readonly apis: readonly DiagramApi[];
}

const TLS_LABELS: Readonly<Record<string, string>> = {
  'gke-managed': 'Google-managed certificate',
  'cert-manager': "cert-manager, Let's Encrypt",
};

const MIGRATION_LABELS: Readonly<Record<NonNullable<DiagramApi['migration']>, string>> = {
  'job': 'migration Job\nonce, before the rollout',
  'job-with-wait': 'migration Job\nonce per release',
  'init-container': 'migration init container\nevery pod, no lock',
  'locked-init-container': 'migration init container\nevery pod, under a lock',
};

/**
 * A Mermaid `flowchart` of one or more environments: DNS host → static IP → Ingress (TLS) → Service → pods, the HPA
 * that scales them, the init steps and migration that run before them, the node pool they run on, their identity
 * (KSA → GSA through Workload Identity), and the registry their image comes from. Same input, same text.
 */
export function mermaidDiagram(input: DiagramInput | readonly DiagramInput[]): string {
  const environments: readonly DiagramInput[] = isDiagramList(input) ? input : [input];
  const ids = new MermaidIds();
  const lines = ['flowchart LR'];
  for (const env of environments) lines.push(...environmentLines(env, ids));
  return lines.join('\n') + '\n';
}

function isDiagramList(input: DiagramInput | readonly DiagramInput[]): input is readonly DiagramInput[] {
  return Array.isArray(input);
}

/** Mermaid node ids: letters, digits and `_` only, never a keyword (`end`), unique within one diagram. */
class MermaidIds {
  private readonly used = new Set<string>();

  public make(...parts: string[]): string {
    const base = 'n_' + parts.map((p) => p.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')).join('__');
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    return id;
  }
}

/** A quoted Mermaid label: user text escaped, `\n` as a line break. */
function label(text: string): string {
  const escaped = text
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\n/g, '<br/>');
  return `"${escaped}"`;
}

/** A quoted Mermaid label of several lines. */
function labelLines(...textLines: string[]): string {
  return label(textLines.join('\n'));
}

function environmentLines(env: DiagramInput, ids: MermaidIds): string[] {
  const envId = ids.make(env.environment);
  const zones = env.cluster.zones ?? 1;
  const nodes = (perZone: number): number => perZone * zones;
  const nodeRange = env.cluster.minNodes === env.cluster.maxNodes
    ? `${nodes(env.cluster.minNodes)}`
    : `${nodes(env.cluster.minNodes)}–${nodes(env.cluster.maxNodes)}`;
  const poolId = ids.make(env.environment, 'node_pool');
  const registryId = env.registry !== undefined ? ids.make(env.environment, 'registry') : undefined;
  const out: string[] = [];
  const edges: string[] = [];
  out.push(`  subgraph ${envId}[${label(`Environment ${env.environment}`)}]`);
  out.push('    direction LR');
  if (registryId) out.push(`    ${registryId}[(${labelLines('Registry', env.registry!)})]`);
  const zonesText = zones === 1 ? 'zonal' : `${zones} zones`;
  out.push(
    `    ${poolId}[[${labelLines(`GKE ${env.cluster.name}`, `node pool ${env.cluster.machineType} × ${nodeRange} nodes (${zonesText})`)}]]`,
  );

  for (const api of env.apis) apiLines(env, api, ids, { poolId, registryId }, out, edges);
  out.push('  end');
  return [...out, ...edges];
}

/** One API's subgraph (into `out`) and its edges (into `edges`): the request path, the steps, the identity, the image. */
function apiLines(env: DiagramInput, api: DiagramApi, ids: MermaidIds, at: { poolId: string; registryId?: string }, out: string[], edges: string[]): void {
  const { poolId, registryId } = at;
  const id = (part: string): string => ids.make(env.environment, api.name, part);
  const apiGroup = id('api');
  const pods = id('pods');
  out.push(`    subgraph ${apiGroup}[${label(`${api.name} (namespace ${api.namespace})`)}]`);
  out.push('      direction LR');

  // The request path, outside in.
  const path: string[] = [];
  const hasIngress = api.host !== undefined || api.tlsMode !== undefined;
  if (api.host !== undefined) {
    const host = id('host');
    out.push(`      ${host}([${labelLines('DNS', api.host)}])`);
    path.push(host);
  }
  if (api.staticIpName !== undefined) {
    const ip = id('static_ip');
    out.push(`      ${ip}[/${labelLines('static IP', api.staticIpName)}/]`);
    path.push(ip);
  }
  if (hasIngress) {
    const ingress = id('ingress');
    const tls = api.tlsMode === undefined ? 'no TLS' : `TLS: ${TLS_LABELS[api.tlsMode] ?? api.tlsMode}`;
    out.push(`      ${ingress}{{${labelLines('Ingress', tls)}}}`);
    path.push(ingress);
  }
  const service = id('service');
  out.push(`      ${service}[${labelLines('Service', api.serviceName)}]`);
  path.push(service);
  const replicas = api.minReplicas === api.maxReplicas
    ? `${api.minReplicas} ${api.minReplicas === 1 ? 'pod' : 'pods'}`
    : `${api.minReplicas}–${api.maxReplicas} pods`;
  out.push(`      ${pods}[${labelLines(`Deployment ${api.name}`, replicas)}]`);
  path.push(pods);
  for (let i = 1; i < path.length; i++) edges.push(`  ${path[i - 1]} --> ${path[i]}`);

  const hpa = id('hpa');
  out.push(`      ${hpa}[${labelLines('HPA', `${replicas}, target ${api.targetCpu}% CPU`)}]`);
  edges.push(`  ${hpa} -.->|${label('scales')}| ${pods}`);

  // What runs before the app containers: in every pod (init containers), or once (the migration Job).
  const beforePods: string[] = [];
  if (api.migration !== undefined) {
    const migration = id('migration');
    out.push(`      ${migration}[${label(MIGRATION_LABELS[api.migration])}]`);
    if (api.migration === 'job') edges.push(`  ${migration} -->|${label('completes before')}| ${pods}`);
    else if (api.migration === 'job-with-wait') edges.push(`  ${pods} -.->|${label('each pod waits for')}| ${migration}`);
    else beforePods.push(migration);
  }
  api.initSteps.forEach((step, index) => {
    const init = id(`init_${index + 1}`);
    out.push(`      ${init}[${labelLines(`init ${index + 1}`, step)}]`);
    beforePods.push(init);
  });
  for (let i = 1; i < beforePods.length; i++) edges.push(`  ${beforePods[i - 1]} --> ${beforePods[i]}`);
  if (beforePods.length > 0) edges.push(`  ${beforePods[beforePods.length - 1]} -->|${label('then')}| ${pods}`);

  // Identity: the pods' KSA, bound to a GSA through Workload Identity.
  const ksa = id('ksa');
  out.push(`      ${ksa}[${labelLines('KSA', `${api.namespace}/${api.kubernetesServiceAccount}`)}]`);
  edges.push(`  ${pods} -.->|${label('runs as')}| ${ksa}`);
  if (api.googleServiceAccount !== undefined) {
    const gsa = id('gsa');
    out.push(`      ${gsa}[${labelLines('GSA', api.googleServiceAccount)}]`);
    edges.push(`  ${ksa} -->|${label('Workload Identity')}| ${gsa}`);
  }
  out.push('    end');

  // An image from elsewhere (Docker Hub...) is drawn on its own rather than under the environment's registry.
  const registryPrefix = `${env.registry}/`;
  if (registryId && api.image.startsWith(registryPrefix)) {
    edges.push(`  ${registryId} -->|${label(api.image.slice(registryPrefix.length))}| ${pods}`);
  } else {
    const image = id('image');
    out.push(`    ${image}[(${labelLines('image', api.image)})]`);
    edges.push(`  ${image} --> ${pods}`);
  }
  edges.push(`  ${pods} -->|${label('runs on')}| ${poolId}`);
}
