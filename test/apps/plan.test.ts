/** `npm run plan`, run as a user runs it (the compiled entry point). */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const plan = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'build/apps/plan.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PLAN_OUTDIR: tmp } });

test('prints a capacity table per environment and writes the diagram beside the report', () => {
  const run = plan();
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('Environment production: node pool e2-standard-2 (2 vCPU, 8 GiB), zonal, 3–6 nodes per zone');
  expect(run.stdout).toContain('Environment staging');
  expect(run.stdout).toMatch(/kf-api +250m \/ 256Mi +2–10/);
  const md = fs.readFileSync(path.join(tmp, 'plan.md'), 'utf8');
  expect(md).toContain('```mermaid\nflowchart');
  expect(md).toContain('kf-api.staging.example.com');
  expect(JSON.parse(fs.readFileSync(path.join(tmp, 'plan.json'), 'utf8')).map((r: { environment: string }) => r.environment)).toEqual(['production', 'staging']);
});

test('--format json gives the same as data', () => {
  const run = plan('--format', 'json');
  expect(run.status).toBe(0);
  const reports = JSON.parse(run.stdout);
  expect(reports[0]).toMatchObject({ environment: 'production', nodePool: { machineType: 'e2-standard-2' }, errors: [] });
  expect(reports[1].utilisation.atMin.cpuPercent).toBe(50.6);
  expect(plan('--format', 'xml').status).toBe(2);
});
