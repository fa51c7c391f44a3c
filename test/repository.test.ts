/**
 * Checks on the repository as a whole, run by `npm test`: the specs lint clean, the committed
 * generated files are current (the drift check), everything type-checks, the packages' built
 * ESM and declarations load, and their declarations match the committed API reports.
 *
 * Every check here is a child process (the CLI, `tsc`, API Extractor), and they are all started
 * together when this file begins (test/sequencer.ts starts it first), so they run beside the
 * rest of the suite instead of one after another. The strict type-check of everything is this
 * file's one `tsc --noEmit -p tsconfig.json` (vitest's own type-check pass is off: it would run
 * the same compilation again, after every other file, on one core). The packages' dist/ is
 * built by `npm ci` (the root `prepare` script); test/build-once.ts rebuilds it only when a
 * package source changed since. The drift check's one run of the CLI also answers whether the
 * specs lint clean: it lints every spec as `mpkit lint` does and fails on any error or warning
 * (the `lint` command itself is run by generator/test/cli.test.ts).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { listProducts } from "../generator/src/load/load-spec.js";
import { copyRoot } from "../generator/test/helpers.js";
import vitestConfig from "../vitest.config.js";
import { ensureBuilt } from "./build-once.js";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mpkit = path.join(root, "generator", "bin", "mpkit.js");

async function mpkitIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // No load worker thread (generator/src/load/parallel.ts): it pays only with a core to spare,
    // which a test run never has, and costs its own Redocly and Ajv load (~0.6 s of CPU) per run.
    // Its path is tested by generator/test/cache.test.ts.
    const { stdout, stderr } = await run(process.execPath, [mpkit, ...args], { cwd, env: { ...process.env, MPKIT_ROOT: cwd, MPKIT_WORKERS: "0" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Done {
  code: number;
  stdout: string;
  stderr: string;
}

async function runTsc(): Promise<Done> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--pretty", "false", "-p", "tsconfig.json"], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The drift check of a copy with an edit to specs/invoice that was not regenerated. */
async function staleCheck(): Promise<Done & { edited: boolean }> {
  const copy = copyRoot(root);
  try {
    const spec = path.join(copy.root, "specs/invoice/openapi.yaml");
    const text = readFileSync(spec, "utf8");
    const edited = text.replace(/summary: Cancel an invoice/, "summary: Cancel an unpaid invoice");
    writeFileSync(spec, edited);
    // Only the edited product: the full drift check of every product is the test above.
    return { ...(await mpkitIn(copy.root, "check", "invoice")), edited: edited !== text };
  } finally {
    copy.dispose();
  }
}

/** `node scripts/api-report.mjs`: the built declarations against the committed API reports. */
async function runApiReports(): Promise<Done> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, "scripts", "api-report.mjs")], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every child process of this file, started at once (none of them rejects: failures are results). */
let started: {
  check: Promise<Done>;
  stale: Promise<Done & { edited: boolean }>;
  tsc: Promise<Done>;
  build: Promise<{ error?: unknown }>;
  apiReports: Promise<Done>;
};
beforeAll(() => {
  const build: Promise<{ error?: unknown }> = ensureBuilt().then(
    () => ({}),
    (error: unknown) => ({ error }),
  );
  started = {
    tsc: runTsc(),
    build,
    apiReports: build.then(({ error }) => (error === undefined ? runApiReports() : { code: -1, stdout: "", stderr: `the package build failed: ${String(error)}` })),
    check: mpkitIn(root, "check"),
    stale: staleCheck().catch((error: unknown) => ({ code: -1, stdout: "", stderr: String(error), edited: false })),
  };
});

describe("the specs", () => {
  it("lint with 0 errors and 0 warnings (the drift check lints every spec as `npm run lint` does)", async () => {
    // `check` lints each spec with the same `lintProduct` and config as `mpkit lint`: a lint error
    // stops the product, a lint warning is printed and fails the check. So a passing check, with
    // every product linted and nothing but its ✓ lines on stdout, is a clean `npm run lint`.
    const result = await started.check;
    const products = await listProducts(root);
    expect(products.length).toBeGreaterThan(0);
    for (const product of products) expect(result.stderr).toMatch(new RegExp(`· load +${product.name}: linted and bundled`));
    expect(result.stdout).not.toMatch(/lint warning/);
    expect(result.stdout.trim().split("\n").filter((line) => !line.startsWith("✓"))).toEqual([]);
    expect(result.code).toBe(0);
  }, 180_000);
});

