/**
 * The generate cache (`generator/src/cli/cache.ts`): keyed by every input, never stored for a
 * build whose inputs changed under it, and end to end through the built `mpkit` binary.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheDir, cacheKey, docsFresh, lookup, stampDocs, store } from "../src/cli/cache.js";
import { copyRoot, repoRoot } from "./helpers.js";

const run = promisify(execFile);

describe("the cache key and store", () => {
  let root: string;
  let dir: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const past = Date.now() - 60_000;
  const age = (file: string) => utimesSync(path.join(root, file), past / 1000, past / 1000);
  const inputs = ["specs/a/openapi.yaml", "specs/common/schemas.yaml"];
  const files = [{ path: "packages/a/src/client.gen.ts", product: "a", contents: "// a\n" }];

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "mpkit-cache-"));
    mkdirSync(path.join(root, "node_modules"));
    dir = cacheDir(root)!;
    write("redocly.yaml", "apis:\n  a:\n    root: specs/a/openapi.yaml\n");
    write("package-lock.json", "{}\n");
    write(inputs[0]!, "openapi: 3.1.0\n");
    write(inputs[1]!, "Thing: {}\n");
    for (const f of ["redocly.yaml", ...inputs]) age(f);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("lives in node_modules/.cache, and nowhere without node_modules", () => {
    expect(dir).toBe(path.join(root, "node_modules", ".cache", "mpkit"));
    rmSync(path.join(root, "node_modules"), { recursive: true });
    expect(cacheDir(root)).toBeUndefined();
  });

  it("finds what was stored while nothing changed", () => {
    const key = store(dir, root, "code-1", [], inputs, ["a"], files, Date.now());
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(lookup(dir, root, "code-1", [])).toEqual({ key, inputs: [...inputs].sort(), products: ["a"], files });
  });

  it.each([
    ["the generator's built code", () => ({ code: "code-2" })],
    ["the product selection", () => ({ selection: ["a"] })],
    ["a $ref'd spec file", () => write("specs/common/schemas.yaml", "Thing: { type: object }\n")],
    ["the root spec file", () => write("specs/a/openapi.yaml", "openapi: 3.1.1\n")],
    ["redocly.yaml", () => write("redocly.yaml", "apis: {}\n")],
    ["the lint-ignore file appearing", () => write(".redocly.lint-ignore.yaml", "x: y\n")],
    ["the lockfile (dependency versions)", () => write("package-lock.json", '{"v":2}\n')],
  ] as [string, () => { code?: string; selection?: string[] } | void][])("misses after a change to %s, and hits again once it is undone", (_what, change) => {
    store(dir, root, "code-1", [], inputs, ["a"], files, Date.now());
    const before = cacheKey(root, "code-1", inputs, []);
    const saved = Object.fromEntries(["redocly.yaml", "package-lock.json", ...inputs].map((f) => [f, readFileSync(path.join(root, f), "utf8")]));
    const override = change() ?? {};
    const code = override.code ?? "code-1";
    const selection = override.selection ?? [];
    expect(lookup(dir, root, code, selection)).toBeUndefined();
    for (const [f, text] of Object.entries(saved)) writeFileSync(path.join(root, f), text);
    rmSync(path.join(root, ".redocly.lint-ignore.yaml"), { force: true });
    expect(cacheKey(root, "code-1", inputs, [])).toBe(before);
    expect(lookup(dir, root, "code-1", [])?.files).toEqual(files);
  });

  it("misses after a package version bump (Changesets owns the version field of generated package.json files)", () => {
    write("packages/a/package.json", '{ "name": "@x/a", "version": "0.1.0" }\n');
    store(dir, root, "code-1", [], inputs, ["a"], files, Date.now());
    expect(lookup(dir, root, "code-1", [])?.files).toEqual(files);
    write("packages/a/package.json", '{ "name": "@x/a", "version": "0.2.0" }\n');
    expect(lookup(dir, root, "code-1", [])).toBeUndefined();
    write("packages/a/package.json", '{ "name": "@x/a", "version": "0.1.0", "description": "other fields do not count" }\n');
    expect(lookup(dir, root, "code-1", [])?.files).toEqual(files);
  });

  it("stores nothing when an input was modified after the build started (a save during the build)", () => {
    const started = Date.now() - 1_000;
    write(inputs[1]!, "Thing: { type: string }\n");
    expect(store(dir, root, "code-1", [], inputs, ["a"], files, started)).toBeUndefined();
    expect(lookup(dir, root, "code-1", [])).toBeUndefined();
  });

  it("keeps an entry per state, so going back to an earlier state hits", () => {
    store(dir, root, "code-1", [], inputs, ["a"], files, Date.now());
    write(inputs[0]!, "openapi: 3.1.1\n");
    age(inputs[0]!);
    const other = [{ path: "packages/a/src/client.gen.ts", product: "a", contents: "// b\n" }];
    store(dir, root, "code-1", [], inputs, ["a"], other, Date.now());
    expect(lookup(dir, root, "code-1", [])?.files).toEqual(other);
    write(inputs[0]!, "openapi: 3.1.0\n");
    expect(lookup(dir, root, "code-1", [])?.files).toEqual(files);
  });

  it("trusts the docs site only when every page is the one stamped for the same entry", () => {
    const out = path.join(root, "docs", "dist");
    write("docs/dist/index.html", "<p>landing</p>");
    write("docs/dist/a/index.html", "<p>a</p>");
    stampDocs(dir, out, "k1", ["index.html", "a/index.html"]);
    expect(docsFresh(dir, out, "k1")).toBe(true);
    expect(docsFresh(dir, out, "k2")).toBe(false);
    write("docs/dist/a/index.html", "<p>edited</p>");
    expect(docsFresh(dir, out, "k1")).toBe(false);
    rmSync(out, { recursive: true });
    expect(docsFresh(dir, out, "k1")).toBe(false);
  });
});

describe("`mpkit generate` with the cache (built binary)", () => {
  it("answers an unchanged project from the cache, still restoring a hand-edited file; check never uses it", async () => {
    const fixture = copyRoot();
    try {
      mkdirSync(path.join(fixture.root, "node_modules"));
      const bin = path.join(repoRoot, "generator", "bin", "mpkit.js");
      // Generated on the main thread only; `check` below loads the products in the worker thread
      // beside it (load/parallel.ts), so it also shows both ways give the same files.
      const mpkit = (...args: string[]) =>
        run(process.execPath, [bin, ...args], {
          cwd: fixture.root,
          env: { ...process.env, MPKIT_ROOT: fixture.root, MPKIT_WORKERS: args[0] === "check" ? "1" : "0" },
        });
      const first = await mpkit("generate", "--no-docs");
      expect(first.stderr).not.toContain("· cache");
      expect(first.stdout).toMatch(/✓ 32 generated file\(s\), 32 changed/);
      const second = await mpkit("generate", "--no-docs");
      expect(second.stderr).toMatch(/· cache +specs, config and generator unchanged/);
      expect(second.stderr).not.toContain("· load");
      expect(second.stdout).toMatch(/✓ 32 generated file\(s\), 0 changed, 0 removed/);
      const client = path.join(fixture.root, "packages/shop/src/client.gen.ts");
      const generated = readFileSync(client, "utf8");
      writeFileSync(client, "// edited by hand\n");
      const third = await mpkit("generate", "--no-docs");
      expect(third.stderr).toContain("· cache");
      expect(third.stdout).toContain("wrote packages/shop/src/client.gen.ts");
      expect(readFileSync(client, "utf8")).toBe(generated);
      const check = await mpkit("check");
      expect(check.stderr).not.toContain("· cache");
      expect(check.stderr).toContain("· load");
      // Progress in the order redocly.yaml lists the products, whichever thread loaded them.
      const loads = [...check.stderr.matchAll(/· load +([\w-]+):/g)].map((m) => m[1]);
      expect(loads).toEqual([...first.stderr.matchAll(/· load +([\w-]+):/g)].map((m) => m[1]));
      expect(loads.length).toBeGreaterThan(1);
    } finally {
      fixture.dispose();
    }
  }, 60_000);
});
