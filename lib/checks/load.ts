/**
 * Reads what `check` is pointed at: YAML (multi-document) and JSON Kubernetes manifests, Terraform JSON (cdktf's
 * `cdk.tf.json`) and HCL (`cdk.tf` from `cdktf synth --hcl`, or any `.tf` file), as files or directories.
 *
 * Whatever cannot be read gives one {@link InputError} naming the file (with the line and column, where the parser
 * gives them), and the other files are still read. Directories are walked in code point order, whatever the locale;
 * special files (FIFOs, sockets, devices) are never opened for reading, so nothing blocks. A path that yields no
 * object to check is an error too: nothing to check is not a pass.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseHclFiles } from './hcl';
import { InputError, Manifest, TfResource } from './model';
import { firstLine, parseJson, parseYaml, reason } from './parse';
import { CheckInput, LoadedManifest, LoadedTerraform } from './runner';
import { block } from './terraform';

/** What was read, and what could not be. */
export interface Loaded extends CheckInput {
  readonly manifests: LoadedManifest[];
  readonly terraform: LoadedTerraform[];
  readonly errors: InputError[];
  /** The files read, in order. */
  readonly files: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform']);
const INPUT_FILE = /\.(ya?ml|json|tf)$/;

/** `file:line:column: message`, as the CLI prints it. */
export function formatInputError(e: InputError): string {
  return `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message}`;
}

/** Orders strings by Unicode code point (as UTF-8 bytes sort), not by UTF-16 unit or locale. */
export function compareCodePoints(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) encode code points above FFFF: they sort after E000–FFFF, not before.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Reads files and directories (recursively, in code point order). */
export function loadPaths(paths: readonly string[]): Loaded {
  const out: Loaded = { manifests: [], terraform: [], errors: [], files: [] };
  for (const p of paths) {
    const before = { errors: out.errors.length, objects: objectCount(out) };
    const inputs = filesOf(p, out.errors).flatMap((file) => {
      const text = readInput(file, file === p, out.errors);
      return text === undefined ? [] : [{ file, text }];
    });
    const tf = inputs.filter((i) => i.file.endsWith('.tf'));
    const hcl = new Map(parseHclFiles(tf).map((result, i) => [tf[i].file, result]));
    for (const input of inputs) {
      out.files.push(input.file);
      if (input.file.endsWith('.tf')) addHcl(input.file, hcl.get(input.file)!, out);
      else if (input.file.endsWith('.json')) addJson(input.file, input.text, out);
      else addDocuments(input.file, parseYaml(input.file, input.text), out);
    }
    if (out.errors.length === before.errors && objectCount(out) === before.objects) {
      out.errors.push({ file: p, message: 'nothing to check: no Kubernetes object and no Terraform resource here' });
    }
  }
  return out;
}

function objectCount(out: Loaded): number {
  return out.manifests.length + out.terraform.reduce((n, t) => n + t.resources.length, 0);
}

/** The input files a path names: itself, or those under it. */
function filesOf(p: string, errors: InputError[]): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (err) {
    errors.push({ file: p, message: `cannot read: ${reason(err)}` });
    return [];
  }
  return stat.isDirectory() ? walk(p, errors) : [p];
}

function walk(dir: string, errors: InputError[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    errors.push({ file: dir, message: `cannot read: ${reason(err)}` });
    return [];
  }
  return entries.sort((a, b) => compareCodePoints(a.name, b.name)).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) || e.name.startsWith('.') ? [] : walk(full, errors);
    // FIFOs, sockets and devices are never input (reading a FIFO waits for a writer); a link is checked when read.
    if (!e.isFile() && !e.isSymbolicLink()) return [];
    // Reports written by the checks themselves are not input.
    return INPUT_FILE.test(e.name) && !e.name.endsWith('.checks.json') ? [full] : [];
  });
}

/**
 * The text of a regular file, or `undefined`. Opened without blocking and checked before it is read, so that a FIFO
 * (or a link to one) is never waited on: named on the command line, it is an error; met in a directory, skipped.
 */
