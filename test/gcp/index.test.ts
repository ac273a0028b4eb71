import * as fs from 'fs';
import * as path from 'path';
import * as gcp from '../../lib/gcp';

test('lib/gcp/index re-exports the constructs and their helpers', () => {
  for (const name of [
    'GkeNetwork',
    'GkeCluster',
    'AutopilotCluster',
    'ArtifactRegistry',
    'IngressAddress',
    'WorkloadIdentity',
    'NodeServiceAccount',
    'GkePlatformStack',
    'PlatformStack',
    'WEEKEND_MAINTENANCE_WINDOW',
  ]) {
    expect(gcp).toHaveProperty(name);
  }
});

test('no file under lib/ imports the provider package root (3-4 s and 460 MB per process)', () => {
  const libDir = path.join(__dirname, '..', '..', 'lib');
  const offenders: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.ts$/.test(entry.name)) {
        const source = fs.readFileSync(file, 'utf8');
        if (/(from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-google['"]/.test(source)) offenders.push(path.relative(libDir, file));
      }
    }
  };
  visit(libDir);
  expect(offenders).toEqual([]);
});
