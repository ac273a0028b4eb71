/**
 * The app-repository commands of the `cdk-fastapi-gke` CLI (lib/cli.ts dispatches here): `init`, `synth` and
 * `plan`. A user's mistake (a wrong prop, a failed check, a missing file or package) prints one line and exits 1;
 * a command line the command cannot run prints the problem and the usage and exits 2. Each command's module is
 * loaded only when it runs, so that `init` loads no cdk8s and `synth --k8s-only` no cdktf.
 */
import { runMain } from '../synth/atomic-output';
import { UsageError } from './args';

/** The commands this module runs. */
export const APP_COMMANDS = ['init', 'synth', 'plan'] as const;

interface AppCommand {
  readonly run: (argv: readonly string[]) => void;
  readonly usage: string;
}

function commandOf(name: string): AppCommand {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (name === 'init') {
    const m = require('./init') as typeof import('./init');
    return { run: m.initCommand, usage: m.INIT_USAGE };
  }
  if (name === 'synth') {
    const m = require('./synth') as typeof import('./synth');
    return { run: m.synthCommand, usage: m.SYNTH_USAGE };
  }
  const m = require('./plan') as typeof import('./plan');
  return { run: m.planCommand, usage: m.PLAN_USAGE };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Runs an app-repository command and returns its exit code. */
export function runAppCommand(name: string, argv: readonly string[]): number {
  const command = commandOf(name);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`usage: ${command.usage}\n`);
    return 0;
  }
  process.exitCode = undefined;
  let usage: string | undefined;
  runMain(() => {
    try {
      command.run(argv);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      usage = err.message;
    }
  });
  if (usage !== undefined) {
    process.stderr.write(`error: ${usage}\nusage: ${command.usage}\n`);
    return 2;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