describe("the drift check (mpkit check)", () => {
  it("passes: the committed generated files are what the specs produce", async () => {
    const result = await started.check;
    expect(result.stdout + result.stderr).toMatch(/✓ \d+ generated file\(s\) match the specs/);
    expect(result.code).toBe(0);
  }, 180_000);

  it("fails after an edit to specs/invoice that was not regenerated, naming the stale files", async () => {
    const result = await started.stale;
    expect(result.edited, result.stderr).toBe(true);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("changed   packages/invoice/src/client.gen.ts");
    expect(result.stdout).toContain("changed   packages/invoice/src/schema.gen.ts");
    expect(result.stdout).toMatch(/stale: run `npm run generate`/);
  }, 180_000);
});

describe("the TypeScript", () => {
  it("type-checks strictly, generated code, tests and *.test-d.ts type assertions included (tsc --noEmit -p tsconfig.json)", async () => {
    const tsconfig = JSON.parse(readFileSync(path.join(root, "tsconfig.json"), "utf8")) as { include: string[]; extends: string };
    expect(tsconfig.include).toEqual(expect.arrayContaining(["generator/src", "generator/test", "packages/*/src", "packages/*/test", "mocks/src", "mocks/test", "test"]));
    const base = JSON.parse(readFileSync(path.join(root, tsconfig.extends), "utf8")) as { compilerOptions: Record<string, unknown> };
    expect(base.compilerOptions).toMatchObject({ strict: true, noUncheckedIndexedAccess: true });
    // The type-level tests (expectTypeOf in *.test-d.ts) are checked by this tsc, not by vitest.
    expect(vitestConfig.test?.typecheck?.enabled ?? false).toBe(false);
    const typeTests = readdirSync(path.join(root, "mocks", "test")).filter((f) => f.endsWith(".test-d.ts"));
    expect(typeTests.length).toBeGreaterThan(0);
    const result = await started.tsc;
    expect(`${result.stdout}${result.stderr}`.trim()).toBe("");
    expect(result.code).toBe(0);
    // A bound, not an expectation: tsc shares the cores with the rest of the suite.
  }, 400_000);

  it("builds every package to ESM with .d.ts files that load through their exports map", async () => {
    // Built by `npm ci` (or again here after a source changed), shared with the packed-app test
    // (test/build-once.ts).
    const built = await started.build;
    if (built.error) throw built.error;
    const packages = ["packages/core", ...(await listProducts(root)).map((p) => `packages/${p.name}`), "mocks"];
    expect(packages).toHaveLength(7);
    for (const pkg of packages) {
      expect(existsSync(path.join(root, pkg, "dist", "index.js")), pkg).toBe(true);
      expect(existsSync(path.join(root, pkg, "dist", "index.d.ts")), pkg).toBe(true);
    }
    // What a compile that imports the packages reads: @mpkit/core's declarations never load
    // oauth4webapi's (119 KB), the mocks' never MSW's root entry (which re-exports its GraphQL API).
    expect([...declarationImports(path.join(root, "packages/core/dist/index.d.ts"))]).not.toContain("oauth4webapi");
    expect([...declarationImports(path.join(root, "mocks/dist/index.d.ts"))]).not.toContain("msw");
    // Plain Node, without the source condition: what a user of the published packages gets.
    const script = `
      const invoice = await import("@mpkit/invoice");
      const mocks = await import("@mpkit/mocks/node");
      const client = invoice.createInvoiceClient({ credentials: { MerchantOidc: "t", IbmClientId: "i", IbmClientSecret: "s" } });
      const server = mocks.createMockServer();
      server.listen({ onUnhandledRequest: "error" });
      const me = await client.getCurrentMerchant();
      server.close();
      console.log(JSON.stringify({ resolved: import.meta.resolve("@mpkit/invoice"), me }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    const result = JSON.parse(stdout) as { resolved: string; me: { MerchantId: string } };
    expect(result.resolved).toMatch(/packages\/invoice\/dist\/index\.js$/);
    expect(result.me.MerchantId).toMatch(/^[0-9a-f-]{36}$/);
  }, 400_000);

  it("gives the client packages the .d.ts surface of their committed API reports (API Extractor, every package)", async () => {
    const result = await started.apiReports;
    const clientPackages = 1 + (await listProducts(root)).length;
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`✓ ${clientPackages} API report(s) match the built declarations`);
    expect(result.code).toBe(0);
  }, 400_000);
});

/** The packages a built declaration file imports, through the relative imports it follows. */
function declarationImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      if (spec!.startsWith(".")) visit(path.resolve(path.dirname(file), spec!.replace(/\.js$/, ".d.ts")));
      else packages.add(spec!);
    }
  };
  visit(entry);
  return packages;
}
