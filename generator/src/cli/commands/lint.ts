import type { Command } from "../command.js";
import { selectProducts } from "../command.js";

export const lintCommand: Command = {
  name: "lint",
  summary: "lint the specs with redocly.yaml (any error or warning fails)",
  args: "[product…]",
  flags: [],
  async run(ctx) {
    const { formatProblem, lintProduct, listProducts } = await import("../../load/load-spec.js");
    const all = await listProducts(ctx.root);
    const names = selectProducts(ctx.args, all.map((p) => p.name));
    const products = all.filter((p) => names.includes(p.name));
    let total = 0;
    for (const product of products) {
      const started = performance.now();
      // One product's failure (even an unexpected one) never stops the others from being linted.
      const problems = await lintProduct(ctx.root, product).catch((error: unknown) => [
        {
          file: product.specFile,
          line: 1,
          column: 1,
          severity: "error" as const,
          rule: "mpkit-lint-failed",
          message: error instanceof Error ? error.message : String(error),
        },
      ]);
      ctx.progress("lint", `${product.name}: ${problems.length} problem(s)`, performance.now() - started);
      for (const problem of problems) ctx.out(formatProblem(problem));
      total += problems.length;
    }
    ctx.out(`${total === 0 ? "✓" : "✗"} ${products.length} spec(s) linted, ${total} problem(s)`);
    return total === 0 ? 0 : 1;
  },
};
