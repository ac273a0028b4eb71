#!/usr/bin/env node
/**
 * The `cdk-fastapi-gke` command.
 *   cdk-fastapi-gke check PATH... [--format table|json] [--pack NAME]...
 *   cdk-fastapi-gke deploy DIR [--context NAME] [--dry-run]
 *   cdk-fastapi-gke init | synth | plan ...   (an app repository's commands: lib/cli/commands.ts)
 * Exit codes: 0 no errors, 1 errors found (or input that could not be read, nothing to check, or a deploy that
 * stopped), 2 a usage mistake. A mistake is one line on standard error.
 */
import { formatInputError, loadPaths } from './checks/load';
import { Pack } from './checks/model';
import { ALL_PACKS } from './checks/packs';
import { jsonReport, tableReport } from './checks/report';
import { failing, runChecks, uncheckedObjects } from './checks/runner';
import { APP_COMMANDS, runAppCommand } from './cli/commands';
import { DeployError, deploy } from './deploy';

const USAGE = `usage: cdk-fastapi-gke check PATH... [--format table|json] [--pack NAME]...
       cdk-fastapi-gke deploy DIR [--context NAME] [--dry-run]
       cdk-fastapi-gke init | synth | plan [--help]   (docs/app-repos.md)

check: checks Kubernetes YAML/JSON, cdktf/Terraform JSON and HCL (.tf), as files or directories, against the packs:
${ALL_PACKS.map((p) => `  ${p.name.padEnd(24)} ${p.description}`).join('\n')}
Suppress a finding with the annotation suppress.cdk-fastapi-gke.io/RULE-ID: "reason (10+ characters)".

deploy: applies one environment (dist/<environment>) with kubectl, in order: the migration stage, then, once its
Jobs have completed (kubectl wait, up to each Job's deadline), the app. A failed or late migration stops it before
the app is applied: the previous version keeps serving. --context names the kubeconfig context; --dry-run prints
the kubectl commands instead of running them.`;

/** What `check` was asked to do, or the usage mistake. */
type CheckArgs = { paths: string[]; format: 'table' | 'json'; packs: readonly Pack[] } | { mistake: string };

function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === 'deploy') return deployCommand(rest);
  if ((APP_COMMANDS as readonly string[]).includes(command)) return runAppCommand(command, rest);
  if (command !== 'check') return usage(`unknown command '${command}'`);
  const args = parseCheckArgs(rest);
  if ('mistake' in args) return usage(args.mistake);

  const loaded = loadPaths(args.paths);
  for (const e of loaded.errors) process.stderr.write(`error: ${formatInputError(e)}\n`);
  const findings = runChecks(loaded, args.packs);
  const extras = { unreadable: loaded.errors, notChecked: uncheckedObjects(loaded, args.packs) };
  if (args.format === 'json') {
    process.stdout.write(jsonReport(findings, extras));
  } else if (loaded.manifests.length > 0 || loaded.terraform.length > 0) {
    // (Nothing read at all: the lines on standard error say it all.)
    const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    process.stdout.write(tableReport(findings, { colour, ...extras }));
  }
  return failing(findings).length > 0 || loaded.errors.length > 0 ? 1 : 0;
}

function parseCheckArgs(rest: readonly string[]): CheckArgs {
  const paths: string[] = [];
  let format = 'table';
  const packNames: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format' || a === '--pack') {
      const value = rest[++i];
      if (value === undefined) return { mistake: `${a} needs a value` };
      if (a === '--format') format = value; else packNames.push(value);
    } else if (a.startsWith('--format=')) {
      format = a.slice('--format='.length);
    } else if (a.startsWith('-')) {
      return { mistake: `unknown option '${a}'` };
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) return { mistake: 'name at least one file or directory' };
  if (format !== 'table' && format !== 'json') return { mistake: `--format must be table or json, not '${format}'` };
  const unknown = packNames.filter((n) => !ALL_PACKS.some((p) => p.name === n));
  if (unknown.length) return { mistake: `unknown pack '${unknown[0]}' (known: ${ALL_PACKS.map((p) => p.name).join(', ')})` };
  return { paths, format, packs: packNames.length ? ALL_PACKS.filter((p) => packNames.includes(p.name)) : ALL_PACKS };
}

function deployCommand(args: string[]): number | Promise<number> {
  const paths: string[] = [];
  let context: string | undefined;
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--context') {
      context = args[++i];
      if (context === undefined) return usage('--context needs a value');
    } else if (a.startsWith('--context=')) {
      context = a.slice('--context='.length);
    } else if (a === '--dry-run') {
      dryRun = true;
    } else if (a.startsWith('-')) {
      return usage(`unknown option '${a}'`);
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) return usage('deploy: name the directory of one environment, e.g. dist/production');
  return deploy({ paths, context, dryRun }).then(() => 0, (err: unknown) => {
    if (!(err instanceof DeployError)) throw err;
    process.stderr.write(`error: ${err.message}\n`);
    return err.usage ? 2 : 1;
  });
}

/** A mistake in the command: one line, and where the usage is. */
function usage(problem: string): number {
  process.stderr.write(`error: ${problem} (cdk-fastapi-gke --help shows the usage)\n`);
  return 2;
}

void Promise.resolve(main(process.argv.slice(2))).then((code) => { process.exitCode = code; });
