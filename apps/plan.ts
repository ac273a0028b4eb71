/**
 * `npm run plan [-- --format json]`: the capacity plan of every environment of the reference platform (seed 000:
 * resource utilisation), printed, and written with a Mermaid diagram of each environment to reports/plan.md
 * (and reports/plan.json). An app repository runs the same with `cdk-fastapi-gke plan` (lib/cli/plan.ts).
 */
import { UsageError } from '../lib/cli/args';
import { planFormat, writePlan } from '../lib/cli/plan';
import { runMain } from '../lib/synth/atomic-output';
import { PLATFORM } from './platform';

runMain(() => {
  const args = process.argv.slice(2);
  let format: 'table' | 'json';
  try {
    format = planFormat(args.includes('--format') ? args[args.indexOf('--format') + 1] : args.find((a) => a.startsWith('--format='))?.slice(9));
  } catch (err) {
    process.stderr.write(`error: ${(err as UsageError).message}\n`);
    process.exitCode = 2;
    return;
  }
  const code = writePlan(PLATFORM, { format, source: '`apps/platform.ts`' });
  if (code !== 0) process.exitCode = code;
});
