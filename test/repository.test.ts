/**
 * Checks on the repository as a whole, run by `npm test`: the specs lint clean, the committed
 * generated files are current (the drift check), everything type-checks, and the packages
 * build to ESM with declarations.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { listProducts } from "../generator/src/load/load-spec.js";
import { copyRoot } from "../generator/test/helpers.js";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mpkit = path.join(root, "generator", "bin", "mpkit.js");

async function mpkitIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [mpkit, ...args], { cwd, env: { ...process.env, MPKIT_ROOT: cwd } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("the specs", () => {
  it("lint with 0 errors and 0 warnings (npm run lint)", async () => {
    const result = await mpkitIn(root, "lint");
    expect(result.stdout).toMatch(/✓ \d+ spec\(s\) linted, 0 problem\(s\)/);
    expect(result.code).toBe(0);
  }, 60_000);
});

describe("the drift check (mpkit check)", () => {
  it("passes: the committed generated files are what the specs produce", async () => {
    const result = await mpkitIn(root, "check");
    expect(result.stdout + result.stderr).toMatch(/✓ \d+ generated file\(s\) match the specs/);
    expect(result.code).toBe(0);
  }, 60_000);

  it("fails after an edit to specs/invoice that was not regenerated, naming the stale files", async () => {
    const copy = copyRoot(root);
    try {
      const spec = path.join(copy.root, "specs/invoice/openapi.yaml");
      const text = readFileSync(spec, "utf8");
      const edited = text.replace(/summary: Cancel an invoice/, "summary: Cancel an unpaid invoice");
      expect(edited).not.toBe(text);
      writeFileSync(spec, edited);
      const result = await mpkitIn(copy.root, "check");
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("changed   packages/invoice/src/client.gen.ts");
      expect(result.stdout).toContain("changed   packages/invoice/src/schema.gen.ts");
      expect(result.stdout).toMatch(/stale: run `npm run generate`/);
    } finally {
      copy.dispose();
    }
  }, 60_000);
});

describe("the TypeScript", () => {
  it("type-checks strictly, generated code and tests included (tsc --noEmit)", async () => {
    const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
    // On failure, print tsc's report as lines (file(line,col): error TSxxxx …), not one escaped string.
    const output = await run(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json"), "--pretty", "false"], { cwd: root }).then(
      () => "",
      (error: { stdout?: string; stderr?: string; message: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`.trim() || error.message,
    );
    if (output !== "") throw new Error(`tsc --noEmit found errors:\n${output}`);
  }, 180_000);

  it("builds every package to ESM with .d.ts files that load through their exports map", async () => {
    await run("npm", ["run", "build", "--silent"], { cwd: root });
    const packages = ["packages/core", ...(await listProducts(root)).map((p) => `packages/${p.name}`), "mocks"];
    expect(packages).toHaveLength(7);
    for (const pkg of packages) {
      expect(existsSync(path.join(root, pkg, "dist", "index.js")), pkg).toBe(true);
      expect(existsSync(path.join(root, pkg, "dist", "index.d.ts")), pkg).toBe(true);
    }
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
  }, 180_000);
});
