/**
 * `cdk-fastapi-gke init`: a new app repository in the current folder, as `cdk8s init` and `cdktf init` make one. It
 * asks nothing: the flags, else defaults, fill the templates of templates/app/ (in the package). It writes into an
 * empty folder, or into `infra/` of an existing FastAPI repository (the API is then named after the repository),
 * and never over a file that exists: one line, exit 1, nothing written. The package.json it writes pins this
 * version of the library and the TypeScript it is built with, so that it works offline after `npm install`.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { imageReferenceProblem, unpinnedImageProblem } from '../plan/literals';
import { GKE_NAME, SERVICE_ACCOUNT_ID } from '../plan/names';
import { CliError, PACKAGE_ROOT, packageJson } from './app-build';
import { UsageError, parseFlags } from './args';
import { TemplateValues, renderTemplate } from './template';

export const INIT_USAGE = `cdk-fastapi-gke init [--name NAME] [--image IMAGE] [--port PORT] [--k8s-only]
  Writes an app repository into the current folder (an empty one, or infra/ of your API's repository): the
  description of one API (src/platform.ts), its entry point, a test, package.json, tsconfig.json, cdk8s.yaml and
  cdktf.json. --name defaults to the folder's name (the repository's, in infra/); --image to <name>:0.1.0 in each
  environment's Artifact Registry; --port to 8000. --k8s-only leaves out the GKE platform (Terraform side, cdktf).`;

/** Where the templates are, in the package. */
const TEMPLATES = path.join(PACKAGE_ROOT, 'templates', 'app');

/** Template files written only with the GKE platform. */
const TERRAFORM_ONLY = new Set(['cdktf.json']);

/** What `init` writes with. */
interface InitOptions {
  readonly name: string;
  /** A TypeScript expression: a quoted reference, or `{ name, tag }` in the registry. */
  readonly image: string;
  readonly port: number;
  readonly gcp: boolean;
}

/** The API's name: the stem of its objects and cloud resources, so `<name>-production` must be a service account id. */
function nameProblem(name: string): string | undefined {
  if (!GKE_NAME.pattern.test(name) || !SERVICE_ACCOUNT_ID.pattern.test(`${name}-production`)) {
    return `--name '${name}' must be 1-19 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (it names the API's cloud resources, such as the service account '${name}-production')`;
  }
  return undefined;
}

/** A name made from the folder's: `infra/` takes its repository's name. */
export function defaultName(cwd: string): string {
  const base = path.basename(cwd) === 'infra' ? path.basename(path.dirname(cwd)) : path.basename(cwd);
  const name = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 19).replace(/-+$/, '');
  return nameProblem(name) === undefined ? name : 'api';
}

function optionsOf(argv: readonly string[], cwd: string): InitOptions {
  const flags = parseFlags(argv, { booleans: ['k8s-only'], values: ['name', 'image', 'port'] });
  const name = flags.values.get('name') ?? defaultName(cwd);
  const problem = nameProblem(name);
  if (problem) throw new UsageError(problem);
  const image = flags.values.get('image');
  if (image !== undefined) {
    const wrong = imageReferenceProblem(image) ?? unpinnedImageProblem(image);
    if (wrong) throw new UsageError(`--image '${image}' ${wrong}: name a tag (such as :0.1.0) or a digest`);
  }
  const port = Number(flags.values.get('port') ?? '8000');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port '${flags.values.get('port')}' must be a whole number from 1 to 65535`);
  return { name, image: image === undefined ? `{ name: '${name}', tag: '0.1.0' }` : `'${image}'`, port, gcp: !flags.booleans.has('k8s-only') };
}

/** Every template file, relative to templates/app/. */
function templateFiles(dir = TEMPLATES, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? templateFiles(dir, child) : [child];
  }).sort();
}

/** Where a template file goes: `.tmpl` dropped, `gitignore` as `.gitignore` (npm would not pack a `.gitignore`). */
function targetOf(template: string): string {
  const out = template.replace(/\.tmpl$/, '');
  return out === 'gitignore' ? '.gitignore' : out;
}

function valuesOf(options: InitOptions): TemplateValues {
  const pkg = packageJson();
  const peers = pkg.peerDependencies;
  return {
    name: options.name, image: options.image, port: String(options.port), gcp: options.gcp,
    version: pkg.version, node: (pkg as { engines?: { node?: string } }).engines?.node ?? '>=20',
    cdk8s: peers.cdk8s, cdk8sPlus: peers['cdk8s-plus-28'], constructs: peers.constructs, cdktf: peers.cdktf, provider: peers['@cdktf/provider-google'],
    typescript: pkg.devDependencies.typescript, typesNode: pkg.devDependencies['@types/node'], projectId: crypto.randomUUID(),
  };
}

/** Runs `init` with `argv` (after the command name), in the current folder. */
export function initCommand(argv: readonly string[]): void {
  const cwd = process.cwd();
  const options = optionsOf(argv, cwd);
  const files = templateFiles().filter((t) => options.gcp || !TERRAFORM_ONLY.has(targetOf(t)));
  const existing = files.map(targetOf).filter((f) => fs.existsSync(path.join(cwd, f)));
  if (existing.length > 0) {
    const more = existing.length > 1 ? ` (and ${existing.length - 1} more of its files)` : '';
    throw new CliError(`init writes no file that exists, and ${existing[0]} does${more}: run it in an empty folder, or in infra/ of your repository`);
  }
  const values = valuesOf(options);
  for (const template of files) {
    const target = path.join(cwd, targetOf(template));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, renderTemplate(fs.readFileSync(path.join(TEMPLATES, template), 'utf8'), values));
  }
  const sides = options.gcp ? 'Kubernetes side and GKE platform' : 'Kubernetes side';
  process.stdout.write(`Wrote an app repository for the API '${options.name}' (${sides}): ${files.map(targetOf).join(', ')}.\n`
    + 'Next: npm install, then npm run synth and npm test. Edit src/platform.ts (project ids, domains, operator ranges).\n');
}
