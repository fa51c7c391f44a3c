/**
 * The compiled CLI's V8 code cache for CommonJS modules (`src/cli/compile-cache.ts`): a module
 * loads the same with and without its cache, the cache is used once written, and a changed
 * source is compiled again instead of running stale code.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CompileCache, compileCacheDir, enableCompileCache } from "../src/cli/compile-cache.js";

const MODULE = `
const path = require("node:path");
const helper = require("./helper.cjs");
exports.file = path.basename(__filename);
exports.dir = path.basename(__dirname);
exports.answer = () => helper.twice(VALUE);
exports.resolved = path.basename(require.resolve("./helper.cjs"));
exports.isMain = require.main === module;
exports.importJson = () => import("./data.json", { with: { type: "json" } }).then((m) => m.default.n);
`;

let cache: CompileCache | undefined;
const dirs: string[] = [];
afterEach(() => {
  cache?.disable();
  cache = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fixture(value: number): { dir: string; load: () => Record<string, unknown> } {
  const dir = mkdtempSync(path.join(tmpdir(), "mpkit-cc-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, "pkg"));
  writeFileSync(path.join(dir, "pkg", "main.cjs"), MODULE.replace("VALUE", String(value)));
  writeFileSync(path.join(dir, "pkg", "helper.cjs"), "exports.twice = (n) => n * 2;\n");
  writeFileSync(path.join(dir, "pkg", "data.json"), '{ "n": 7 }\n');
  const load = () => {
    const require = createRequire(path.join(dir, "pkg", "index.cjs"));
    for (const file of ["main.cjs", "helper.cjs"]) delete require.cache[path.join(dir, "pkg", file)];
    return require("./main.cjs") as Record<string, unknown>;
  };
  return { dir, load };
}

describe("compile cache", () => {
  it("loads a module the same from source and from its cache, and uses the cache once written", async () => {
    const { dir, load } = fixture(21);
    const store = path.join(dir, "cache");
    cache = enableCompileCache(store)!;
    const first = load();
    expect(cache.stats).toEqual({ hits: 0, misses: 2 });
    cache.flush();
    expect(readdirSync(store).filter((f) => f.endsWith(".bin"))).toHaveLength(2);
    const second = load();
    expect(cache.stats).toEqual({ hits: 2, misses: 2 });
    for (const loaded of [first, second]) {
      expect(loaded.file).toBe("main.cjs");
      expect(loaded.dir).toBe("pkg");
      expect((loaded.answer as () => number)()).toBe(42);
      expect(loaded.resolved).toBe("helper.cjs");
      expect(loaded.isMain).toBe(false);
      // A dynamic import() inside a cached CommonJS module still works.
      expect(await (loaded.importJson as () => Promise<number>)()).toBe(7);
    }
  });

  it("compiles a changed source again rather than running the old code", () => {
    const { dir, load } = fixture(21);
    const store = path.join(dir, "cache");
    cache = enableCompileCache(store)!;
    expect((load().answer as () => number)()).toBe(42);
    cache.flush();
    // Same length, other content: V8 alone would accept the old cache (it checks the length).
    writeFileSync(path.join(dir, "pkg", "main.cjs"), MODULE.replace("VALUE", "12"));
    expect((load().answer as () => number)()).toBe(24);
    expect(cache.stats.misses).toBe(3);
  });

  it("reports a module's syntax error as Node does", () => {
    const { dir } = fixture(1);
    writeFileSync(path.join(dir, "pkg", "broken.cjs"), "exports.x = ;\n");
    cache = enableCompileCache(path.join(dir, "cache"))!;
    const require = createRequire(path.join(dir, "pkg", "index.cjs"));
    expect(() => require("./broken.cjs")).toThrow(SyntaxError);
  });

  it("is off without an installed node_modules, and with MPKIT_COMPILE_CACHE=off", () => {
    const { dir } = fixture(1);
    expect(compileCacheDir(path.join(dir, "pkg"))).toBeUndefined();
    expect(compileCacheDir(path.join(import.meta.dirname, "..", "dist"))).toMatch(/node_modules[\\/]\.cache[\\/]mpkit-v8$/);
    const before = process.env.MPKIT_COMPILE_CACHE;
    process.env.MPKIT_COMPILE_CACHE = "off";
    try {
      expect(enableCompileCache(path.join(dir, "cache"))).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.MPKIT_COMPILE_CACHE;
      else process.env.MPKIT_COMPILE_CACHE = before;
    }
  });
});
