/**
 * Validates synthesized manifests against the real Kubernetes schemas: `kubernetes-models` for built-in kinds,
 * `@kubernetes-models/cert-manager` and `@kubernetes-models/gke` for CRDs. An object of a kind none of them
 * knows fails, so nothing escapes validation.
 */

type Manifest = { apiVersion: string; kind: string; [key: string]: unknown };
type ModelClass = new (data: unknown) => { validate(): void };

const CRD_PACKAGES: Record<string, string> = {
  'cert-manager.io': '@kubernetes-models/cert-manager',
  'networking.gke.io': '@kubernetes-models/gke',
  'cloud.google.com': '@kubernetes-models/gke',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
};

/**
 * Groups whose current model package is ESM-only, which jest's CommonJS resolver cannot load: validated in a child
 * Node.js process. External Secrets' `v1` (the only version ESO serves since v0.17.0) is in 2.x only.
 */
const ESM_PACKAGES: Record<string, string> = {
  'external-secrets.io': '@kubernetes-models/external-secrets',
};

/** Groups no model package covers: validated against the CRD's own schema in crds/, with ajv. */
const CRD_FILES: Record<string, string> = {
  'secrets-store.csi.x-k8s.io': 'secrets-store.csi.x-k8s.io_secretproviderclasses.yaml',
};

/** The model class for an apiVersion and kind, e.g. `kubernetes-models/apps/v1/Deployment`. */
export function modelFor(apiVersion: string, kind: string): ModelClass {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group in CRD_FILES) return crdModel(CRD_FILES[group], version, kind);
  if (group in ESM_PACKAGES) return esmModel(`${ESM_PACKAGES[group]}/${group}/${version}/${kind}`, kind);
  const modulePath = group === ''
    ? `kubernetes-models/${version}/${kind}`
    : `${CRD_PACKAGES[group] ?? 'kubernetes-models'}/${group}/${version}/${kind}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as Record<string, ModelClass>;
  const cls = mod[kind];
  if (!cls) throw new Error(`no schema model for ${apiVersion} ${kind} (${modulePath})`);
  return cls;
}

/** Throws with the object's kind, name and the schema's complaint when a manifest is invalid. */
export function validateManifest(manifest: Manifest): void {
  const Model = modelFor(manifest.apiVersion, manifest.kind);
  try {
    new Model(manifest).validate();
  } catch (err) {
    const name = (manifest.metadata as { name?: string } | undefined)?.name;
    throw new Error(`${manifest.kind} '${name}' does not match the ${manifest.apiVersion} schema: ${(err as Error).message}`);
  }
}

/** Validates every manifest; returns how many it validated, so tests can assert that something was checked. */
export function validateAll(manifests: readonly unknown[]): number {
  for (const m of manifests) validateManifest(m as Manifest);
  return manifests.length;
}

/** A model that validates against the openAPIV3Schema of one of our CRD files. */
function crdModel(file: string, version: string, kind: string): ModelClass {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const { parse } = require('yaml') as typeof import('yaml');
  const Ajv = require('ajv').default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const crd = parse(fs.readFileSync(path.resolve(__dirname, '../../crds', file), 'utf8'));
  if (crd.spec.names.kind !== kind) throw new Error(`no schema model for ${kind} in crds/${file}`);
  const schema = crd.spec.versions.find((v: { name: string }) => v.name === version)?.schema?.openAPIV3Schema;
  if (!schema) throw new Error(`crds/${file} has no version ${version}`);
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return class {
    constructor(private readonly data: unknown) {}
    validate(): void {
      if (!validate(this.data)) throw new Error(JSON.stringify(validate.errors));
    }
  };
}

/** A model that validates with an ESM-only package, in a child process (the data goes through standard input). */
function esmModel(modulePath: string, kind: string): ModelClass {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const path = require('path') as typeof import('path');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const script = [
    `const { ${kind} } = await import(${JSON.stringify(modulePath)});`,
    'let input = ""; for await (const chunk of process.stdin) input += chunk;',
    `try { new ${kind}(JSON.parse(input)).validate(); } catch (err) { process.stdout.write(err.message); process.exitCode = 1; }`,
  ].join('\n');
  return class {
    constructor(private readonly data: unknown) {}
    validate(): void {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: path.resolve(__dirname, '../..'), input: JSON.stringify(this.data), encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(run.stdout || run.stderr || `no model for ${modulePath}`);
    }
  };
}
