import { CapacityApi, CapacityInput, planCapacity, podRequest } from '../../lib/plan/capacity';
import { DiagramInput, mermaidDiagram } from '../../lib/plan/capacity-diagram';
import { formatCapacityTable } from '../../lib/plan/capacity-table';
import { isConfigError } from '../../lib/plan/errors';
import { MACHINE_TYPES } from '../../lib/plan/machine-types';
import { ResourceValues } from '../../lib/plan/resources';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** One e2-standard-2 node leaves 1930m - 447m of system pods, and 6,552,341,708 - 608 MiB bytes, to workloads. */
const NODE_CPU = 1483;
const NODE_MEMORY = 6552341708 - 608 * MIB; // 5,914,807,500 bytes, about 5.51 GiB

function container(cpuMillis: number, memoryBytes: number): ResourceValues {
  return {
    cpuRequestMillis: cpuMillis,
    cpuLimitMillis: cpuMillis * 2,
    memoryRequestBytes: memoryBytes,
    memoryLimitBytes: memoryBytes,
    storageRequestBytes: 64 * MIB,
    storageLimitBytes: 256 * MIB,
  };
}

function input(
  apis: CapacityApi[],
  pool: Partial<CapacityInput['nodePool']> = {},
): CapacityInput {
  return {
    environment: 'production',
    nodePool: { machineType: 'e2-standard-2', shape: MACHINE_TYPES['e2-standard-2'], minNodes: 1, maxNodes: 3, zones: 1, ...pool },
    apis,
  };
}

function api(minReplicas: number, maxReplicas: number, cpuMillis: number, memoryBytes: number, name = 'kf-api'): CapacityApi {
  return { name, minReplicas, maxReplicas, pod: { cpuMillis, memoryBytes } };
}

describe('podRequest: max(largest init container, sum of app containers), per resource', () => {
  test('an init container of 1000m with an app of 250m gives a 1000m pod', () => {
    expect(podRequest({ app: [container(250, 256 * MIB)], init: [container(1000, 512 * MIB)] })).toEqual({
      cpuMillis: 1000,
      memoryBytes: 512 * MIB,
    });
  });

  test('app containers add up; init containers do not (they run one at a time)', () => {
    expect(podRequest({
      app: [container(250, 256 * MIB), container(100, 64 * MIB)],
      init: [container(200, 128 * MIB), container(300, 100 * MIB)],
    })).toEqual({ cpuMillis: 350, memoryBytes: 320 * MIB });
  });

  test('each resource takes its own maximum', () => {
    expect(podRequest({ app: [container(250, 1 * GIB)], init: [container(500, 64 * MIB)] })).toEqual({
      cpuMillis: 500,
      memoryBytes: 1 * GIB,
    });
  });

  test('no init containers', () => {
    expect(podRequest({ app: [container(250, 256 * MIB)], init: [] })).toEqual({ cpuMillis: 250, memoryBytes: 256 * MIB });
  });
});

