#!/usr/bin/env node
/**
 * The `cdk-fastapi-gke` command.
 *   cdk-fastapi-gke check PATH... [--format table|json] [--pack NAME]...
 *   cdk-fastapi-gke init | synth | plan ...   (an app repository's commands: lib/cli/commands.ts)
 * Exit codes: 0 no errors, 1 errors found (or input that could not be read), 2 a usage mistake.
 */
import { loadPaths } from './checks/load';
import { ALL_PACKS } from './checks/packs';
import { jsonReport, tableReport } from './checks/report';
import { failing, runChecks } from './checks/runner';
import { APP_COMMANDS, runAppCommand } from './cli/commands';

const USAGE = `usage: cdk-fastapi-gke check PATH... [--format table|json] [--pack NAME]...
       cdk-fastapi-gke init | synth | plan [--help]   (docs/app-repos.md)

Checks Kubernetes YAML/JSON and cdktf/Terraform JSON (files or directories) against the packs:
${ALL_PACKS.map((p) => `  ${p.name.padEnd(24)} ${p.description}`).join('\n')}
Suppress a finding with the annotation suppress.cdk-fastapi-gke.io/RULE-ID: "reason (10+ characters)".`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if ((APP_COMMANDS as readonly string[]).includes(command)) return runAppCommand(command, rest);
  if (command !== 'check') return usage(`unknown command '${command}'`);
  const paths: string[] = [];
  let format = 'table';
  const packNames: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format' || a === '--pack') {
      const value = rest[++i];
      if (value === undefined) return usage(`${a} needs a value`);
      if (a === '--format') format = value; else packNames.push(value);
    } else if (a.startsWith('--format=')) {
      format = a.slice('--format='.length);
    } else if (a.startsWith('-')) {
      return usage(`unknown option '${a}'`);
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) return usage('name at least one file or directory');
  if (format !== 'table' && format !== 'json') return usage(`--format must be table or json, not '${format}'`);
  const unknown = packNames.filter((n) => !ALL_PACKS.some((p) => p.name === n));
  if (unknown.length) return usage(`unknown pack '${unknown[0]}' (known: ${ALL_PACKS.map((p) => p.name).join(', ')})`);
  const packs = packNames.length ? ALL_PACKS.filter((p) => packNames.includes(p.name)) : ALL_PACKS;

  const loaded = loadPaths(paths);
  for (const e of loaded.errors) process.stderr.write(`error: ${e}\n`);
  const findings = runChecks(loaded, packs);
  if (format === 'json') {
    process.stdout.write(jsonReport(findings));
  } else {
    const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    process.stdout.write(tableReport(findings, { colour }));
  }
  return failing(findings).length > 0 || loaded.errors.length > 0 ? 1 : 0;
}

function usage(problem: string): number {
  process.stderr.write(`error: ${problem}\n${USAGE}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
