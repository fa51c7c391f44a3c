/** The `mpkit diff` and the gate part of `mpkit check`, kept out of cli.ts so that it loads only when used. */
import { writeChangesets } from "./changesets.js";
import { formatJson, formatMarkdown, formatTerminal } from "./format.js";
import { checkReadmeTable, versionGate } from "./gate.js";
import { DEFAULT_BASE, diffSpecs } from "./run-diff.js";
import type { Model } from "../model/model.js";

export const DIFF_USAGE = `usage: mpkit diff [--base <git ref>] [--markdown | --json] [--changeset] [product…]

  Compares each product's spec at the base revision (default: ${DEFAULT_BASE}, the last commit) with the
  working tree and classifies every change for client users: breaking, non-breaking or docs only.
  --markdown / --json   print the report as Markdown (for a pull request) or JSON
  --changeset           also write .changeset/*.md from the report (then: npx changeset version; npx mpkit generate)
  Exit code 0 whatever the changes; the version gate is \`mpkit check\`.
`;

/** Splits `--base <ref>` / `--base=<ref>` and the other flags from product names. */
export function parseDiffArgs(args: readonly string[]): { base: string; flags: Set<string>; names: string[] } {
  let base = DEFAULT_BASE;
  const flags = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--base") {
      const next = args[++i];
      if (next === undefined || next.startsWith("--")) throw new Error("--base needs a git ref, e.g. --base main");
      base = next;
    } else if (arg.startsWith("--base=")) base = arg.slice("--base=".length);
    else if (arg.startsWith("-")) flags.add(arg);
    else names.push(arg);
  }
  return { base, flags, names };
}

const DIFF_FLAGS = ["--markdown", "--json", "--changeset", "--help", "-h"];

export async function runDiff(root: string, args: readonly string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { base, flags, names } = parseDiffArgs(args);
  if (flags.has("--help") || flags.has("-h")) {
    out(DIFF_USAGE);
    return 0;
  }
  const unknown = [...flags].filter((f) => !DIFF_FLAGS.includes(f));
  if (unknown.length > 0) throw new Error(`diff: unknown option ${unknown.join(", ")}\n\n${DIFF_USAGE}`);
  const report = await diffSpecs(root, { base, products: names });
  out(flags.has("--json") ? formatJson(report) : flags.has("--markdown") ? formatMarkdown(report) : formatTerminal(report));
  if (flags.has("--changeset")) {
    const written = writeChangesets(root, report.products);
    const log = flags.has("--json") ? (t: string) => process.stderr.write(t) : out;
    for (const w of written) log(`  wrote ${w.file} (${w.packageName}: ${w.type})\n`);
    if (written.length === 0) log("  no changes: no changeset written\n");
    else log("  next: npx changeset version && npx mpkit generate\n");
  }
  return 0;
}

/** The gate and README checks of `mpkit check`; returns whether they pass. */
export async function runCheckGates(root: string, model: Model, args: readonly string[], out: (line: string) => void): Promise<boolean> {
  const { base } = parseDiffArgs(args);
  const readme = checkReadmeTable(root, model);
  for (const line of readme) out(`✗ ${line}`);
  if (readme.length === 0) out("✓ README product table matches the specs");
  const gate = await versionGate(root, base);
  for (const line of gate.lines) out(line);
  return readme.length === 0 && gate.ok;
}
