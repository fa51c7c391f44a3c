#!/usr/bin/env node
/**
 * Compiles the `mpkit` CLI (generator/src) to plain ESM JavaScript in generator/dist with
 * esbuild: one entry (`cli.js`) and a chunk per lazily imported stage, dependencies left as
 * imports. Run by the root `prepare` script (so `npm ci` builds it) and by `bin/mpkit.js` when
 * the sources changed since the last build.
 *
 * Files are written one by one through a temporary sibling and a rename, and chunk names carry
 * a content hash, so a CLI already running from dist/ never sees a half-written file.
 * `dist/build.json` records the sources it was built from (path, size, mtime) for the
 * staleness check.
 *
 * openapi-typescript's transform is bundled in (see `typesPlugin`): its package entry loads a
 * second Redocly core (1.x) that mpkit never calls, and `typescript` is loaded with `require`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFingerprint as fingerprintOf, writeAtomically } from "../../scripts/build-support.mjs";

export const generatorDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const distDir = path.join(generatorDir, "dist");
export const manifestFile = path.join(distDir, "build.json");

/** The sources the build reads, as "path size mtime" lines: the staleness fingerprint. */
export function sourceFingerprint() {
  return fingerprintOf(generatorDir, "scripts/build.mjs");
}

const requireHere = createRequire(import.meta.url);

/** CommonJS modules the CLI loads with `require` at run time (see `typesPlugin`). */
const REQUIRED_AT_RUN_TIME = new Set(["typescript", "@redocly/openapi-core/lib/ref-utils.js"]);

/**
 * Module loading was a fifth of `mpkit generate`'s CPU. Two parts of it go here:
 * - `import "openapi-typescript"` loads its entry, which imports `@redocly/openapi-core` 1.x for
 *   `openapiTS()` (lint and bundle), which mpkit does not call (it runs the transform on the
 *   document it already linted and bundled). The entry is replaced by the same exports taken
 *   from the package's own files, bundled into the CLI; their imports are resolved from the
 *   package's folder (a copy nested in it is bundled, a hoisted one stays external).
 * - `typescript` (9 MB of CommonJS) imported from ES modules makes Node compile it once to
 *   detect its format and scan it for named exports before compiling it again to run; through
 *   `require` it is compiled once (~0.3 s instead of ~1 s of CPU). Such modules become a small
 *   ES module that `require`s them at run time, from the importing package's folder, and
 *   re-exports what they export (the names are read here, at build time).
 */
function typesPlugin() {
  const otsDir = path.dirname(requireHere.resolve("openapi-typescript/package.json"));
  const insideOts = (file) => file.startsWith(otsDir + path.sep);
  return {
    name: "mpkit-openapi-typescript",
    setup(build) {
      build.onResolve({ filter: /^openapi-typescript$/ }, (args) =>
        insideOts(args.importer) ? undefined : { path: "openapi-typescript", namespace: "mpkit-ots-entry" },
      );
      build.onLoad({ filter: /.*/, namespace: "mpkit-ots-entry" }, () => {
        const entry = readFileSync(path.join(otsDir, "dist", "index.mjs"), "utf8");
        const reexports = entry.match(/^export \{[^}]*\} from '[^']+';$/gm) ?? [];
        const contents = [
          ...reexports,
          // What the entry defines or imports and exports itself, except `openapiTS` (its default).
          `export { debug, resolveRef, scanDiscriminators } from "./lib/utils.mjs";`,
          `export { default as transformSchema } from "./transform/index.mjs";`,
        ].join("\n");
        return { contents, resolveDir: path.join(otsDir, "dist"), loader: "js" };
      });
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (REQUIRED_AT_RUN_TIME.has(args.path)) {
          const fromOts = insideOts(args.importer);
          return { path: `${fromOts ? "openapi-typescript:" : ""}${args.path}`, namespace: "mpkit-require", pluginData: { fromOts, id: args.path } };
        }
        if (!insideOts(args.importer) || args.path.startsWith("node:")) return undefined;
        let resolved;
        try {
          resolved = createRequire(args.importer).resolve(args.path);
        } catch {
          return undefined;
        }
        return insideOts(resolved) ? { path: resolved } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: "mpkit-require" }, (args) => {
        const { fromOts, id } = args.pluginData;
        const names = Object.keys((fromOts ? createRequire(path.join(otsDir, "package.json")) : requireHere)(id)).filter(
          (n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default",
        );
        const base = fromOts ? `createRequire(createRequire(import.meta.url).resolve("openapi-typescript/package.json"))` : "createRequire(import.meta.url)";
        const contents = [
          `import { createRequire } from "node:module";`,
          `const required = ${base}(${JSON.stringify(id)});`,
          `export default required;`,
          names.length > 0 ? `export const { ${names.join(", ")} } = required;` : "",
        ].join("\n");
        return { contents, loader: "js" };
      });
    },
  };
}

export async function buildCli() {
  const started = performance.now();
  const fingerprint = sourceFingerprint();
  const { build } = await import("esbuild");
  const result = await build({
    // The load worker (src/load/parallel.ts) is an entry of its own, beside cli.js.
    entryPoints: { cli: path.join(generatorDir, "src", "cli.ts"), "load-worker": path.join(generatorDir, "src", "load", "load-worker.ts") },
    outdir: distDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "error",
    plugins: [typesPlugin()],
    write: false,
  });
  mkdirSync(distDir, { recursive: true });
  // Chunks first, the entry last: a concurrent run either loads the old entry (whose chunks are
  // still there) or the new one (whose chunks are already written).
  const outputs = [...result.outputFiles].sort((a, b) => Number(path.basename(a.path).startsWith("cli.")) - Number(path.basename(b.path).startsWith("cli.")));
  for (const out of outputs) writeAtomically(out.path, out.contents);
  const files = outputs.map((o) => path.relative(distDir, o.path)).sort();
  writeAtomically(manifestFile, JSON.stringify({ fingerprint, files }, null, 2) + "\n");
  // Chunks of earlier builds: removed once no CLI started before this build can still need them.
  for (const entry of readdirSync(distDir)) {
    const full = path.join(distDir, entry);
    if (/\.js(\.map)?$/.test(entry) && !files.includes(entry) && statSync(full).mtimeMs < Date.now() - 10 * 60_000) rmSync(full, { force: true });
  }
  return { ms: performance.now() - started, files: files.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { ms, files } = await buildCli();
  console.log(`✓ mpkit CLI built into generator/dist (${files} file(s), ${Math.round(ms)} ms)`);
}
