import type { Command } from "../command.js";
import { selectProducts } from "../command.js";

/** Rebuilds the argument list the diff module parses from what the registry already parsed. */
export function diffArgs(flags: Record<string, string | true>, names: readonly string[]): string[] {
  const args: string[] = [];
  for (const [name, value] of Object.entries(flags)) {
    if (value === true) args.push(name);
    else args.push(name, value);
  }
  return [...args, ...names];
}

export const diffCommand: Command = {
  name: "diff",
  summary: "classify the spec changes since a git ref for client users: breaking, non-breaking, docs only",
  args: "[product…]",
  flags: [
    { name: "--base", value: "ref", description: "the git ref to compare with (default: HEAD, the last commit)" },
    { name: "--markdown", description: "print the report as Markdown, for a pull request" },
    { name: "--json", description: "print the report as JSON" },
    { name: "--changeset", description: "also write .changeset/*.md from the report (then: npx changeset version; npx mpkit generate)" },
  ],
  details: [
    "Both sides are compared on the model: requests are written by callers, responses and webhook",
    "payloads are read, so the same change can break in one direction and not the other.",
  ].join("\n"),
  async run(ctx) {
    const { listProducts } = await import("../../load/load-spec.js");
    if (ctx.args.length > 0) selectProducts(ctx.args, (await listProducts(ctx.root)).map((p) => p.name));
    const { runDiff } = await import("../../diff/command.js");
    return runDiff(ctx.root, diffArgs(ctx.flags, ctx.args), (text) => {
      for (const line of text.replace(/\n$/, "").split("\n")) ctx.out(line);
    });
  },
};
