/** The layering the design sets: plan/ is pure; k8s/ and gcp/ read plan/ and never each other. */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.resolve(__dirname, '../../lib');

function importsOf(dir: string): Array<[string, string]> {
  return fs.readdirSync(path.join(LIB, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('imports'))
    .flatMap((f) => [...fs.readFileSync(path.join(LIB, dir, f), 'utf8').matchAll(/(?:from|import)\s+['"]([^'"]+)['"]/g)]
      .map((m) => [`${dir}/${f}`, m[1]] as [string, string]));
}

test('plan/ imports no cdk8s, cdktf, constructs, Node I/O, k8s/ or gcp/', () => {
  const bad = importsOf('plan').filter(([, spec]) => /^(cdk8s|cdk8s-plus-28|cdktf|constructs|@cdktf\/|fs$|child_process)/.test(spec) || /\.\.\/(k8s|gcp|checks)/.test(spec));
  expect(bad).toEqual([]);
});

test('k8s/ and gcp/ never import each other', () => {
  expect(importsOf('k8s').filter(([, spec]) => /\.\.\/gcp|cdktf/.test(spec))).toEqual([]);
  expect(importsOf('gcp').filter(([, spec]) => /\.\.\/k8s|^cdk8s/.test(spec))).toEqual([]);
});