describe('planCapacity', () => {
  test("the issue's case: cdk8s-plus's 1000m/512Mi init-container default makes 10 replicas need 10 CPU on 3 × e2-standard-2", () => {
    const pod = podRequest({ app: [container(250, 256 * MIB)], init: [container(1000, 512 * MIB)] });
    const report = planCapacity(input([{ name: 'kf-api', minReplicas: 2, maxReplicas: 10, pod }], { minNodes: 1, maxNodes: 3 }));
    expect(report.errors).toEqual([
      'kf-api at 10 replicas needs 10 × 1000m = 10 CPU; node pool max 3 × e2-standard-2 holds 4.45 CPU: ' +
        "lower 'maxReplicas' or the pod's CPU request, or raise the pool's maxNodes or machine type",
    ]);
    expect(report.requested.atMax).toEqual({ cpuMillis: 10000, memoryBytes: 5 * GIB });
    expect(report.nodePool.atMax).toEqual({ count: 3, cpuMillis: 3 * NODE_CPU, memoryBytes: 3 * NODE_MEMORY });
  });

  test('the reference-like case fits: 250m/256Mi, 2–10 replicas, e2-standard-2 × 3–6 zonal', () => {
    const report = planCapacity(input([api(2, 10, 250, 256 * MIB)], { minNodes: 3, maxNodes: 6 }));
    expect(report.errors).toEqual([]);
    expect(report.apis).toEqual([{
      name: 'kf-api',
      pod: { cpuMillis: 250, memoryBytes: 256 * MIB },
      atMin: { count: 2, cpuMillis: 500, memoryBytes: 512 * MIB },
      atMax: { count: 10, cpuMillis: 2500, memoryBytes: 2560 * MIB },
    }]);
    expect(report.nodePool.atMin).toEqual({ count: 3, cpuMillis: 3 * NODE_CPU, memoryBytes: 3 * NODE_MEMORY });
    expect(report.nodePool.atMax).toEqual({ count: 6, cpuMillis: 6 * NODE_CPU, memoryBytes: 6 * NODE_MEMORY });
    // 500 / 4449 = 11.2%; 512 MiB / 16.53 GiB = 3.0%; 2500 / 8898 = 28.1%; 2.5 GiB / 33.05 GiB = 7.6%
    expect(report.utilisation).toEqual({
      atMin: { cpuPercent: 11.2, memoryPercent: 3 },
      atMax: { cpuPercent: 28.1, memoryPercent: 7.6 },
    });
  });

  test('report keys come in a stable order', () => {
    const report = planCapacity(input([api(2, 10, 250, 256 * MIB)]));
    expect(Object.keys(report)).toEqual(['environment', 'nodePool', 'apis', 'requested', 'utilisation', 'errors', 'warnings']);
    expect(Object.keys(report.nodePool)).toEqual(
      ['machineType', 'shape', 'zones', 'minNodesPerZone', 'maxNodesPerZone', 'perNode', 'atMin', 'atMax'],
    );
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  test('one node breakdown: e2-standard-2', () => {
    const { perNode } = planCapacity(input([api(1, 1, 100, 100 * MIB)])).nodePool;
    expect(perNode.capacity).toEqual({ cpuMillis: 2000, memoryBytes: 8 * GIB });
    expect(perNode.allocatable).toEqual({ cpuMillis: 1930, memoryBytes: 6552341708 });
    expect(perNode.systemPods).toEqual({ cpuMillis: 447, memoryBytes: 608 * MIB });
    expect(perNode.available).toEqual({ cpuMillis: NODE_CPU, memoryBytes: NODE_MEMORY });
  });

  describe('the 50–90% band at the HPA minimums on the minimum nodes', () => {
    test('below on both CPU and memory: warns with the figures', () => {
      const report = planCapacity(input([api(2, 10, 250, 256 * MIB)], { minNodes: 3, maxNodes: 6 }));
      expect(report.warnings).toEqual([
        'utilisation at the HPA minimums on the minimum 3 × e2-standard-2 is CPU 11.2% (500m CPU of 4.45 CPU) and memory 3% ' +
          '(512 MiB of 16.53 GiB): below the 50–90% band on both; the nodes mostly idle, so lower minNodes, use a smaller ' +
          'machine type, or raise the HPA minimum',
      ]);
    });

    test('a CPU-bound API leaves memory idle: no warning while CPU is inside the band', () => {
      // 2 × 400m = 800m of 1483m = 53.9%; memory 2 × 256Mi of 5.51 GiB = 9%
      const report = planCapacity(input([api(2, 2, 400, 256 * MIB)], { minNodes: 1, maxNodes: 1 }));
      expect(report.warnings).toEqual([]);
    });

    test('above: warns with the figure', () => {
      // 2 × 700m = 1400m of 1483m = 94.4%; 2 × 2200Mi = 4400 MiB of 5.51 GiB = 78% (inside)
      const report = planCapacity(input([api(2, 2, 700, 2200 * MIB)], { minNodes: 1, maxNodes: 1 }));
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([
        'utilisation at the HPA minimums on the minimum 1 × e2-standard-2 is CPU 94.4% (1.4 CPU of 1.48 CPU): ' +
          'above the 50–90% band; no headroom for a rolling update or a burst before the autoscalers react, ' +
          'so raise minNodes or use a larger machine type',
      ]);
    });

    test('inside: no warning', () => {
      // 2 × 500m = 1000m of 1483m = 67.4%; 2 × 2Gi = 4 GiB of 5.51 GiB = 72.6%
      const report = planCapacity(input([api(2, 2, 500, 2 * GIB)], { minNodes: 1, maxNodes: 1 }));
      expect(report.utilisation.atMin).toEqual({ cpuPercent: 67.4, memoryPercent: 72.6 });
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([]);
    });

    test('a pool that scales from zero has no utilisation at the minimum, and no band warning', () => {
      const report = planCapacity(input([api(2, 2, 500, 2 * GIB)], { minNodes: 0, maxNodes: 1 }));
      expect(report.utilisation.atMin).toEqual({ cpuPercent: null, memoryPercent: null });
      expect(report.warnings).toEqual([]);
    });
  });

  test('a regional pool counts 3 zones', () => {
    const regional = planCapacity(input([api(2, 3, 1000, 512 * MIB)], { minNodes: 1, maxNodes: 1, zones: 3 }));
    expect(regional.nodePool.atMax).toEqual({ count: 3, cpuMillis: 3 * NODE_CPU, memoryBytes: 3 * NODE_MEMORY });
    expect(regional.errors).toEqual([]);

    const tooMany = planCapacity(input([api(2, 10, 1000, 512 * MIB)], { minNodes: 1, maxNodes: 2, zones: 3 }));
    expect(tooMany.errors).toEqual([
      'kf-api at 10 replicas needs 10 × 1000m = 10 CPU; node pool max 6 × e2-standard-2 (2 per zone × 3 zones) holds 8.9 CPU: ' +
        "lower 'maxReplicas' or the pod's CPU request, or raise the pool's maxNodes or machine type",
    ]);
  });

  test('several APIs add up, and memory is checked too', () => {
    const report = planCapacity(input(
      [api(1, 4, 250, 4 * GIB, 'kf-api'), api(1, 2, 100, 2 * GIB, 'worker')],
      { minNodes: 1, maxNodes: 3 },
    ));
    // 16 GiB + 4 GiB = 20 GiB against 3 × 5.51 GiB = 16.53 GiB
    expect(report.errors).toEqual([
      'kf-api at 4 replicas needs 4 × 4Gi = 16 GiB, worker at 2 replicas needs 2 × 2Gi = 4 GiB, 20 GiB in all; ' +
        'node pool max 3 × e2-standard-2 holds 16.53 GiB: ' +
        "lower 'maxReplicas' or the pod's memory request, or raise the pool's maxNodes or machine type",
    ]);
  });

  test('a pod that fits on no node is an error', () => {
    const report = planCapacity(input([api(1, 1, 2000, 7 * GIB)], { minNodes: 1, maxNodes: 3 }));
    expect(report.errors).toEqual([
      'kf-api: one pod requests 2000m CPU, more than the 1.48 CPU one e2-standard-2 node leaves to workloads ' +
        "(1.93 CPU allocatable - 447m CPU for GKE's system pods); lower the pod's CPU request (init containers included) " +
        'or choose a larger machine type',
      'kf-api: one pod requests 7Gi of memory, more than the 5.51 GiB one e2-standard-2 node leaves to workloads ' +
        "(6.1 GiB allocatable - 608 MiB for GKE's system pods); lower the pod's memory request (init containers included) " +
        'or choose a larger machine type',
    ]);
  });

  test('pods that fit in total but not node by node get a warning', () => {
    // 4 × 1000m = 4 CPU < 4.45 CPU, but a 1483m node holds one 1000m pod
    const report = planCapacity(input([api(4, 4, 1000, 256 * MIB)], { minNodes: 3, maxNodes: 3 }));
    expect(report.errors).toEqual([]);
    expect(report.warnings[0]).toBe(
      'kf-api: only 3 of its 4 pods at the HPA maximum fit node by node on 3 × e2-standard-2, though the totals fit: ' +
        'each node leaves 1.48 CPU and 5.51 GiB to workloads, and a pod requests 1000m and 256Mi; ' +
        'size pods to divide a node evenly, or choose a larger machine type',
    );
  });

  test('a different system-pods figure can be given', () => {
    const report = planCapacity(input([api(1, 1, 100, 100 * MIB)], { systemPods: { cpuMillis: 0, memoryBytes: 0 } }));
    expect(report.nodePool.perNode.available).toEqual({ cpuMillis: 1930, memoryBytes: 6552341708 });
  });

  test.each<[string, Partial<CapacityInput['nodePool']>, CapacityApi[], string]>([
    ['min nodes above max', { minNodes: 3, maxNodes: 1 }, [api(1, 2, 100, MIB)],
      "Environment 'production': 'nodePool.maxNodes' (1) must be at least 'nodePool.minNodes' (3)"],
    ['no zones', { zones: 0 }, [api(1, 2, 100, MIB)], "Environment 'production': 'nodePool.zones' (0) must be at least 1"],
    ['fractional nodes', { maxNodes: 2.5 }, [api(1, 2, 100, MIB)], "Environment 'production': 'nodePool.maxNodes' (2.5) must be a whole number"],
    ['an empty shape', { shape: { vcpus: 0, memoryGib: 8 } }, [api(1, 2, 100, MIB)],
      `Environment 'production': 'nodePool.shape' ({"vcpus":0,"memoryGib":8}) must have more than 0 vcpus and memoryGib`],
    ['min replicas above max', {}, [api(3, 2, 100, MIB)],
      "Environment 'production': 'apis[kf-api].maxReplicas' (2) must be at least 'apis[kf-api].minReplicas' (3)"],
    ['a negative request', {}, [api(1, 2, -1, MIB)],
      `Environment 'production': 'apis[kf-api].pod' ({"cpuMillis":-1,"memoryBytes":1048576}) must request 0 or more CPU and memory`],
  ])('%s is a ConfigError', (_, pool, apis, message) => {
    let thrown: unknown;
    try {
      planCapacity(input(apis, pool));
    } catch (err) {
      thrown = err;
    }
    expect(isConfigError(thrown)).toBe(true);
    expect((thrown as Error).message).toBe(message);
  });
});

describe('formatCapacityTable', () => {
  const failing = planCapacity(input([api(2, 10, 1000, 512 * MIB)], { minNodes: 1, maxNodes: 3 }));
  const fitting = { ...planCapacity(input([api(2, 2, 500, 2 * GIB)], { minNodes: 1, maxNodes: 1 })), environment: 'staging' };

  test('one environment: header, per-node line, APIs, node pool, utilisation, then errors and warnings', () => {
    const text = formatCapacityTable(failing);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Environment production: node pool e2-standard-2 (2 vCPU, 8 GiB), zonal, 1–3 nodes per zone');
    expect(lines[1]).toBe(
      '  One node: 2 CPU / 8 GiB - GKE reserved 70m CPU / 1.9 GiB - system pods 447m CPU / 608 MiB = 1.48 CPU / 5.51 GiB for workloads',
    );
    expect(text).toMatch(/^ {2}API +Pod request +Replicas +CPU at min +CPU at max +Memory at min +Memory at max$/m);
    expect(text).toMatch(/^ {2}kf-api +1000m \/ 512Mi +2–10 +2 CPU +10 CPU +1 GiB +5 GiB$/m);
    expect(text).toMatch(/^ {2}at maximum +3 +4\.45 CPU +16\.53 GiB$/m);
    expect(text).toMatch(/^ {2}HPA minimums on minimum nodes +134\.9% +18\.2%$/m);
    expect(text).toContain('  ERROR    kf-api at 10 replicas needs 10 × 1000m = 10 CPU; node pool max 3 × e2-standard-2 holds 4.45 CPU');
    expect(text).toContain('  WARNING  utilisation at the HPA minimums on the minimum 1 × e2-standard-2 is CPU 134.9%');
    expect(text.indexOf('ERROR')).toBeLessThan(text.indexOf('WARNING'));
  });

  test('several environments, and an all-clear line when nothing is wrong', () => {
    const text = formatCapacityTable([failing, fitting]);
    expect(text.indexOf('Environment production')).toBeLessThan(text.indexOf('Environment staging'));
    expect(text.trimEnd().endsWith('OK: fits, with utilisation in the 50–90% band')).toBe(true);
  });
});

describe('mermaidDiagram', () => {
  const production: DiagramInput = {
    environment: 'production',
    cluster: { name: 'main', machineType: 'e2-standard-2', minNodes: 1, maxNodes: 2, zones: 3 },
    registry: 'europe-west2-docker.pkg.dev/kf-prod/apis',
    apis: [{
      name: 'kf-api',
      namespace: 'kf',
      host: 'api.example.com',
      staticIpName: 'kf-api-ip',
      tlsMode: 'gke-managed',
      serviceName: 'kf-api',
      minReplicas: 2,
      maxReplicas: 10,
      targetCpu: 50,
      initSteps: ['download model'],
      migration: 'job',
      kubernetesServiceAccount: 'kf-api',
      googleServiceAccount: 'kf-api@kf-prod.iam.gserviceaccount.com',
      image: 'europe-west2-docker.pkg.dev/kf-prod/apis/kf-api:1.4.2',
    }],
  };

  test('snapshot of the reference environment', () => {
    expect(mermaidDiagram(production)).toMatchSnapshot();
  });

  test('a flowchart with the host, the static IP, the TLS mode, the HPA target, the identity and the registry', () => {
    const text = mermaidDiagram(production);
    expect(text.startsWith('flowchart')).toBe(true);
    expect(text).toContain('"DNS<br/>api.example.com"');
    expect(text).toContain('"static IP<br/>kf-api-ip"');
    expect(text).toContain('"Ingress<br/>TLS: Google-managed certificate"');
    expect(text).toContain('target 50% CPU');
    expect(text).toContain('"GSA<br/>kf-api@kf-prod.iam.gserviceaccount.com"');
    expect(text).toContain('|"Workload Identity"|');
    expect(text).toContain('"Registry<br/>europe-west2-docker.pkg.dev/kf-prod/apis"');
    expect(text).toContain('node pool e2-standard-2 × 3–6 nodes (3 zones)');
    expect(text).toContain('"Deployment kf-api<br/>2–10 pods"');
    expect(text).toContain('"migration Job<br/>once, before the rollout"');
    expect(text).toContain('n_production__registry -->|"kf-api:1.4.2"| n_production__kf_api__pods');
  });

  test('an image from another registry is drawn on its own', () => {
    const text = mermaidDiagram({ ...production, apis: [{ ...production.apis[0], image: 'python:3.12' }] });
    expect(text).toContain('n_production__kf_api__image[("image<br/>python:3.12")]');
    expect(text).toContain('n_production__kf_api__image --> n_production__kf_api__pods');
    expect(text).not.toContain('n_production__registry -->');
  });

  test('the request path runs host → static IP → Ingress → Service → pods, and init steps come before the pods', () => {
    const text = mermaidDiagram(production);
    const p = 'n_production__kf_api__';
    expect(text).toContain(`  ${p}host --> ${p}static_ip\n  ${p}static_ip --> ${p}ingress\n  ${p}ingress --> ${p}service\n  ${p}service --> ${p}pods\n`);
    expect(text).toContain(`  ${p}hpa -.->|"scales"| ${p}pods`);
    expect(text).toContain(`  ${p}migration -->|"completes before"| ${p}pods`);
    expect(text).toContain(`  ${p}init_1 -->|"then"| ${p}pods`);
    expect(text).toContain(`  ${p}pods -->|"runs on"| n_production__node_pool`);
    expect(text).toContain(`  ${p}ksa -->|"Workload Identity"| ${p}gsa`);
  });

  test('a Job the pods wait for is drawn as what each pod waits for', () => {
    const text = mermaidDiagram({ ...production, apis: [{ ...production.apis[0], migration: 'job-with-wait' }] });
    const p = 'n_production__kf_api__';
    expect(text).toContain(`  ${p}pods -.->|"each pod waits for"| ${p}migration`);
    expect(text).toContain('"migration Job<br/>once per release"');
    expect(text).not.toContain('completes before');
  });

  test('an init-container migration runs before the other init steps, in every pod', () => {
    const text = mermaidDiagram({
      ...production,
      apis: [{ ...production.apis[0], migration: 'locked-init-container', initSteps: ['warm cache', 'check config'] }],
    });
    const p = 'n_production__kf_api__';
    expect(text).toContain(`  ${p}migration --> ${p}init_1\n  ${p}init_1 --> ${p}init_2\n  ${p}init_2 -->|"then"| ${p}pods`);
    expect(text).toContain('"migration init container<br/>every pod, under a lock"');
  });

  test('ids are valid and unique, labels escaped, and the output is deterministic', () => {
    const odd: DiagramInput = {
      environment: 'end',
      cluster: { name: 'c', machineType: 'e2-medium', minNodes: 1, maxNodes: 1 },
      apis: [
        { ...production.apis[0], name: 'a.b', host: undefined, staticIpName: undefined, tlsMode: undefined, migration: undefined, googleServiceAccount: undefined, initSteps: ['say "hi" <now>'] },
        { ...production.apis[0], name: 'a-b', host: undefined, staticIpName: undefined, tlsMode: undefined, migration: undefined, googleServiceAccount: undefined, initSteps: [] },
      ],
    };
    const text = mermaidDiagram(odd);
    expect(text).toBe(mermaidDiagram(odd));
    const ids = [...text.matchAll(/^\s*(?:subgraph )?(n_\w+)[[({]/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^n_[A-Za-z0-9_]+$/);
    expect(ids).toContain('n_end__a_b__pods');
    expect(ids).toContain('n_end__a_b__pods_2');
    expect(text).toContain('"init 1<br/>say #quot;hi#quot; #lt;now#gt;"');
    expect(text).not.toContain('Ingress');
    expect(text).not.toContain('GSA');
    expect(text).toContain('"image<br/>europe-west2-docker.pkg.dev/kf-prod/apis/kf-api:1.4.2"');
  });

  test('several environments in one chart', () => {
    const text = mermaidDiagram([production, { ...production, environment: 'staging' }]);
    expect(text.match(/^flowchart/gm)).toHaveLength(1);
    expect(text).toContain('subgraph n_production["Environment production"]');
    expect(text).toContain('subgraph n_staging["Environment staging"]');
  });
});
