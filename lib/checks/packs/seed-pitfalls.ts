/**
 * The mistakes the seeds tell of, each of which reached production: a server started in the background
 * (seed 003), migrations racing in N pods and 4 workers × 1 GB on a 3 GB machine (seed 000), an HPA over a
 * container with no CPU request, `replicas` beside the HPA, `autoscaling/v1` and a plaintext LoadBalancer (the seed
 * manifests of 001).
 */
import { MEMORY_PER_WORKER_ANNOTATION, MIGRATIONS_ANNOTATION } from '../../plan/annotations';
import { unpinnedImageProblem } from '../../plan/literals';
import { parseBytes, parseCpu } from '../../plan/quantity';
import { findBackgroundedServer, isNonExecShellForm, workerCount } from '../../plan/server-command';
import { defineRule } from '../define-rule';
import { Manifest, ManifestRule, Pack } from '../model';
import { hpaTarget, hpasTargeting, maxPods, objectsByKeys, objectsSelecting } from '../lookups';
import { ContainerScope, Obj, commandLine, eachContainer, namespaceOf, podLabelsOf, podSpecOf, selectorMatches } from '../workloads';

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
const MIGRATION_COMMAND = /\b(alembic\s+(-\S+\s+)*upgrade|manage\.py\s+migrate|flask\s+db\s+upgrade|prisma\s+migrate\s+deploy|yoyo\s+apply|aerich\s+upgrade|migrate\s+(up|-path))\b/;
const ASGI_SERVER = /(^|\/)(uvicorn|fastapi|gunicorn|hypercorn)$/;

/** The app containers of long-running workloads: they serve (init containers and Jobs run to completion). */
/** What a probe checks, as kube-score compares probes: `GET <path> on <port>`, `TCP port <port>`, `exec <command>`. */
function probeTarget(probe: Obj): string | undefined {
  // kube-score reads ports with IntValue(): a named port counts as 0.
  const port = (p: unknown) => (typeof p === 'number' ? p : /^\d+$/.test(String(p)) ? Number(p) : 0);
  if (probe.httpGet) return `GET ${probe.httpGet.path ?? ''} on port ${port(probe.httpGet.port)}`;
  if (probe.tcpSocket) return `TCP port ${port(probe.tcpSocket.port)}`;
  if (probe.exec) return `exec ${JSON.stringify(probe.exec.command ?? [])}`;
  return undefined;
}

const SERVING: ContainerScope = { scope: 'app', kinds: LONG_RUNNING };

/** The server program of a command: the first word, or the program a shell script runs. */
function serverWords(c: Obj): string[] {
  const line = commandLine(c);
  const script = line.length >= 3 && /(^|\/)(ba|da|a|z|k)?sh$/.test(line[0]) ? line[line.length - 1] : undefined;
  return script ? script.split(/\s+/).filter((w) => w && w !== 'exec') : line;
}

function isAsgiServer(c: Obj): boolean {
  const words = serverWords(c);
  return words.some((w) => ASGI_SERVER.test(w));
}

/** A Service's selector, and the Services an Ingress routes to, for the lookups (one function each). */
const SERVICE_SELECTOR = (s: Manifest): unknown => s.spec?.selector;
const INGRESS_SERVICES = (i: Manifest): string[] | undefined => {
  const names = ingressServiceNames(i);
  return names.every((n) => typeof n === 'string') ? names : undefined;
};

/** Is the workload's pod served by an Ingress (Ingress → Service → these pods)? */
function behindIngress(m: Manifest, all: readonly Manifest[]): boolean {
  const labels = podLabelsOf(m);
  const services = objectsSelecting(all, 'Service', namespaceOf(m), labels, SERVICE_SELECTOR).filter((s) => selectorMatches(s.spec?.selector, labels));
  const names = new Set(services.map((s) => s.metadata?.name));
  const keys = [...names].filter((n): n is string => typeof n === 'string');
  return objectsByKeys(all, 'Ingress', namespaceOf(m), INGRESS_SERVICES, keys).some((i) => ingressServiceNames(i).some((n) => names.has(n)));
}

function ingressServiceNames(ingress: Manifest): string[] {
  const backends: Obj[] = [ingress.spec?.defaultBackend, ...(ingress.spec?.rules ?? []).flatMap((r: Obj) => (r.http?.paths ?? []).map((p: Obj) => p.backend))];
  return backends.filter(Boolean).map((b) => b.service?.name ?? b.serviceName).filter(Boolean);
}

