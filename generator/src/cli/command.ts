/** What a command of the `mpkit` CLI is; the list of them is `commands/index.ts`. */
import { didYouMean, type FlagSpec, UsageError } from "./args.js";

export interface Output {
  /** Results: one line each. */
  out(line: string): void;
  /** Problems and progress: one line each. */
  err(line: string): void;
}

export interface CommandContext extends Output {
  /** The project root (`MPKIT_ROOT`, else the working directory). */
  root: string;
  /** The command's declared flags that were given: `true`, or the flag's value. */
  flags: Record<string, string | true>;
  /** Positional arguments: product names for commands that take them. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Prints a progress line for a finished stage with its time. */
  progress(stage: string, detail: string, ms: number): void;
}

export interface Command {
  name: string;
  /** One line for the command table of `mpkit help`. */
  summary: string;
  /** Positional arguments as shown in the usage line, e.g. `[product…]`; absent when none are taken. */
  args?: string;
  flags: readonly FlagSpec[];
  /** More lines for `mpkit <command> --help`. */
  details?: string;
  /** Returns the exit code. Import heavy modules inside, so `mpkit help` stays fast. */
  run(ctx: CommandContext): Promise<number>;
}

/**
 * Refuses names that are not products of redocly.yaml, with a suggestion; returns the
 * selection (all products when no name is given).
 */
export function selectProducts(names: readonly string[], known: readonly string[]): string[] {
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      unknown.map((n) => `unknown product "${n}"${didYouMean(n, known)}`).join("; ") + `; redocly.yaml declares: ${known.join(", ")}`,
    );
  }
  return names.length === 0 ? [...known] : [...new Set(names)];
}
