/**
 * The esbuild options of a Node bundle of the mocks, in one place for the two builds that make
 * one: `mpkit mock`'s server (build-server.mjs, whose staleness fingerprint includes this file)
 * and the bench's in-process mocks probe (bench/probes/mocks-built.mjs), so that the probe
 * measures the mocks built the way the server is. Each build adds its own entry, output and
 * what it leaves out of the bundle.
 */

/** CommonJS dependencies bundled into ESM call `require` for Node built-ins: this defines it. */
const REQUIRE_BANNER = 'import { createRequire as __mpkitCreateRequire } from "node:module"; const require = __mpkitCreateRequire(import.meta.url);';

/** A fresh copy of the shared options (esbuild is handed objects no other build holds). */
export function nodeBundleOptions() {
  return {
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Split at dynamic imports: what loads on first use only (the fake-data entry with faker,
    // MSW's root entry for a webhook's `bypass`) is not read at start-up.
    splitting: true,
    // The workspace's own packages from their TypeScript sources.
    conditions: ["mpkit-source"],
    banner: { js: REQUIRE_BANNER },
  };
}