const RULES: ManifestRule[] = [
  defineRule.kubernetes({
    id: 'seed-backgrounded-server',
    level: 'error',
    summary: 'The server runs in the foreground as the container\'s main process',
    fix: 'Run the server last and in the foreground (`exec uvicorn ...`), or better in exec form without a shell; background only helper daemons.',
    source: 'seed 003 (CrashLoopBackOff); FastAPI docs: exec form',
    check: ({ manifest }) => eachContainer(manifest, SERVING, ({ container: c, label }) => {
      const problem = findBackgroundedServer(commandLine(c));
      return problem && `${label}: ${problem.reason} (${problem.fragment}). Kubernetes restarts a container whose main process ends, so the pod loops in CrashLoopBackOff`;
    }),
  }),
  defineRule.kubernetes({
    id: 'seed-non-exec-shell',
    level: 'warning',
    summary: 'A shell-form command execs the server, so that it receives SIGTERM',
    fix: 'Use exec form (`command: [uvicorn, ...]`), or end the script with `exec uvicorn ...`.',
    source: 'FastAPI docs (Docker: exec form); seed 000 "restarts"',
    check: ({ manifest }) => eachContainer(manifest, SERVING, ({ container: c, label }) => isNonExecShellForm(commandLine(c))
      ? `${label}: the shell stays PID 1 and does not pass SIGTERM on, so shutdown waits out the grace period and cuts requests`
      : undefined),
  }),
  defineRule.kubernetes({
    id: 'seed-migrations-race',
    level: 'error',
    summary: 'Migrations run once, not in every pod of a workload that can run several',
    fix: 'Run migrations once in a Job before the rollout (WebApi: MigrationStrategy.JOB, deployed with `cdk-fastapi-gke deploy` or Argo CD), or hold a database lock and annotate the workload `cdk-fastapi-gke.io/migrations: locked-init-container`.',
    source: 'seed 000 "previous steps"',
    check: ({ manifest, all }) => {
      if (!LONG_RUNNING.has(manifest.kind)) return [];
      const pods = maxPods(manifest, all);
      if (pods <= 1 || manifest.metadata?.annotations?.[MIGRATIONS_ANNOTATION] === 'locked-init-container') return [];
      return eachContainer(manifest, { scope: 'all' }, (c) => (MIGRATION_COMMAND.test(commandLine(c.container).join(' '))
        ? `${c.label} runs migrations (${commandLine(c.container).join(' ')}) in each of up to ${pods} pods: they race each other` : undefined));
    },
  }),
  defineRule.kubernetes({
    id: 'seed-workers-memory',
    level: 'error',
    summary: 'Workers × per-worker memory fits in the memory limit',
    fix: 'Lower --workers (and add replicas instead), or raise the memory limit to cover every worker.',
    source: 'seed 000 "memory" (4 workers × 1 GB on a 3 GB machine)',
    check: ({ manifest }) => eachContainer(manifest, SERVING, ({ container: c, label }) => {
      const workers = workerCount(commandLine(c));
      if (workers <= 1) return undefined;
      const limit = c.resources?.limits?.memory === undefined ? undefined : parseBytes(String(c.resources.limits.memory));
      if (limit === undefined) return `${label}: ${workers} workers and no memory limit; each worker holds its own copy of the app`;
      const per = manifest.metadata?.annotations?.[MEMORY_PER_WORKER_ANNOTATION];
      const perBytes = per === undefined ? undefined : parseBytes(per);
      if (perBytes !== undefined && workers * perBytes > limit) {
        return `${label}: ${workers} workers × ${per} is above the memory limit ${c.resources.limits.memory}`;
      }
      return undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'seed-hpa-without-cpu-request',
    level: 'error',
    summary: 'An HPA on CPU targets containers that request CPU',
    fix: 'Set resources.requests.cpu on every container of the target: utilization is measured as a share of the request.',
    source: 'seed 001 manifests ("You must specify requests for CPU to autoscale")',
    check: ({ manifest, all }) => {
      if (manifest.kind !== 'HorizontalPodAutoscaler') return [];
      const metrics: Obj[] = manifest.spec?.metrics ?? [];
      const onCpu = manifest.spec?.targetCPUUtilizationPercentage !== undefined
        || metrics.some((m) => (m.resource ?? m.containerResource)?.name === 'cpu');
      const target = hpaTarget(manifest, all);
      if (!onCpu || !target) return [];
      const containerMetric = metrics.find((m) => m.containerResource?.name === 'cpu')?.containerResource?.container;
      return eachContainer(target, { scope: 'app' }, (c) => ((containerMetric === undefined || c.container.name === containerMetric)
        && !(parseCpu(String(c.container.resources?.requests?.cpu ?? '0')) ?? 0)
        ? `scales ${target.kind} ${target.metadata?.name} on CPU, but its ${c.label} requests no CPU` : undefined));
    },
  }),
  defineRule.kubernetes({
    id: 'seed-replicas-beside-hpa',
    level: 'error',
    summary: 'A workload an HPA scales does not set spec.replicas',
    fix: 'Remove spec.replicas; set the minimum on the HPA (minReplicas >= 2).',
    source: 'seed 001 manifests; kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured',
    check: ({ manifest, all }) => manifest.spec?.replicas !== undefined && hpasTargeting(manifest, all).length > 0
      ? [`sets replicas: ${manifest.spec.replicas} beside an HPA, so every apply resets the HPA's decision`]
      : [],
  }),
  defineRule.kubernetes({
    id: 'seed-autoscaling-v1',
    level: 'warning',
    summary: 'HPAs use autoscaling/v2',
    fix: 'Use apiVersion autoscaling/v2 with a Resource cpu metric and a scale-down stabilization window.',
    source: 'seed 001 manifests (autoscale.yaml)',
    check: ({ manifest }) => manifest.kind === 'HorizontalPodAutoscaler' && manifest.apiVersion === 'autoscaling/v1'
      ? ['uses autoscaling/v1: CPU only, and no control over scaling speed or flapping'] : [],
  }),
  defineRule.kubernetes({
    id: 'seed-plaintext-ingress',
    level: 'error',
    summary: 'An Ingress serves HTTPS',
    fix: 'Add spec.tls (cert-manager) or a GKE ManagedCertificate (networking.gke.io/managed-certificates annotation).',
    source: 'seed 000 "security: HTTPS"',
    check: ({ manifest }) => {
      if (manifest.kind !== 'Ingress') return [];
      const a = manifest.metadata?.annotations ?? {};
      const tls = (manifest.spec?.tls ?? []).length > 0 || a['networking.gke.io/managed-certificates'] || a['ingress.gcp.kubernetes.io/pre-shared-cert'];
      return tls ? [] : ['has no TLS: clients reach the API over plain HTTP'];
    },
  }),
  defineRule.kubernetes({
    id: 'seed-plaintext-loadbalancer',
    level: 'error',
    summary: 'No public LoadBalancer Service serves plain HTTP',
    fix: 'Use a ClusterIP Service behind a TLS Ingress (WebApi `tls`), or terminate TLS in front of the load balancer.',
    source: 'seed 001 manifests (api.yaml: type LoadBalancer on port 8080)',
    check: ({ manifest }) => {
      if (manifest.kind !== 'Service' || manifest.spec?.type !== 'LoadBalancer') return [];
      const a = manifest.metadata?.annotations ?? {};
      if (a['networking.gke.io/load-balancer-type'] === 'Internal' || a['cloud.google.com/load-balancer-type'] === 'Internal') return [];
      return (manifest.spec?.ports ?? [])
        .filter((p: Obj) => p.port !== 443 && !/https|tls/i.test(p.name ?? ''))
        .map((p: Obj) => `exposes port ${p.port} on a public IP with no TLS in front of it`);
    },
  }),
  defineRule.kubernetes({
    id: 'seed-missing-probes',
    level: 'error',
    summary: 'Serving containers have readiness and liveness probes',
    fix: 'Add a readiness probe (dependencies ready) and a liveness probe (process alive), e.g. GET /readyz and /livez.',
    // Per container, both probes, as Polaris and kube-linter judge it; kube-score's pod-probes is looser (one probe of
    // each kind anywhere in a pod a Service targets, a missing liveness probe only "almost OK"). Polaris also checks
    // bare Pods, and kube-linter's opt-in checks Jobs too; this rule reads long-running controllers only.
    source: 'seed 000 "restarts"; kube-score pod-probes; Polaris readinessProbeMissing/livenessProbeMissing; kube-linter no-readiness-probe/no-liveness-probe (not on by default)',
    check: ({ manifest }) => eachContainer(manifest, SERVING, ({ container: c, label }) => {
      const missing = ['readinessProbe', 'livenessProbe'].filter((p) => !c[p]);
      return missing.length ? `${label} has no ${missing.join(' and no ')}` : undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'seed-identical-probes',
    level: 'error',
    summary: 'Liveness and readiness probes check different things',
    fix: 'Make liveness cheap and dependency-free (another path, or a TCP check of the port), readiness check dependencies. Different timings are not enough: kube-score compares what the probes check.',
    // As kube-score judges it (CRITICAL): the handler only, timings aside; an httpGet's path and port, the port as
    // IntValue() (a named port is 0), a tcpSocket's port, an exec's command; Jobs and CronJobs are skipped.
    source: 'kube-score pod-probes-identical (score/probes/probes.go); seed 000 "restarts"',
    check: ({ manifest }) => (manifest.kind === 'Job' || manifest.kind === 'CronJob' ? [] : eachContainer(manifest, { scope: 'all' }, ({ container: c, label }) => (
      c.readinessProbe && c.livenessProbe && probeTarget(c.readinessProbe) !== undefined && probeTarget(c.readinessProbe) === probeTarget(c.livenessProbe)
        ? `${label}: readiness and liveness check the same ${probeTarget(c.livenessProbe)}: a slow dependency fails both, restarts the container, and the restarts cascade`
        : undefined))),
  }),
  defineRule.kubernetes({
    id: 'seed-multiple-workers',
    level: 'warning',
    summary: 'One server process per container on Kubernetes',
    fix: 'Drop --workers and let the HPA add pods: Kubernetes replicates containers (FastAPI docs).',
    source: 'seed 000 "replication"; FastAPI docs (Kubernetes: one process per container)',
    check: ({ manifest }) => eachContainer(manifest, SERVING, ({ container: c, label }) => {
      const workers = workerCount(commandLine(c));
      return workers > 1 ? `${label} runs ${workers} worker processes` : undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'seed-proxy-headers',
    level: 'warning',
    summary: 'A server behind an Ingress trusts the proxy\'s X-Forwarded headers',
    fix: 'Add --proxy-headers --forwarded-allow-ips \'*\' to uvicorn (fastapi run does it by default).',
    source: 'FastAPI docs (behind a proxy); seed 000 "security: HTTPS"',
    check: ({ manifest, all }) => {
      // Only workloads have containers; looking for an Ingress in front of anything else is wasted work.
      if (!podSpecOf(manifest) || !behindIngress(manifest, all)) return [];
      return eachContainer(manifest, SERVING, ({ container: c, label }) => {
        if (!isAsgiServer(c)) return undefined;
        const words = serverWords(c);
        const fastapiRun = words.some((w) => /(^|\/)fastapi$/.test(w));
        const trusts = fastapiRun ? !words.includes('--no-proxy-headers') : words.includes('--proxy-headers');
        return trusts ? undefined : `${label} sits behind an Ingress without --proxy-headers: redirects and URLs say http`;
      });
    },
  }),
  defineRule.kubernetes({
    id: 'seed-image-tag',
    level: 'error',
    summary: 'Images name a tag other than latest, or a digest',
    fix: 'Pin the image: repo:1.2.3 or repo@sha256:...',
    source: 'kube-score container-image-tag; Polaris tagNotSpecified; kube-linter latest-tag',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => {
      const image: string = c.container.image ?? '';
      const problem = unpinnedImageProblem(image);
      return problem ? [`${c.label}: image ${image || '(none)'} ${problem}`] : [];
    }),
  }),
  defineRule.kubernetes({
    id: 'seed-limit-below-request',
    level: 'error',
    summary: 'No limit is below its request',
    fix: 'Raise the limit to at least the request (for memory, equal is best).',
    source: 'Kubernetes API validation; seed 000 "memory"',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => {
      const r = c.container.resources ?? {};
      return Object.keys(r.limits ?? {}).flatMap((k) => {
        const parse = k === 'cpu' ? parseCpu : parseBytes;
        const limit = parse(String(r.limits[k]));
        const request = r.requests?.[k] === undefined ? undefined : parse(String(r.requests[k]));
        return limit !== undefined && request !== undefined && limit < request
          ? [`${c.label}: ${k} limit ${r.limits[k]} is below its request ${r.requests[k]}`] : [];
      });
    }),
  }),
];

export const SEED_PITFALLS: Pack = {
  name: 'seed-pitfalls',
  description: 'The deployment mistakes of the seeds: CrashLoopBackOff, racing migrations, OOM workers, HPA without requests, plaintext HTTP',
  rules: RULES,
  // Besides the pod templates: HPAs, Ingresses, Services, and the replicas of any workload an HPA scales.
  kinds: ['HorizontalPodAutoscaler', 'Ingress', 'Service', 'Deployment', 'StatefulSet', 'ReplicaSet'],
};

