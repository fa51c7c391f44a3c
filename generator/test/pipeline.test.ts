/** The generate and check commands over a copy of the fixture corpus. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { check, generate } from "../src/pipeline.js";
import { copyRoot } from "./helpers.js";

let fixture: { root: string; dispose: () => void };
beforeEach(() => {
  fixture = copyRoot();
});
afterEach(() => fixture.dispose());

// The corpus generated once; tests that start from a generated tree work on a copy of it.
let generated: { root: string; dispose: () => void };
beforeAll(async () => {
  generated = copyRoot();
  await generate(generated.root);
});
afterAll(() => generated.dispose());
function startGenerated(): void {
  fixture.dispose();
  fixture = copyRoot(generated.root);
}

describe("generate", () => {
  it("writes every file once, then nothing when run again", async () => {
    const first = await generate(fixture.root);
    expect(first.written).toHaveLength(first.total);
    const second = await generate(fixture.root);
    expect(second.written).toEqual([]);
    expect((await check(fixture.root)).stale).toEqual([]);
  });

  it("with product names, writes only their files and the shared ones", async () => {
    const result = await generate(fixture.root, ["tiny-tools"]);
    expect(result.written.every((p) => p.includes("tiny-tools") || p.startsWith("mocks/src/products") || p === "mocks/package.json")).toBe(true);
    expect(existsSync(path.join(fixture.root, "packages/shop"))).toBe(false);
    expect(existsSync(path.join(fixture.root, "packages/tiny-tools/src/client.gen.ts"))).toBe(true);
  });

  it("refuses an unknown product name", async () => {
    await expect(generate(fixture.root, ["nope"])).rejects.toThrow(/unknown product\(s\): nope; redocly.yaml declares: shop, tiny-tools/);
  });

  it("removes generated files the specs no longer produce, and check reports them first", async () => {
    startGenerated();
    // A product's generated modules, the mocks' data module (mock.gen.js) and its declaration included.
    const gone = ["handlers.gen.ts", "mock.gen.d.ts", "mock.gen.js"].map((name) => `mocks/src/gone/${name}`);
    mkdirSync(path.join(fixture.root, "mocks/src/gone"), { recursive: true });
    for (const file of gone) writeFileSync(path.join(fixture.root, file), readFileSync(path.join(fixture.root, file.replace("/gone/", "/shop/")), "utf8"));
    expect((await check(fixture.root)).stale).toEqual(gone.map((p) => ({ path: p, status: "orphaned" })));
    const result = await generate(fixture.root);
    expect(result.removed).toEqual(gone);
    for (const file of gone) expect(existsSync(path.join(fixture.root, file)), file).toBe(false);
  });

  it("never removes a hand-written file, even next to generated ones", async () => {
    startGenerated();
    const handWritten = path.join(fixture.root, "packages/shop/src/extra.gen.ts");
    writeFileSync(handWritten, "export const mine = 1;\n");
    await generate(fixture.root);
    expect(existsSync(handWritten)).toBe(true);
  });
});

describe("check", () => {
  it("lists missing and changed files", async () => {
    startGenerated();
    writeFileSync(path.join(fixture.root, "packages/shop/src/client.gen.ts"), "// edited by hand\n");
    rmSync(path.join(fixture.root, "mocks/src/shop/mock.gen.js"));
    expect((await check(fixture.root)).stale).toEqual([
      { path: "mocks/src/shop/mock.gen.js", status: "missing" },
      { path: "packages/shop/src/client.gen.ts", status: "changed" },
    ]);
  });
});
