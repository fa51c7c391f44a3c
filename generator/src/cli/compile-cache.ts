/**
 * A V8 code cache for the CommonJS modules the compiled CLI `require`s (typescript's 9 MB,
 * Ajv, js-yaml, openapi-sampler …): what Node 22 does with `module.enableCompileCache()`,
 * which Node 20 lacks. Compiling those modules, and then each function at its first call, was
 * a fifth of `mpkit generate`'s CPU; from the cache V8 deserialises the code instead.
 *
 * Each module's cache is a file named by a hash of its path, its source text (CRC-32), the
 * Node version and the architecture, in `node_modules/.cache/mpkit-v8` of the repository the
 * generator runs from (nothing is cached when there is no such `node_modules`). It is written
 * when the process exits, after the run, so it holds the functions the run compiled too; V8
 * checks the rest (its version, flags and the source's length) and rejects a cache that does
 * not fit, which is then written again. A cache only saves compiling: the module's code runs
 * exactly as loaded without it (an unreadable or rejected cache is compiled from source).
 *
 * Only plain CommonJS loads go through it (`require` of a `.js`/`.cjs` file); ES modules,
 * JSON and anything else take Node's own path.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import * as vm from "node:vm";
import { crc32 } from "node:zlib";

interface CjsModule {
  exports: unknown;
  filename: string;
  require(id: string): unknown;
}
interface ModuleStatics {
  prototype: { _compile(this: CjsModule, content: string, filename: string, ...rest: unknown[]): unknown };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

export interface CompileCache {
  /** Modules compiled with their cache accepted, and without one (none yet, or rejected). */
  readonly stats: { hits: number; misses: number };
  /** Writes the caches still to write (done at exit). */
  flush(): void;
  /** Restores Node's own compile (tests). */
  disable(): void;
}

let enabled: CompileCache | undefined;

/** The cache folder for a generator whose compiled code is in `distDir`, or undefined when there is no node_modules. */
export function compileCacheDir(distDir: string): string | undefined {
  for (let dir = distDir; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, "node_modules");
    try {
      readFileSync(path.join(modules, ".package-lock.json"));
      return path.join(modules, ".cache", "mpkit-v8");
    } catch {
      // not the installed root; look further up
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Sends this thread's CommonJS loads through the code cache in `dir`. Idempotent per thread;
 * `MPKIT_COMPILE_CACHE=off` turns it off. `write: false` only reads (a worker thread, which is
 * terminated rather than exiting).
 */
export function enableCompileCache(dir: string | undefined, options: { write?: boolean } = {}): CompileCache | undefined {
  if (dir === undefined || process.env.MPKIT_COMPILE_CACHE === "off") return undefined;
  if (enabled !== undefined) return enabled;
  const stats = { hits: 0, misses: 0 };
  const Module = createRequire(import.meta.url)("node:module") as ModuleStatics;
  const original = Module.prototype._compile;
  const pending: { file: string; script: vm.Script }[] = [];
  const write = options.write !== false;
  const compileCached = function (this: CjsModule, content: string, filename: string, ...rest: unknown[]) {
    // A third argument is Node's format hint: anything but CommonJS (an ES module loaded by require) takes Node's own path.
    if ((rest[0] !== undefined && rest[0] !== "commonjs") || !/\.c?js$/.test(filename) || typeof content !== "string") return original.call(this, content, filename, ...rest);
    const key = createHash("sha256")
      .update(`${filename}\0${content.length}\0${crc32(content)}\0${process.version}\0${process.arch}`)
      .digest("hex")
      .slice(0, 32);
    const file = path.join(dir, `${key}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // not cached yet
    }
    let script: vm.Script;
    try {
      script = new vm.Script(Module.wrap(content), {
        filename,
        ...(cachedData ? { cachedData } : {}),
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // A syntax error: Node's own path reports it as it always does.
      return original.call(this, content, filename, ...rest);
    }
    const hit = cachedData !== undefined && script.cachedDataRejected !== true;
    if (hit) stats.hits += 1;
    else {
      stats.misses += 1;
      if (write) pending.push({ file, script });
    }
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const module = this;
    const require = ((id: string) => module.require(id)) as NodeJS.Require;
    require.resolve = ((request: string, opts?: { paths?: string[] }) => Module._resolveFilename(request, module, false, opts)) as NodeJS.RequireResolve;
    require.resolve.paths = (request: string) => Module._resolveLookupPaths(request, module);
    require.main = process.mainModule;
    require.extensions = Module._extensions as NodeJS.Require["extensions"];
    require.cache = Module._cache as NodeJS.Require["cache"];
    return fn.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  };
  Module.prototype._compile = compileCached;
  const flush = () => {
    const todo = pending.splice(0);
    if (todo.length === 0) return;
    try {
      mkdirSync(dir, { recursive: true });
      for (const { file, script } of todo) {
        const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, file);
      }
    } catch {
      // A read-only or full disk: the next run compiles from source again.
    }
  };
  process.once("exit", flush);
  enabled = {
    stats,
    flush,
    disable() {
      if (Module.prototype._compile === compileCached) Module.prototype._compile = original;
      process.removeListener("exit", flush);
      enabled = undefined;
    },
  };
  return enabled;
}
