/**
 * `npx cdk8s synth`, as the README offers it, through the real cdk8s CLI in a temporary copy of the project. The CLI
 * empties its output folder before it runs the app; cdk8s.yaml therefore names a folder of the CLI's own
 * (`.cdk8s.out`), and the app writes `dist` itself, all at once: a wrong prop leaves the last good `dist`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-cli-'));
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

beforeAll(() => {
  // What a clone holds, plus node_modules and the build (npm test has just compiled it).
  const tracked = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of tracked) {
    if (!fs.existsSync(path.join(ROOT, file))) continue;
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  fs.cpSync(path.join(ROOT, 'build'), path.join(copy, 'build'), { recursive: true });
});

const cdk8sSynth = () => spawnSync(path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], { cwd: copy, encoding: 'utf8' });

test('writes dist/ and lets the CLI list and validate a copy', () => {
  const result = cdk8sSynth();
  expect(result.status).toBe(0);
  expect(fs.readdirSync(path.join(copy, 'dist')).sort()).toEqual(['_cluster', 'production', 'staging']);
  expect(fs.readFileSync(path.join(copy, '.cdk8s.out/production/kf-api.yaml'), 'utf8')).toBe(fs.readFileSync(path.join(copy, 'dist/production/kf-api.yaml'), 'utf8'));
  expect(result.stdout).toContain('.cdk8s.out/production/kf-api.yaml');
  expect(result.stdout).toContain('Validations ended succesfully'); // sic, the CLI's spelling
}, 120_000);

test('a wrong prop prints one line and keeps the last good dist/', () => {
  const before = fs.readFileSync(path.join(copy, 'dist/production/kf-api.yaml'), 'utf8');
  const platform = path.join(copy, 'apps/platform.ts');
  fs.writeFileSync(platform, fs.readFileSync(platform, 'utf8').replace("tag: '1.0.0'", "tag: 'latest'"));
  const result = cdk8sSynth();
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain("error: WebApi 'kf-api' in environment 'production': 'image' (\"europe-west2-docker.pkg.dev/my-project-id/apps/kubernetes-fastapi:latest\") must name a tag other than latest");
  // No stack trace of ours; the cdk8s CLI adds a line of its own ('returned a non-zero exit code', at util.js).
  const frames = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /^\s+at /.test(line));
  expect(frames.filter((frame) => !/node_modules\/cdk8s-cli\/|\(node:/.test(frame))).toEqual([]);
  expect(fs.readFileSync(path.join(copy, 'dist/production/kf-api.yaml'), 'utf8')).toBe(before);
}, 120_000);
