#!/usr/bin/env node
/**
 * Bundles the `mpkit mock` server (mocks/src/server/main.ts, with the mocks, MSW and the validator) into
 * one plain-JavaScript file, mocks/dist/bin/mpkit-mock.js, with esbuild: no TypeScript loader
 * and few module look-ups at start-up. Run by the root `prepare` script (so `npm ci` builds it)
 * and by bin/mpkit-mock.js when mocks/src changed since (fingerprint in dist/bin/build.json).
 */
import { mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFingerprint as fingerprintOf, writeAtomically } from "../../scripts/build-support.mjs";

export const mocksDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const bundleDir = path.join(mocksDir, "dist", "bin");
export const bundleFile = path.join(bundleDir, "mpkit-mock.js");
const manifestFile = path.join(bundleDir, "build.json");

/** "path size mtime" of every source the bundle is made from. */
export function sourceFingerprint() {
  return fingerprintOf(mocksDir, "scripts/build-server.mjs");
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
    entryPoints: [path.join(mocksDir, "src", "server", "main.ts")],
    outfile: bundleFile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["mpkit-source"],
    minify: true,
    // CommonJS dependencies bundled into ESM call `require` for Node built-ins.
    banner: { js: 'import { createRequire as __mpkitCreateRequire } from "node:module"; const require = __mpkitCreateRequire(import.meta.url);' },
    legalComments: "none",
    logLevel: "error",
    write: false,
  });
  mkdirSync(bundleDir, { recursive: true });
  for (const out of result.outputFiles) writeAtomically(out.path, out.contents);
  writeAtomically(manifestFile, JSON.stringify({ fingerprint }, null, 2) + "\n");
  return { ms: performance.now() - started, bytes: result.outputFiles[0].contents.length };
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
