/**
 * Reads what `check` is pointed at: YAML (multi-document) and JSON Kubernetes manifests, and cdktf/Terraform JSON,
 * as files or directories. A file that cannot be read or parsed gives one line naming the file (and the line, when
 * the parser gives one); the other files are still read.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as YamlModule from 'yaml';
import { Manifest, TfResource } from './model';
import { CheckInput, LoadedManifest, LoadedTerraform } from './runner';

/** What was read, and the one-line errors for what could not be. */
export interface Loaded extends CheckInput {
  readonly manifests: LoadedManifest[];
  readonly terraform: LoadedTerraform[];
  readonly errors: string[];
  /** The files read, in order. */
  readonly files: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform']);

/** Reads files and directories (recursively, in sorted order). */
export function loadPaths(paths: readonly string[]): Loaded {
  const out: Loaded = { manifests: [], terraform: [], errors: [], files: [] };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      out.errors.push(`${p}: cannot read: ${reason(err)}`);
      continue;
    }
    for (const file of stat.isDirectory() ? walk(p, out.errors) : [p]) loadFile(file, out);
  }
  return out;
}

function walk(dir: string, errors: string[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    errors.push(`${dir}: cannot read: ${reason(err)}`);
    return [];
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) || e.name.startsWith('.') ? [] : walk(full, errors);
    // Reports written by the checks themselves are not input.
    return /\.(ya?ml|json)$/.test(e.name) && !e.name.endsWith('.checks.json') ? [full] : [];
  });
}

function loadFile(file: string, out: Loaded): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    out.errors.push(`${file}: cannot read: ${reason(err)}`);
    return;
  }
  out.files.push(file);
  if (file.endsWith('.json')) loadJson(file, text, out);
  else loadYaml(file, text, out);
}

function loadYaml(file: string, text: string, out: Loaded): void {
  const lineOf = lineIndex(text);
  // Required here, not at the top: the synth entry points check Terraform JSON, or objects they already hold, and
  // need no YAML parser (loading it costs about 15 ms and 8 MB per synth).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseAllDocuments } = require('yaml') as typeof YamlModule;
  for (const doc of parseAllDocuments(text, { prettyErrors: true })) {
    const line = lineOf(doc.range?.[0] ?? 0);
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      out.errors.push(`${file}:${e.linePos?.[0]?.line ?? line}: invalid YAML: ${firstLine(e.message)}`);
      continue;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue; // an empty document, e.g. after a trailing ---
    addManifests(value, file, line, out);
  }
}

function loadJson(file: string, text: string, out: Loaded): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    out.errors.push(`${file}: invalid JSON: ${firstLine(reason(err))}`);
    return;
  }
  if (isObject(value) && isObject(value.resource)) {
    out.terraform.push({ file, resources: terraformResources(value.resource) });
  } else if (isObject(value) && 'version' in value && (isObject(value.stacks) || isObject(value.resources))) {
    // cdktf's manifest.json (it lists the stacks, whose cdk.tf.json files are read on their own), or
    // cdk8s's construct-metadata.json: bookkeeping, not input.
  } else if (isObject(value) && isObject(value.terraform) && !('apiVersion' in value)) {
    out.terraform.push({ file, resources: [] }); // Terraform JSON without resources
  } else {
    addManifests(value, file, undefined, out);
  }
}

function addManifests(value: unknown, file: string, line: number | undefined, out: Loaded): void {
  if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    out.errors.push(`${file}${line ? `:${line}` : ''}: not a Kubernetes object or Terraform JSON (no apiVersion and kind)`);
    return;
  }
  if (value.kind === 'List' && Array.isArray(value.items)) {
    for (const item of value.items) addManifests(item, file, line, out);
    return;
  }
  out.manifests.push({ manifest: value as unknown as Manifest, file, line });
}

function terraformResources(resource: Record<string, unknown>): TfResource[] {
  return Object.entries(resource).flatMap(([type, byName]) => Object.entries(isObject(byName) ? byName : {})
    .map(([name, body]) => ({ type, name, body: isObject(body) ? body : {} })));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Maps a character offset to a 1-based line number. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    // A document's range starts after its `---` line; report the first line of its content.
    return lo + 1;
  };
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES') return 'permission denied';
  return e.message ?? String(err);
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
