/**
 * Text to values, for the loader: YAML (multi-document) and JSON, each problem one {@link InputError} with a line and
 * a column, never an exception. Guarded against what would otherwise stop a run: YAML alias bombs, an alias to no
 * anchor, and values nested deeper than any Kubernetes object (the rules walk values recursively).
 */
import type * as YamlModule from 'yaml';
import { InputError } from './model';

/**
 * The deepest nesting accepted. Kubernetes objects stay far below it (a CRD's OpenAPI schema included); the rules
 * read values recursively (`String()`, `JSON.stringify`), and 10,000 levels overflow their stack.
 */
export const MAX_DEPTH = 256;

/** The most alias expansions in a YAML document: the `yaml` package's guard against alias bombs ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/** One document of a file, and the 1-based line it starts on (YAML). */
export interface ParsedDocument {
  readonly value: unknown;
  readonly line?: number;
}

/** What a file holds: its documents, and what could not be read. */
export interface Parsed {
  readonly docs: ParsedDocument[];
  readonly errors: InputError[];
}

/** The documents of a YAML file; an empty document (e.g. after a trailing `---`) gives none. */
export function parseYaml(file: string, text: string): Parsed {
  // Required here, not at the top: the synth entry points check Terraform JSON, or objects they already hold, and
  // need no YAML parser (loading it costs about 15 ms and 8 MB per synth).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml') as typeof YamlModule;
  const lineOf = lineIndex(text);
  const out: Parsed = { docs: [], errors: [] };
  let docs: YamlModule.Document[];
  try {
    docs = Array.from(yaml.parseAllDocuments(text, { prettyErrors: true }) as Iterable<YamlModule.Document>);
  } catch (err) {
    return { docs: [], errors: [{ file, message: `invalid YAML: ${yamlMessage(err)}` }] };
  }
  for (const doc of docs) {
    const line = lineOf(doc.range?.[0] ?? 0);
    if (doc.errors.length > 0) {
      const at = doc.errors[0].linePos?.[0];
      out.errors.push({ file, line: at?.line ?? line, column: at?.col, message: `invalid YAML: ${yamlMessage(doc.errors[0])}` });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      // An alias to no anchor, or more alias expansions than MAX_ALIAS_COUNT.
      out.errors.push({ file, line: aliasLine(yaml, doc, err, lineOf) ?? line, message: `invalid YAML: ${yamlMessage(err)}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    if (deeperThan(value, MAX_DEPTH)) {
      out.errors.push({ file, line, message: `nested more than ${MAX_DEPTH} levels deep; no Kubernetes object is` });
      continue;
    }
    out.docs.push({ value, line });
  }
  return out;
}

/** The value of a JSON file, or its error with the line and column where the text stops being JSON. */
export function parseJson(file: string, text: string): Parsed {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a byte order mark, as editors on Windows write
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    // V8's messages give a byte offset, or none at all ("Unexpected token 'x', "..." is not valid JSON"): find the
    // place ourselves.
    const offset = jsonErrorOffset(body);
    const message = firstLine(reason(err)).replace(/ in JSON at position \d+( \(line \d+ column \d+\))?$/, '');
    if (offset === undefined) return { docs: [], errors: [{ file, message: `invalid JSON: ${message}` }] };
    const { line, column } = position(body, offset);
    return { docs: [], errors: [{ file, line, column, message: `invalid JSON: ${message}` }] };
  }
  if (deeperThan(value, MAX_DEPTH)) return { docs: [], errors: [{ file, message: `nested more than ${MAX_DEPTH} levels deep; no Kubernetes object is` }] };
  return { docs: [{ value }], errors: [] };
}

/** Is `value` nested deeper than `limit` levels (objects and arrays)? Without recursion, so any depth is safe. */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** The message of a YAML error, on one line, without the position the location already gives. */
function yamlMessage(err: unknown): string {
  const message = firstLine(reason(err)).replace(/ at line \d+, column \d+:?$/, '');
  return /Maximum call stack size exceeded/.test(message) ? 'nested too deeply to parse' : message;
}

/** The line of the alias that names no anchor, when that is what `err` says. */
function aliasLine(yaml: typeof YamlModule, doc: YamlModule.Document, err: unknown, lineOf: (offset: number) => number): number | undefined {
  const name = /^Unresolved alias.*: (.+)$/.exec(firstLine(reason(err)))?.[1];
  let offset: number | undefined;
  if (name !== undefined) {
    yaml.visit(doc, {
      Alias: (_key, node) => {
        if (node.source !== name) return undefined;
        offset = node.range?.[0];
        return yaml.visit.BREAK;
      },
    });
  }
  return offset === undefined ? undefined : lineOf(offset);
}

/** Maps a character offset to a 1-based line number. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
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

/** 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

const JSON_WS = new Set([' ', '\t', '\n', '\r']);
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_LITERAL = /true|false|null/y;
const JSON_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * Where the JSON scalar (string, number or literal) at `i` ends: `{ end }`, or `{ error }`, the offset of the first
 * character that is wrong. Strings are scanned by hand: a regular expression over a long one can exhaust the stack.
 */
function scalarAt(text: string, i: number): { end: number } | { error: number } {
  if (text[i] !== '"') {
    for (const re of [JSON_NUMBER, JSON_LITERAL]) {
      re.lastIndex = i;
      if (re.test(text)) return { end: re.lastIndex };
    }
    // Where it goes wrong, as V8 says: after a minus sign, or at the first letter that leaves true, false or null.
    if (text[i] === '-') return { error: i + 1 };
    const word = ['true', 'false', 'null'].find((w) => w[0] === text[i]);
    let j = i;
    while (word && j - i < word.length && text[j] === word[j - i]) j++;
    return { error: j };
  }
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '"') return { end: j + 1 };
    if (c.charCodeAt(0) < 0x20) return { error: j };
    if (c !== '\\') continue;
    if (JSON_ESCAPES.has(text[j + 1])) j++;
    else if (text[j + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 5;
    else return { error: j };
  }
  return { error: text.length };
}

/**
 * The offset where `text` stops being JSON (its length when the text ends too early), or `undefined` if it is JSON.
 * A small state machine with its own stack, so that nesting depth costs no recursion.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const stack: string[] = [];
  let expect: 'value' | 'firstValue' | 'key' | 'firstKey' | 'after' = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && JSON_WS.has(text[i])) i++;
    if (i >= text.length) return expect === 'after' && stack.length === 0 ? undefined : text.length;
    const c = text[i];
    if ((expect === 'firstValue' && c === ']') || (expect === 'firstKey' && c === '}')) {
      stack.pop();
      i++;
      expect = 'after';
    } else if (expect === 'value' || expect === 'firstValue') {
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        expect = c === '{' ? 'firstKey' : 'firstValue';
        continue;
      }
      const scalar = scalarAt(text, i);
      if ('error' in scalar) return scalar.error;
      i = scalar.end;
      expect = 'after';
    } else if (expect === 'key' || expect === 'firstKey') {
      const key = c === '"' ? scalarAt(text, i) : { error: i };
      if ('error' in key) return key.error;
      for (i = key.end; i < text.length && JSON_WS.has(text[i]);) i++;
      if (text[i] !== ':') return Math.min(i, text.length);
      i++;
      expect = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i; // text after the value
      if (c === ',') expect = top === '{' ? 'key' : 'value';
      else if (c === (top === '{' ? '}' : ']')) stack.pop();
      else return i;
      i++;
    }
  }
}

export function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES') return 'permission denied';
  return typeof e?.message === 'string' ? e.message : String(err);
}

export function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