function readInput(file: string, named: boolean, errors: InputError[]): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    errors.push({ file, message: `cannot read: ${reason(err)}` });
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile()) return fs.readFileSync(fd, 'utf8');
    if (named && !stat.isDirectory()) errors.push({ file, message: 'not a regular file (a FIFO, socket or device), so not read' });
  } catch (err) {
    errors.push({ file, message: `cannot read: ${firstLine(reason(err))}` });
  } finally {
    fs.closeSync(fd);
  }
  return undefined;
}

function addDocuments(file: string, parsed: { docs: { value: unknown; line?: number }[]; errors: InputError[] }, out: Loaded): void {
  out.errors.push(...parsed.errors);
  for (const doc of parsed.docs) addManifests(doc.value, file, doc.line, out);
}

function addJson(file: string, text: string, out: Loaded): void {
  const parsed = parseJson(file, text);
  out.errors.push(...parsed.errors);
  for (const { value } of parsed.docs) {
    if (isObject(value) && (isCdktfStackMetadata(file, value) || ('version' in value && (isObject(value.stacks) || isObject(value.resources))))) {
      // Bookkeeping, not input: cdktf's manifest.json (it lists the stacks, whose files are read on their own) and
      // metadata.json (beside cdk.tf: the comment blocks of its resources, read with it), cdk8s's
      // construct-metadata.json.
    } else if (isObject(value) && isObject(value.resource)) {
      out.terraform.push({ file, resources: terraformResources(value.resource) });
    } else if (isObject(value) && isObject(value.terraform) && !('apiVersion' in value)) {
      out.terraform.push({ file, resources: [] }); // Terraform JSON without resources
    } else {
      addManifests(value, file, undefined, out);
    }
  }
}

/**
 * An HCL configuration. When cdktf wrote it (`cdk.tf`), the `"//"` comment blocks of its resources (where
 * `suppressCheck` writes its suppressions) are in `metadata.json` beside it, since HCL has no place for them.
 */
function addHcl(file: string, result: ReturnType<typeof parseHclFiles>[number], out: Loaded): void {
  if ('error' in result) {
    out.errors.push(result.error);
    return;
  }
  const config = isObject(result.value) ? result.value : {};
  const resources = terraformResources(isObject(config.resource) ? config.resource : {});
  const comments = path.basename(file) === 'cdk.tf' ? stackComments(path.join(path.dirname(file), 'metadata.json')) : undefined;
  out.terraform.push({
    file,
    resources: resources.map((r) => {
      const comment = comments?.[r.type]?.[r.name]?.['//'];
      return comment === undefined || '//' in r.body ? r : { ...r, body: { ...r.body, '//': comment } };
    }),
  });
}

/** The `resource` section of cdktf's metadata.json beside a `cdk.tf`, if there is one. */
function stackComments(file: string): Record<string, Record<string, Record<string, unknown>>> | undefined {
  const text = readInput(file, false, []);
  const value = text === undefined ? undefined : parseJson(file, text).docs[0]?.value;
  return isObject(value) && isCdktfStackMetadata(file, value) && isObject(value.resource) ? value.resource as never : undefined;
}

/** cdktf's `metadata.json`, written beside `cdk.tf`: its `resource` section holds comment blocks, no configuration. */
function isCdktfStackMetadata(file: string, value: Record<string, unknown>): boolean {
  const comment = value['//'];
  return path.basename(file) === 'metadata.json' && isObject(comment) && isObject(comment.metadata) && typeof comment.metadata.stackName === 'string';
}

function addManifests(value: unknown, file: string, line: number | undefined, out: Loaded): void {
  if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    out.errors.push({ file, line, message: 'not a Kubernetes object or Terraform JSON (no apiVersion and kind)' });
    return;
  }
  if (value.kind === 'List' && Array.isArray(value.items)) {
    for (const item of value.items) addManifests(item, file, line, out);
    return;
  }
  out.manifests.push({ manifest: value as unknown as Manifest, file, line });
}

/** `resource.<type>.<name>`: an object in Terraform JSON, a one-element list in hcl2json's output. */
function terraformResources(resource: Record<string, unknown>): TfResource[] {
  return Object.entries(resource).flatMap(([type, byName]) => Object.entries(isObject(byName) ? byName : {})
    .map(([name, body]) => ({ type, name, body: block(body) ?? {} })));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
