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
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const generatorDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const distDir = path.join(generatorDir, "dist");
export const manifestFile = path.join(distDir, "build.json");

/** The sources the build reads, as "path size mtime" lines: the staleness fingerprint. */
export function sourceFingerprint() {
  const lines = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(ts|js|mjs|json)$/.test(entry.name)) {
        const s = statSync(full);
        lines.push(`${path.relative(generatorDir, full)} ${s.size} ${Math.trunc(s.mtimeMs)}`);
      }
    }
  };
  walk(path.join(generatorDir, "src"));
  for (const file of ["package.json", "scripts/build.mjs"]) {
    const s = statSync(path.join(generatorDir, file));
    lines.push(`${file} ${s.size} ${Math.trunc(s.mtimeMs)}`);
  }
  return lines.sort().join("\n");
}

function writeAtomically(file, contents) {
  const temp = `${file}.mpkit-tmp-${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
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
