/**
 * `mpkit` — the command line of the toolkit.
 *
 *   mpkit generate [product…]   lint, bundle and regenerate clients and mocks (then the docs site); --watch
 *   mpkit check                 exit 1 when committed generated files are stale (drift check),
 *                               the README's product table is stale, or a breaking change lacks a major bump
 *   mpkit diff [product…]       classify the spec changes since the last commit (breaking, non-breaking, docs)
 *   mpkit lint [product…]       lint the specs; exit 1 on any error or warning
 *   mpkit docs                  build the docs site into docs/dist
 */
import * as path from "node:path";
import { buildDocsSite } from "./docs/build-docs.js";
import { formatProblem, lintProduct, listProducts, SpecError } from "./load/load-spec.js";
import { check, generate } from "./pipeline.js";

const USAGE = `usage: mpkit <command>

  generate [product…] [--no-docs] [--watch]
                                    regenerate clients and mocks from the specs, then the docs site;
                                    --watch: then regenerate a product (and its docs page) on each save
  check [--base <ref>]              fail when generated files differ from what the specs produce, the README's
                                    product table is stale, or a breaking change since <ref> lacks a major bump
  diff [--base <ref>] [product…]    classify spec changes for client users (--markdown, --json, --changeset)
  lint [product…]                   lint the specs (any error or warning fails)
  docs                              build the docs site into docs/dist
`;

function findRoot(): string {
  return path.resolve(process.env.MPKIT_ROOT ?? process.cwd());
}

async function runLint(root: string, names: string[]): Promise<number> {
  const products = (await listProducts(root)).filter((p) => names.length === 0 || names.includes(p.name));
  let total = 0;
  for (const product of products) {
    const problems = await lintProduct(root, product);
    for (const problem of problems) console.log(formatProblem(problem));
    total += problems.length;
  }
  console.log(`${total === 0 ? "✓" : "✗"} ${products.length} spec(s) linted, ${total} problem(s)`);
  return total === 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = rest.filter((a) => a.startsWith("--"));
  const names = rest.filter((a) => !a.startsWith("--"));
  const root = findRoot();
  switch (command) {
    case "generate": {
      const started = performance.now();
      const result = await generate(root, names);
      for (const p of result.written) console.log(`  wrote ${p}`);
      for (const p of result.removed) console.log(`  removed ${p}`);
      console.log(
        `✓ ${result.total} generated file(s), ${result.written.length} changed, ${result.removed.length} removed (${Math.round(performance.now() - started)} ms)`,
      );
      if (!flags.includes("--no-docs")) await buildDocsSite(root, { log: (line) => console.log(line) });
      if (flags.includes("--watch")) return (await import("./watch.js")).runWatch(root, names, !flags.includes("--no-docs"));
      return 0;
    }
    case "check": {
      const result = await check(root);
      if (result.stale.length === 0) {
        console.log(`✓ ${result.total} generated file(s) match the specs`);
        const { runCheckGates } = await import("./diff/command.js");
        return (await runCheckGates(root, result.model!, rest, (line) => console.log(line))) ? 0 : 1;
      }
      for (const s of result.stale) console.log(`  ${s.status.padEnd(9)} ${s.path}`);
      console.log(`✗ ${result.stale.length} generated file(s) are stale: run \`npm run generate\` and commit the result`);
      return 1;
    }
    case "lint":
      return runLint(root, names);
    case "diff":
      return (await import("./diff/command.js")).runDiff(root, rest);
    case "docs":
      await buildDocsSite(root, { log: (line) => console.log(line) });
      return 0;
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`mpkit: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof SpecError) {
      console.error(error.message);
      console.error(`✗ ${error.problems.length} problem(s) in the specs; nothing was written`);
    } else {
      console.error(`mpkit: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exitCode = 1;
  },
);
