#!/usr/bin/env node
/**
 * Writes a corpus for `check` at scale: N Kubernetes objects in ONE namespace (the worst case for cross-object rules,
 * which look at the objects of a namespace), as web APIs of 10 objects each (Deployment, Service, HPA,
 * PodDisruptionBudget, NetworkPolicy, Ingress, ServiceAccount, ConfigMap, and a Secret and a ManagedCertificate that
 * no rule reads), 500 objects per YAML file, all in OUTDIR. Every lookup a rule makes finds its object: HPA →
 * Deployment, Service → pods, Ingress → Service, PDB and NetworkPolicy → pods, pod → ServiceAccount. About 400 bytes
 * an object: 50,000 objects are about 20 MB. No object has a problem: the run measures checking, not printing.
 *
 *   node bench/check-corpus.js N OUTDIR
 *
 * Deterministic: the same N gives the same bytes. test/perf/checks-index.test.ts uses `webApi` for its growth test.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const PER_API = 10;
const PER_FILE = 500;
const NAMESPACE = 'apps';

function main() {
  const [n, outdir] = [Number(process.argv[2]), process.argv[3]];
  if (!Number.isInteger(n) || n < PER_API || !outdir) {
    process.stderr.write('usage: node bench/check-corpus.js N OUTDIR   (N >= 10)\n');
    process.exit(2);
  }
  fs.mkdirSync(outdir, { recursive: true });
  const apis = Math.floor(n / PER_API);
  const docs = [];
  let file = 0;
  let bytes = 0;
  const flush = () => {
    const text = docs.join('---\n');
    fs.writeFileSync(path.join(outdir, `objects-${String(file++).padStart(4, '0')}.yaml`), text);
    bytes += Buffer.byteLength(text);
    docs.length = 0;
  };
  for (let i = 0; i < apis; i++) {
    docs.push(...webApi(`api-${String(i).padStart(5, '0')}`));
    if (docs.length >= PER_FILE) flush();
  }
  if (docs.length > 0) flush();
  process.stdout.write(`${JSON.stringify({ objects: apis * PER_API, files: file, bytes })}\n`);
}

/** The 10 objects of one web API, as YAML documents. */
function webApi(name) {
  // Every object carries the label all of them share (app.kubernetes.io/part-of), and selectors name it first, as
  // Helm charts do: a lookup keyed on it would scan every pod of the namespace.
  const meta = (n = name) => `metadata:\n  name: ${n}\n  namespace: ${NAMESPACE}\n  labels:\n    app.kubernetes.io/part-of: shop\n    app: ${name}\n`;
  const selector = `    matchLabels:\n      app.kubernetes.io/part-of: shop\n      app: ${name}\n`;
  return [
    `apiVersion: apps/v1\nkind: Deployment\n${meta()}spec:\n  selector:\n${selector}  template:\n    metadata:\n      labels:\n        app.kubernetes.io/part-of: shop\n        app: ${name}\n`
      + '    spec:\n      serviceAccountName: ' + name + '\n      automountServiceAccountToken: false\n      priorityClassName: serving\n'
      + '      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: RuntimeDefault } }\n'
      + '      topologySpreadConstraints:\n'
      + `        - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: { app: ${name} } } }\n`
      + `        - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: { app: ${name} } } }\n`
      + `      containers:\n        - name: api\n          image: ghcr.io/example/${name}:1.0.0\n          imagePullPolicy: Always\n`
      + '          command: [uvicorn, main:app, --host, 0.0.0.0, --port, "8080", --proxy-headers]\n'
      + '          env: [{ name: LOG_LEVEL, value: info }, { name: DATABASE_URL, valueFrom: { secretKeyRef: { name: db, key: url } } }]\n'
      + '          ports: [{ name: http, containerPort: 8080 }]\n'
      + '          readinessProbe: { httpGet: { path: /readyz, port: http } }\n          livenessProbe: { httpGet: { path: /livez, port: http }, periodSeconds: 20 }\n'
      + '          resources: { requests: { cpu: 250m, memory: 256Mi, ephemeral-storage: 100Mi }, limits: { cpu: "1", memory: 256Mi, ephemeral-storage: 1Gi } }\n'
      + '          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }\n',
    `apiVersion: v1\nkind: Service\n${meta()}spec:\n  selector:\n    app.kubernetes.io/part-of: shop\n    app: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`,
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n${meta()}spec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }\n`
      + '  minReplicas: 2\n  maxReplicas: 10\n  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]\n',
    `apiVersion: policy/v1\nkind: PodDisruptionBudget\n${meta()}spec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector:\n${selector}`,
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta()}spec:\n  podSelector:\n${selector}  policyTypes: [Ingress, Egress]\n`,
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\n${meta()}spec:\n  tls: [{ hosts: [${name}.example.com], secretName: ${name}-tls }]\n`
      + `  rules:\n    - host: ${name}.example.com\n      http:\n        paths: [{ path: /, pathType: Prefix, backend: { service: { name: ${name}, port: { name: http } } } }]\n`,
    `apiVersion: v1\nkind: ServiceAccount\n${meta()}automountServiceAccountToken: false\n`,
    `apiVersion: v1\nkind: ConfigMap\n${meta(`${name}-config`)}data:\n  LOG_LEVEL: info\n  WORKERS: "1"\n`,
    `apiVersion: v1\nkind: Secret\n${meta(`${name}-tls`)}type: kubernetes.io/tls\n`,
    `apiVersion: networking.gke.io/v1\nkind: ManagedCertificate\n${meta(`${name}-cert`)}spec:\n  domains: [${name}.example.com]\n`,
  ];
}

if (require.main === module) main();
module.exports = { webApi, PER_API };
