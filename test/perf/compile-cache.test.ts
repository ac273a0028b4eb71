/**
 * scripts/compile-cache.js: code cached by one synth is reused by the next, and never for a source it was not made
 * from. Each case runs in a child process, as a synth does.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CACHE_JS = path.resolve(__dirname, '../../scripts/compile-cache.js');

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-cache-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Loads `entry` from `dir` with the cache on, and returns what it printed and what the cache did. */
function load(dir: string, entry: string, env: Record<string, string> = {}): { out: Record<string, unknown>; stats: Record<string, number>; mode: unknown; stderr: string; status: number | null } {
  const script = `
    const { enableCompileCache, stats } = require(${JSON.stringify(CACHE_JS)});
    const mode = enableCompileCache(${JSON.stringify(path.join(dir, '.cache'))});
    let out;
    try { out = require(${JSON.stringify(path.join(dir, entry))}); } catch (err) { out = { error: err.name + ': ' + err.message }; }
    console.log(JSON.stringify({ out, stats, mode: mode ?? null }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  const parsed = r.stdout ? JSON.parse(r.stdout) : {};
  return { ...parsed, stderr: r.stderr, status: r.status };
}

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

const MAIN = `
const other = require('./other');
module.exports = {
  value: 1,
  other: other.name,
  filename: __filename.endsWith('main.js'),
  dirname: __dirname === require('path').dirname(__filename),
  resolves: require.resolve('./other').endsWith('other.js'),
  self: this === module.exports,
  cache: require.cache === require('module')._cache,
  line: new Error('here').stack.split('\\n')[1].replace(/.*main\\.js:/, '').replace(/\\)$/, ''),
};
`;

test('a second run uses the cached code, and modules behave as under Node.js\'s own loader', () => {
  const dir = project('basic', { 'main.js': MAIN, 'other.js': 'module.exports = { name: "other" };\n' });
  const first = load(dir, 'main.js');
  expect(first.mode === 'vm' || first.mode === 'node').toBe(true);
  const second = load(dir, 'main.js');
  expect(second.out).toEqual(first.out);
  const plain = load(dir, 'main.js', { CDK_FASTAPI_GKE_COMPILE_CACHE: '0' });
  expect(first.out).toEqual(plain.out); // stack trace positions included
  expect(first.out).toEqual({ value: 1, other: 'other', filename: true, dirname: true, resolves: true, self: true, cache: true, line: '11:9' });
  if (first.mode === 'vm') {
    expect(first.stats).toEqual({ hits: 0, misses: 2, fallbacks: 0 });
    expect(second.stats).toEqual({ hits: 2, misses: 0, fallbacks: 0 });
  }
});

test('a changed source is compiled afresh, even at the same length', () => {
  const dir = project('changed', { 'main.js': MAIN, 'other.js': 'module.exports = { name: "other" };\n' });
  load(dir, 'main.js');
  fs.writeFileSync(path.join(dir, 'main.js'), MAIN.replace('value: 1', 'value: 2'));
  const after = load(dir, 'main.js');
  expect(after.out.value).toBe(2);
  if (after.mode === 'vm') expect(after.stats).toEqual({ hits: 1, misses: 1, fallbacks: 0 });
});

test('what the cache cannot compile goes to Node.js: a hashbang, a syntax error', () => {
  const dir = project('odd', { 'bin.js': '#!/usr/bin/env node\nmodule.exports = { ok: true };\n', 'bad.js': 'module.exports = {;\n' });
  expect(load(dir, 'bin.js').out).toEqual({ ok: true });
  expect(load(dir, 'bin.js').out).toEqual({ ok: true });
  const bad = load(dir, 'bad.js');
  expect(bad.out.error).toMatch(/^SyntaxError: /);
});

test('CDK_FASTAPI_GKE_COMPILE_CACHE=0 turns it off', () => {
  const dir = project('off', { 'main.js': MAIN, 'other.js': 'module.exports = { name: "other" };\n' });
  const r = load(dir, 'main.js', { CDK_FASTAPI_GKE_COMPILE_CACHE: '0' });
  expect(r.mode).toBeNull();
  expect(r.out.value).toBe(1);
  expect(fs.existsSync(path.join(dir, '.cache'))).toBe(false);
});
