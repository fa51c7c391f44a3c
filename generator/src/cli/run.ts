/**
 * The `mpkit` command line: global options, the command table from `commands/index.ts`, and
 * one error format. `runCli` never exits the process, so tests call it in-process.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { didYouMean, parseArgs, UsageError } from "./args.js";
import type { Command, Output } from "./command.js";
import { COMMANDS } from "./commands/index.js";

export interface CliIo extends Output {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The generator's package.json, found from this file in the sources and in the build alike. */
export function generatorVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version: string };
      if (pkg.name === "@mpkit/generator") return pkg.version;
    } catch {
      // not here; look further up
    }
    const up = path.dirname(dir);
    if (up === dir) return "unknown";
    dir = up;
  }
}

function usageLine(command: Command): string {
  const flags = command.flags.map((f) => `[${f.name}${f.value ? ` <${f.value}>` : ""}]`);
  return [command.name, command.args, ...flags].filter(Boolean).join(" ");
}

export function mainHelp(): string {
  const lines = COMMANDS.map((c) => [usageLine(c), c.summary] as const);
  const width = Math.max(...lines.map(([u]) => u.length)) + 3;
  return [
    "usage: mpkit <command> [options]",
    "",
    ...lines.map(([u, s]) => `  ${u.padEnd(width)}${s}`),
    "",
    "  -h, --help      help (also `mpkit <command> --help`)",
    "  -v, --version   print the version",
    "",
    "Run it from the project root as `npx mpkit <command>`, or `npm run <command> -- <args>`.",
  ].join("\n");
}

export function commandHelp(command: Command): string {
  const rows: [string, string][] = [
    ...command.flags.map((f): [string, string] => [`${f.alias ? `${f.alias}, ` : ""}${f.name}${f.value ? ` <${f.value}>` : ""}`, f.description]),
    ["-h, --help", "this help"],
  ];
  const width = Math.max(...rows.map(([n]) => n.length)) + 3;
  return [
    `usage: mpkit ${usageLine(command)}`,
    "",
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details ? [command.details] : []),
    ...(command.args ? ["", `  ${command.args.padEnd(width)}products declared under \`apis\` in redocly.yaml (default: all)`] : [""]),
    ...rows.map(([n, d]) => `  ${n.padEnd(width)}${d}`),
  ].join("\n");
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Runs one `mpkit` invocation; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.err(mainHelp());
      return 2;
    }
    if (first === "-h" || first === "--help") {
      io.out(mainHelp());
      return 0;
    }
    if (first === "-v" || first === "--version") {
      io.out(generatorVersion());
      return 0;
    }
    if (first === "help") {
      const topic = rest[0];
      const command = COMMANDS.find((c) => c.name === topic);
      if (topic !== undefined && !command) throw new UsageError(`mpkit help: unknown command "${topic}"${didYouMean(topic, COMMANDS.map((c) => c.name))}`);
      io.out(command ? commandHelp(command) : mainHelp());
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (!command) {
      const hint = first.startsWith("-") ? "" : didYouMean(first, [...COMMANDS.map((c) => c.name), "help"]);
      throw new UsageError(`mpkit: unknown ${first.startsWith("-") ? "option" : "command"} "${first}"${hint}`);
    }
    const parsed = parseArgs(rest, command.flags, command.name);
    if (parsed.help) {
      io.out(commandHelp(command));
      return 0;
    }
    if (!command.args && parsed.positional.length > 0) {
      throw new UsageError(`mpkit ${command.name}: takes no arguments, got "${parsed.positional.join(" ")}"`);
    }
    return await command.run({
      root: path.resolve(env.MPKIT_ROOT ?? io.cwd ?? process.cwd()),
      flags: parsed.flags,
      args: parsed.positional,
      env,
      out: io.out,
      err: io.err,
      progress: (stage, detail, ms) => io.err(`  · ${stage.padEnd(8)} ${detail} (${formatMs(ms)})`),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message.startsWith("mpkit") ? error.message : `mpkit ${first}: ${error.message}`);
      io.err(`run \`mpkit ${COMMANDS.some((c) => c.name === first) ? `${first} ` : ""}--help\` for usage`);
      return 2;
    }
    // A SpecError from the loader (checked by shape: importing its module would load the OpenAPI library).
    const problems = (error as { problems?: unknown }).problems;
    if (error instanceof Error && error.name === "SpecError" && Array.isArray(problems)) {
      io.err(error.message);
      io.err(`✗ ${problems.length} problem(s) in the specs; nothing was written`);
      return 1;
    }
    io.err(`mpkit: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
