import * as path from "node:path";
import type { Command, CommandContext } from "../command.js";
import { selectProducts } from "../command.js";

const DOCS_DIR = "docs/dist";

export const generateCommand: Command = {
  name: "generate",
  summary: "lint and bundle the specs, regenerate clients and mocks, then build the docs site",
  args: "[product…]",
  flags: [
    { name: "--no-docs", description: "skip the docs site (docs/dist)" },
    { name: "--no-cache", description: "rebuild even when specs, config and generator are unchanged" },
    { name: "--watch", alias: "-w", description: "then regenerate a product (files, diff report, docs page) each time one of its spec files is saved" },
  ],
  details: [
    "With product names, only their files (and the files shared by all products) are written.",
    "An unchanged project is answered from node_modules/.cache/mpkit (keyed by the spec files, the",
    "config, the lockfile and the generator's built code); set MPKIT_CACHE=off or pass --no-cache to skip it.",
  ].join("\n"),
  async run(ctx) {
    const code = await generateOnce(ctx);
    if (code !== 0 || ctx.flags["--watch"] !== true) return code;
    const { runWatch } = await import("../../watch.js");
    return runWatch(ctx.root, ctx.args, ctx.flags["--no-docs"] !== true);
  },
};

async function generateOnce(ctx: CommandContext): Promise<number> {
  const started = performance.now();
  const docs = ctx.flags["--no-docs"] !== true;
  const selection = [...new Set(ctx.args)].sort();
  const cache = await import("../cache.js");
  const dir = ctx.flags["--no-cache"] === true || ctx.env.MPKIT_CACHE === "off" ? undefined : cache.cacheDir(ctx.root);
  const code = dir ? cache.builtCodeHash() : undefined;
  const outDir = path.join(ctx.root, DOCS_DIR);

  if (dir && code) {
    const t = performance.now();
    const entry = cache.lookup(dir, ctx.root, code, selection);
    if (entry && (!docs || cache.docsFresh(dir, outDir, entry.key))) {
      ctx.progress("cache", `specs, config and generator unchanged (${entry.key.slice(0, 12)})`, performance.now() - t);
      const { writeGenerated } = await import("../../write/write-generated.js");
      const w = performance.now();
      const result = await writeGenerated(ctx.root, entry.files, selection);
      ctx.progress("write", `${result.written.length} written, ${result.removed.length} removed`, performance.now() - w);
      report(ctx, result, started);
      if (docs) ctx.out(`✓ docs site unchanged in ${DOCS_DIR}`);
      return 0;
    }
  }

  const buildStarted = Date.now();
  // The load worker (when a core is free) starts loading its modules now, beside ours.
  (await import("../../load/worker-pool.js")).prestartWorker();
  const { listProducts } = await import("../../load/load-spec.js");
  const names = selectProducts(ctx.args, (await listProducts(ctx.root)).map((p) => p.name));
  const { generate } = await import("../../pipeline.js");
  const inputs = new Set<string>();
  // partial: a product whose spec fails keeps its previous output; the others are generated.
  const result = await generate(ctx.root, ctx.args.length === 0 ? [] : names, { progress: ctx.progress, inputs, partial: true });
  const { formatProblem } = await import("../../load/load-spec.js");
  for (const warning of result.warnings) ctx.err(formatProblem(warning));
  const failed = result.failed.filter((f) => ctx.args.length === 0 || names.includes(f.name));
  for (const f of failed) for (const problem of f.problems) ctx.err(formatProblem(problem));
  // A run with a failed product reports on stderr only: stdout stays empty when the command fails.
  if (failed.length === 0) report(ctx, result, started);
  else if (result.model.products.length > 0) report({ ...ctx, out: ctx.err }, result, started);
  const relative = [...inputs].map((f) => path.relative(ctx.root, f).split(path.sep).join("/"));
  const products = result.model.products.map((p) => p.name);
  const complete = result.failed.length === 0;
  const key = complete && dir && code ? cache.store(dir, ctx.root, code, selection, relative, products, result.files, buildStarted) : undefined;
  if (docs && result.model.products.length > 0) {
    const { buildDocsSite } = await import("../../docs/build-docs.js");
    const pages = await buildDocsSite(ctx.root, { log: failed.length === 0 ? ctx.out : ctx.err, model: result.model, keep: result.failed.map((f) => f.name) });
    if (dir && key) cache.stampDocs(dir, outDir, key, pages);
  }
  if (failed.length > 0) {
    const count = failed.reduce((n, f) => n + f.problems.length, 0);
    const generated = result.model.products.filter((p) => ctx.args.length === 0 || names.includes(p.name)).map((p) => p.name);
    ctx.err(
      `✗ ${count} problem(s) in the specs; nothing was written for ${failed.map((f) => f.name).join(", ")} (its previous output is untouched)` +
        (generated.length > 0 ? `; generated: ${generated.join(", ")}` : ""),
    );
    return 1;
  }
  return 0;
}

function report(ctx: CommandContext, result: { written: string[]; removed: string[]; total: number }, started: number): void {
  for (const p of result.written) ctx.out(`  wrote ${p}`);
  for (const p of result.removed) ctx.out(`  removed ${p}`);
  ctx.out(
    `✓ ${result.total} generated file(s), ${result.written.length} changed, ${result.removed.length} removed (${Math.round(performance.now() - started)} ms)`,
  );
}
