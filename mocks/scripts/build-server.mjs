#!/usr/bin/env node
/**
 * Bundles the `mpkit mock` server (mocks/src/server/main.ts, with the mocks, MSW and the validator) into
 * one plain-JavaScript file, mocks/dist/bin/mpkit-mock.js, with esbuild: no TypeScript loader
 * and few module look-ups at start-up. Run by the root `prepare` script (so `npm ci` builds it)
 * and by bin/mpkit-mock.js when mocks/src changed since (fingerprint in dist/bin/build.json).
 * Split at dynamic imports (dist/bin/chunks/): what the server loads on first use only (the
 * fake-data entry and faker, MSW's root entry for a webhook's `bypass`) is not read at start-up.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFingerprint as fingerprintOf, writeAtomically } from "../../scripts/build-support.mjs";
import { nodeBundleOptions } from "./bundle-options.mjs";

export const mocksDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const bundleDir = path.join(mocksDir, "dist", "bin");
export const bundleFile = path.join(bundleDir, "mpkit-mock.js");
const manifestFile = path.join(bundleDir, "build.json");

/** "path size mtime" of every source the bundle is made from, the build's own scripts included. */
export function sourceFingerprint() {
  return fingerprintOf(mocksDir, "scripts/build-server.mjs", "scripts/bundle-options.mjs");
}

export function isFresh() {
  try {
    return JSON.parse(readFileSync(manifestFile, "utf8")).fingerprint === sourceFingerprint();
  } catch {
    return false;
  }
}

export async function buildServer() {
  const started = performance.now();
  const fingerprint = sourceFingerprint();
  const { build } = await import("esbuild");
  const result = await build({
    ...nodeBundleOptions(),
    entryPoints: { "mpkit-mock": path.join(mocksDir, "src", "server", "main.ts") },
    outdir: bundleDir,
    chunkNames: "chunks/[name]-[hash]",
    minify: true,
    legalComments: "none",
    logLevel: "error",
    write: false,
  });
  mkdirSync(path.join(bundleDir, "chunks"), { recursive: true });
  for (const out of result.outputFiles) writeAtomically(out.path, out.contents);
  // Chunks of earlier builds (names carry a content hash).
  const current = new Set(result.outputFiles.map((out) => path.resolve(out.path)));
  for (const name of readdirSync(path.join(bundleDir, "chunks"))) {
    const file = path.join(bundleDir, "chunks", name);
    if (!current.has(path.resolve(file))) rmSync(file, { force: true });
  }
  writeAtomically(manifestFile, JSON.stringify({ fingerprint }, null, 2) + "\n");
  const main = result.outputFiles.find((out) => path.resolve(out.path) === path.resolve(bundleFile));
  return { ms: performance.now() - started, bytes: main.contents.length };
}

/** The server's `main`, rebuilt first when the sources changed. */
export async function loadServer() {
  if (!isFresh()) await buildServer();
  return import(new URL(`file://${bundleFile}`).href);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { ms, bytes } = await buildServer();
  console.log(`✓ mpkit mock server built into mocks/dist/bin (${Math.round(bytes / 1024)} KiB, ${Math.round(ms)} ms)`);
}
