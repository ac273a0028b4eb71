/**
 * Writes synthesized Kubernetes objects as cdk8s does (`Yaml.save`: byte for byte the same files), but faster, and
 * hands them to the checks as they are, with their file and line, instead of reading the files back.
 *
 * Why: at 1,000 web APIs (12,000 objects) the `yaml` library took about 2 s to write the manifests and 3-4 s to parse
 * them again for the checks, more than everything else in the synth. Our objects are plain JSON data, for which YAML
 * output is simple; `stringifyDocument` writes that common case directly and falls back to cdk8s's own
 * `Yaml.stringify` for a whole document whenever it meets anything else (a multi-line string, a shared object, a
 * value that is not JSON...). Strings that are not plainly safe are rendered by the `yaml` library itself (cached), so
 * the rules for quoting are never re-implemented. test/synth/yaml-writer.test.ts compares both writers on every object
 * the reference platform and the fixtures produce, and on hand-picked awkward values.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import type { LoadedManifest } from '../checks/runner';
import type { Manifest } from '../checks/model';

/** Thrown inside {@link renderDocument} to fall back to cdk8s for the whole document. */
const FALLBACK = Symbol('fallback');

/**
 * The tests of the YAML 1.1 schema (the one cdk8s writes with) that make a plain scalar read as something other than
 * a string (`yes`, `1_000`, `12:30`, `2001-12-14`...), taken from the `yaml` library cdk8s itself uses.
 * `undefined` if it cannot be found: then every document goes through cdk8s.
 */
const NON_STRING_TESTS: readonly RegExp[] | undefined = (() => {
  try {
    const cdk8sDir = path.dirname(require.resolve('cdk8s'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require(require.resolve('yaml', { paths: [cdk8sDir] }));
    const schema = new yaml.Document(null, { version: '1.1' }).schema;
    const tags: { default?: unknown; tag: string; test?: RegExp }[] = [...schema.tags, ...(schema.compat ?? [])];
    return tags.filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test instanceof RegExp).map((t) => t.test!);
  } catch {
    return undefined;
  }
})();

// The conditions under which the `yaml` library (stringifyString.js, plainString) quotes a plain string, copied.
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u; // eslint-disable-line no-control-regex
// Multi-line strings and document markers are written differently at different depths: those documents fall back.
const DEPENDS_ON_CONTEXT = /\n|^(%|---|\.\.\.)/m;

/** Rendered single-line strings; most repeat (kinds, label keys and values, names). */
const rendered = new Map<string, string>();

function renderString(s: string): string {
  const cached = rendered.get(s);
  if (cached !== undefined) return cached;
  if (DEPENDS_ON_CONTEXT.test(s)) throw FALLBACK;
  let out: string;
  if (!CONTROL.test(s) && !NEEDS_QUOTES.test(s) && !NON_STRING_TESTS!.some((re) => re.test(s))) {
    out = s;
  } else {
    // A scalar document renders a single-line string exactly as a mapping value or sequence item does.
    out = Yaml.stringify(s).slice(0, -1);
    if (out.includes('\n')) throw FALLBACK;
  }
  rendered.set(s, out);
  return out;
}

function renderKey(key: string): string {
  // Long keys become explicit (`? key`), and `<<` is YAML 1.1's merge key.
  if (key.length > 1000 || key === '<<') throw FALLBACK;
  return renderString(key);
}

function renderScalar(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return renderString(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'number': if (Number.isFinite(value) && !Object.is(value, -0)) return String(value); break;
    default: break;
  }
  throw FALLBACK;
}

/** A plain object or array that has not been seen in this document (the library writes anchors for repeats). */
function collectionKind(value: unknown, seen: Set<object>): 'map' | 'seq' | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (seen.has(value)) throw FALLBACK;
  seen.add(value);
  if (Array.isArray(value)) return 'seq';
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw FALLBACK;
  return 'map';
}

/** A non-empty collection in block style, its lines after the first indented by `indent`. */
function renderBlock(value: object, kind: 'map' | 'seq', indent: string, seen: Set<object>): string {
  const inner = `${indent}  `;
  const lines: string[] = [];
  if (kind === 'seq') {
    for (const item of value as unknown[]) lines.push(`- ${renderNode(item, inner, seen)}`);
  } else {
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const k = collectionKind(item, seen);
      const body = k === undefined ? renderScalar(item) : renderCollection(item as object, k, inner, seen);
      lines.push(k !== undefined && isNonEmpty(item as object, k) ? `${renderKey(key)}:\n${inner}${body}` : `${renderKey(key)}: ${body}`);
    }
  }
  return lines.join(`\n${indent}`);
}

function isNonEmpty(value: object, kind: 'map' | 'seq'): boolean {
  return kind === 'seq' ? (value as unknown[]).length > 0 : Object.keys(value).length > 0;
}

function renderCollection(value: object, kind: 'map' | 'seq', indent: string, seen: Set<object>): string {
  if (!isNonEmpty(value, kind)) return kind === 'seq' ? '[]' : '{}';
  return renderBlock(value, kind, indent, seen);
}

function renderNode(value: unknown, indent: string, seen: Set<object>): string {
  const kind = collectionKind(value, seen);
  return kind === undefined ? renderScalar(value) : renderCollection(value as object, kind, indent, seen);
}

/** One document, exactly as cdk8s's `Yaml.stringify(doc)` writes it. @internal */
export function stringifyDocument(doc: unknown): string {
  if (doc === undefined) return '\n';
  if (NON_STRING_TESTS === undefined || typeof doc !== 'object' || doc === null) return Yaml.stringify(doc);
  try {
    return `${renderNode(doc, '', new Set())}\n`;
  } catch (err) {
    if (err === FALLBACK) return Yaml.stringify(doc);
    throw err;
  }
}

/** Several documents as one file, exactly as cdk8s's `Yaml.stringify(...docs)` writes them. @internal */
export function stringifyDocuments(docs: readonly unknown[]): string {
  return docs.map(stringifyDocument).join('---\n');
}

/**
 * Writes `docs` to `file` as cdk8s's `Yaml.save` does, and returns them as the checks read them: each object with
 * `displayFile` (where the file will be once the output is in place) and the line its document starts on.
 * @internal
 */
export function saveManifests(file: string, docs: readonly Manifest[], displayFile: string = file): LoadedManifest[] {
  const loaded: LoadedManifest[] = [];
  const parts: string[] = [];
  let start = 1; // the line the next document's text starts on
  for (const manifest of docs) {
    const text = stringifyDocument(manifest);
    // The line lib/checks/load.ts gives a document: the first for the first one, then the `---` line before it.
    if (manifest !== undefined) loaded.push({ manifest, file: displayFile, line: parts.length === 0 ? 1 : start - 1 });
    parts.push(text);
    start += countLines(text) + 1; // the document, then the `---` line after it
  }
  fs.writeFileSync(file, parts.join('---\n'), { encoding: 'utf8' });
  return loaded;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
