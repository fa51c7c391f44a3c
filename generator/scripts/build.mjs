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
 */
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
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

export async function buildCli() {
  const started = performance.now();
  const fingerprint = sourceFingerprint();
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: { cli: path.join(generatorDir, "src", "cli.ts") },
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
