/**
 * The flags of `init`, `synth` and `plan`: booleans (`--k8s-only`) and values (`--port 8000` or `--port=8000`), no
 * positional arguments. A mistake is a {@link UsageError}: the command prints it with its usage and exits 2.
 */

/** A command line the command cannot run: an unknown flag, a missing or wrong value. */
export class UsageError extends Error {
  /** A user mistake: printed as one line. */
  public readonly isUserError = true;
}

/** What a command accepts. */
export interface FlagSpec {
  /** Flags that take no value. */
  readonly booleans: readonly string[];
  /** Flags that take one value. */
  readonly values: readonly string[];
}

/** The flags given: booleans present, and values by flag name (without the dashes). */
export interface Flags {
  readonly booleans: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/** Reads `argv` against `spec`; throws {@link UsageError} for anything it does not accept. */
export function parseFlags(argv: readonly string[], spec: FlagSpec): Flags {
  const booleans = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (spec.booleans.includes(name) && eq === -1) {
      booleans.add(name);
    } else if (spec.values.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return { booleans, values };
}
