import type { Command } from "../command.js";

export const docsCommand: Command = {
  name: "docs",
  summary: "build the docs site into docs/dist",
  flags: [],
  async run(ctx) {
    const { buildModel } = await import("../../pipeline.js");
    // A product whose spec fails keeps its previous pages; the others are documented.
    const model = await buildModel(ctx.root, { progress: ctx.progress, partial: true });
    const failed = model.failed ?? [];
    if (model.products.length > 0) {
      const { buildDocsSite } = await import("../../docs/build-docs.js");
      await buildDocsSite(ctx.root, { log: ctx.out, model, keep: failed.map((f) => f.name) });
    }
    if (failed.length === 0) return 0;
    const { formatProblem } = await import("../../load/load-spec.js");
    for (const f of failed) for (const problem of f.problems) ctx.err(formatProblem(problem));
    ctx.err(`✗ not documented: ${failed.map((f) => f.name).join(", ")} (previous pages kept)`);
    return 1;
  },
};
