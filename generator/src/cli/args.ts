/**
 * Argument parsing for the `mpkit` commands: flags are declared per command, anything else
 * starting with `-` is refused with a suggestion, and the rest are positional arguments.
 */

export interface FlagSpec {
  /** Long form, with the dashes: `--no-docs`. */
  name: string;
  /** Short alias, with the dash: `-w`. */
  alias?: string;
  /** Name of the value in the help (`--base <ref>`); absent for a boolean flag. */
  value?: string;
  description: string;
}

export interface ParsedArgs {
  flags: Record<string, string | true>;
  positional: string[];
  help: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

/** Edit distance, for "did you mean". */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest candidate within a few edits (or sharing a prefix), as ` (did you mean "x"?)`. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const d = distance(input.toLowerCase(), candidate.toLowerCase());
    const limit = Math.max(2, Math.floor(candidate.length / 3));
    const prefix = candidate.startsWith(input) || input.startsWith(candidate);
    const score = prefix ? Math.min(d, 1) : d;
    if ((score <= limit || prefix) && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], command: string): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const spec = specs.find((s) => s.name === name || s.alias === name);
    if (!spec) {
      const known = specs.flatMap((s) => [s.name, ...(s.alias ? [s.alias] : [])]);
      throw new UsageError(`mpkit ${command}: unknown flag ${name}${didYouMean(name, [...known, "--help"])}`);
    }
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`mpkit ${command}: ${spec.name} takes no value`);
      flags[spec.name] = true;
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith("-"))) {
        throw new UsageError(`mpkit ${command}: ${spec.name} needs a value (${spec.name} <${spec.value}>)`);
      }
      flags[spec.name] = value;
    }
  }
  return { flags, positional, help };
}
