import type { Command } from "../command.js";
import { selectProducts } from "../command.js";

export const checkCommand: Command = {
  name: "check",
  summary: "fail when committed generated files differ from what the specs produce (drift check)",
  args: "[product…]",
  flags: [{ name: "--base", value: "ref", description: "the git ref the version gate compares with (default: HEAD)" }],
  details: [
    "Regenerates in memory, never from a cache. With product names, only their files and the shared ones are compared.",
    "Then two gates: the README's product table must match the specs, and a breaking change since --base",
    "must come with a breaking-change version bump (applied, or pending in a changeset).",
  ].join("\n"),
  async run(ctx) {
    // The load worker (when a core is free) starts loading its modules now, beside ours.
    (await import("../../load/worker-pool.js")).prestartWorker();
    const { listProducts } = await import("../../load/load-spec.js");
    const names = selectProducts(ctx.args, (await listProducts(ctx.root)).map((p) => p.name));
    const { check } = await import("../../pipeline.js");
    const result = await check(ctx.root, { progress: ctx.progress });
    const selected = ctx.args.length === 0 ? undefined : new Set(names);
    const productOf = new Map(result.files.map((f) => [f.path, f.product]));
    const stale = result.stale.filter((s) => {
      const product = productOf.get(s.path);
      return !selected || product === undefined || selected.has(product);
    });
    // Lint warnings let `generate` go ahead, but not the check (model warnings are mpkit-* rules).
    const { formatProblem } = await import("../../load/load-spec.js");
    const lintWarnings = result.model.products
      .filter((p) => !selected || selected.has(p.name))
      .flatMap((p) => p.warnings.filter((w) => !w.rule.startsWith("mpkit-")));
    for (const w of lintWarnings) ctx.out(formatProblem(w));
    if (lintWarnings.length > 0) ctx.out(`✗ ${lintWarnings.length} lint warning(s): fix them, or turn the rule off for that product in redocly.yaml`);
    if (stale.length === 0) {
      if (lintWarnings.length > 0) return 1;
      ctx.out(`✓ ${result.total} generated file(s) match the specs`);
      const { runCheckGates } = await import("../../diff/command.js");
      const base = typeof ctx.flags["--base"] === "string" ? ["--base", ctx.flags["--base"]] : [];
      return (await runCheckGates(ctx.root, result.model, base, ctx.out)) ? 0 : 1;
    }
    for (const s of stale) ctx.out(`  ${s.status.padEnd(9)} ${s.path}`);
    ctx.out(`✗ ${stale.length} generated file(s) are stale: run \`npm run generate\` and commit the result`);
    return 1;
  },
};
