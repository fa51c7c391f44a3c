import type { Command } from "../command.js";
import { selectProducts } from "../command.js";

export const generateCommand: Command = {
  name: "generate",
  summary: "lint and bundle the specs, regenerate clients and mocks, then build the docs site",
  args: "[product…]",
  flags: [{ name: "--no-docs", description: "skip the docs site (docs/dist)" }],
  details: "With product names, only their files (and the files shared by all products) are written.",
  async run(ctx) {
    const started = performance.now();
    const { listProducts } = await import("../../load/load-spec.js");
    const names = selectProducts(ctx.args, (await listProducts(ctx.root)).map((p) => p.name));
    const { generate } = await import("../../pipeline.js");
    const result = await generate(ctx.root, ctx.args.length === 0 ? [] : names, { progress: ctx.progress });
    for (const p of result.written) ctx.out(`  wrote ${p}`);
    for (const p of result.removed) ctx.out(`  removed ${p}`);
    ctx.out(
      `✓ ${result.total} generated file(s), ${result.written.length} changed, ${result.removed.length} removed (${Math.round(performance.now() - started)} ms)`,
    );
    if (ctx.flags["--no-docs"] !== true) {
      const { buildDocsSite } = await import("../../docs/build-docs.js");
      await buildDocsSite(ctx.root, { log: ctx.out, model: result.model });
    }
    return 0;
  },
};
