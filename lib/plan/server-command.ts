/**
 * The server command: built in exec form for FastAPI, or given raw and then read for the mistakes that end in
 * CrashLoopBackOff (seed 003). Pure functions, shared by the constructs and the checks.
 */

/** Which program starts the ASGI app. */
export enum ServerRunner {
  /** `uvicorn module:app --host 0.0.0.0 --port N`, FastAPI's documented production command in containers. */
  UVICORN = 'uvicorn',
  /** `fastapi run path/to/main.py --port N` (fastapi-cli; it binds 0.0.0.0 and trusts proxy headers by default). */
  FASTAPI = 'fastapi',
}

/** What {@link buildServerCommand} needs. */
export interface ServerCommandOptions {
  readonly runner: ServerRunner;
  /** `module:attribute` for uvicorn, a file path (optionally `:app`) for `fastapi run`. */
  readonly app: string;
  readonly port: number;
  readonly workers: number;
  /** Trust `X-Forwarded-*` from the TLS-terminating proxy (FastAPI's "behind a proxy" advice). */
  readonly proxyHeaders: boolean;
  /** The proxy addresses to trust for those headers. */
  readonly forwardedAllowIps: string;
  /** uvicorn `--timeout-graceful-shutdown`: seconds to wait for open requests after SIGTERM. */
  readonly gracefulShutdownSeconds?: number;
  /** `--root-path` when a proxy routes the API under a path prefix. */
  readonly rootPath?: string;
  /** uvicorn `--timeout-keep-alive`: longer than the load balancer's idle timeout. */
  readonly keepAliveSeconds?: number;
  readonly extraArgs: readonly string[];
}

/** The exec-form command: no shell, so the server is PID 1 and receives SIGTERM itself. */
export function buildServerCommand(o: ServerCommandOptions): string[] {
  const cmd = o.runner === ServerRunner.UVICORN
    ? ['uvicorn', o.app, '--host', '0.0.0.0', '--port', String(o.port)]
    : ['fastapi', 'run', o.app, '--host', '0.0.0.0', '--port', String(o.port)];
  if (o.workers > 1) cmd.push('--workers', String(o.workers));
  if (o.proxyHeaders) {
    cmd.push('--proxy-headers', '--forwarded-allow-ips', o.forwardedAllowIps);
  } else if (o.runner === ServerRunner.FASTAPI) {
    cmd.push('--no-proxy-headers'); // fastapi-cli trusts proxy headers unless told not to
  }
  if (o.rootPath !== undefined) cmd.push('--root-path', o.rootPath);
  if (o.keepAliveSeconds !== undefined && o.runner === ServerRunner.UVICORN) cmd.push('--timeout-keep-alive', String(o.keepAliveSeconds));
  if (o.gracefulShutdownSeconds !== undefined && o.runner === ServerRunner.UVICORN) {
    cmd.push('--timeout-graceful-shutdown', String(o.gracefulShutdownSeconds));
  }
  return [...cmd, ...o.extraArgs];
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
const SERVERS = /\b(uvicorn|gunicorn|hypercorn|granian|daphne|fastapi|python3?|node|java)\b/;

/** How a raw command goes wrong. */
export interface CommandProblem {
  /** The offending part of the command. */
  readonly fragment: string;
  /** Why it ends in CrashLoopBackOff (or hides signals), in one sentence. */
  readonly reason: string;
}

/**
 * Reads a raw container command for a server that will not stay in the foreground: `&`, `nohup`, or a shell
 * script whose last statement runs in the background. Kubernetes restarts a container whenever its main process ends, so a server started in the
 * background ends in an endless CrashLoopBackOff (seed 003).
 * @returns the first problem found, or `undefined`.
 */
export function findBackgroundedServer(command: readonly string[]): CommandProblem | undefined {
  const script = shellScript(command);
  if (script === undefined) {
    const nohup = command.find((a) => a === 'nohup' || a.endsWith('/nohup'));
    if (nohup) return { fragment: command.join(' '), reason: 'nohup detaches the server from the container\'s main process' };
    return undefined;
  }
  const statements = splitStatements(script);
  if (statements.length === 0) return undefined;
  for (const s of statements) {
    if (s.background && SERVERS.test(s.text)) {
      return { fragment: `${s.text} &`, reason: 'the server runs in the background, so the script (the container\'s main process) ends without it' };
    }
    if (/(^|\s)nohup\s/.test(s.text) && SERVERS.test(s.text)) {
      return { fragment: s.text, reason: 'nohup detaches the server from the container\'s main process' };
    }
  }
  const last = statements[statements.length - 1];
  if (last.background) {
    return { fragment: `${last.text} &`, reason: 'the last command runs in the background, so the script ends at once' };
  }
  return undefined;
}

/**
 * True when the command is a shell script whose last statement does not `exec` the server: the shell stays
 * PID 1 and does not pass SIGTERM on, so graceful shutdown waits out the grace period and then kills requests.
 */
export function isNonExecShellForm(command: readonly string[]): boolean {
  const script = shellScript(command);
  if (script === undefined) return false;
  const statements = splitStatements(script);
  const last = statements[statements.length - 1];
  return last !== undefined && !/^exec\s/.test(last.text);
}

/** Number of `--workers`/`-w` processes the command asks for (1 when not given). */
export function workerCount(command: readonly string[]): number {
  const words = shellScript(command)?.split(/\s+/) ?? [...command];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const eq = /^--workers=(\d+)$/.exec(w);
    if (eq) return Number(eq[1]);
    if ((w === '--workers' || w === '-w') && /^\d+$/.test(words[i + 1] ?? '')) return Number(words[i + 1]);
  }
  return 1;
}

/** The script of `sh -c '...'` (and `bash -lc`, `/bin/sh -c`...), or `undefined` for an exec-form command. */
export function shellScript(command: readonly string[]): string | undefined {
  if (command.length < 3) return undefined;
  const program = command[0].split('/').pop() ?? '';
  if (!SHELLS.has(program)) return undefined;
  const flagIndex = command.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
  return flagIndex > 0 ? command[flagIndex + 1] : undefined;
}

interface Statement {
  readonly text: string;
  readonly background: boolean;
}

/**
 * Splits a shell script into simple statements at newlines, `;`, `&&`, `||` and a lone `&` (which marks the
 * statement before it as backgrounded). Redirections such as `2>&1` and `&>` are not separators. Control words
 * (`if`, `then`, `fi`...) are dropped so that the statements inside a branch are read as statements.
 */
function splitStatements(script: string): Statement[] {
  const out: Statement[] = [];
  const unquoted = script.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, (q) => q.replace(/[;&|\n]/g, ' '));
  const parts = unquoted.split(/(\n|;|&&|\|\||(?<![>&<])&(?![>&]))/);
  let text = '';
  const flush = (background: boolean) => {
    const t = text.trim().replace(/^(if|then|else|elif|do|done|fi|while|until|\{|\})\b\s*/, '').trim();
    if (t && !/^(#|fi$|done$|then$|else$|\}$)/.test(t)) out.push({ text: t, background });
    text = '';
  };
  for (const p of parts) {
    if (p === '&') flush(true);
    else if (p === '\n' || p === ';' || p === '&&' || p === '||') flush(false);
    else text += p;
  }
  flush(false);
  return out;
}
