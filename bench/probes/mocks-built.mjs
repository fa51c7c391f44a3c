#!/usr/bin/env node
/**
 * The in-process mocks probe (mocks.ts) as users run the mocks: `@mpkit/mocks` built to plain
 * JavaScript (esbuild, bundled like `mpkit mock`'s server; msw, the validator and the other dependencies
 * loaded from node_modules as an app loads them), started in a fresh Node process without a
 * TypeScript loader. The build happens before that process starts, so it is not part of the
 * first-answer time; it takes the server bundle's esbuild options (mocks/scripts/bundle-options.mjs).
 * Prints the probe's JSON line.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBundleOptions } from "../../mocks/scripts/bundle-options.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
// Inside the repository, so that the dependencies left as imports resolve from its node_modules.
mkdirSync(path.join(here, "..", ".work"), { recursive: true });
const dir = mkdtempSync(path.join(here, "..", ".work", "mocks-probe-"));
const outfile = path.join(dir, "mocks.mjs");
try {
  const { build } = await import("esbuild");
  await build({
    // As `mpkit mock`'s server is bundled (Node ESM, split at dynamic imports, the `require` banner).
    ...nodeBundleOptions(),
    entryPoints: [path.join(here, "mocks.ts")],
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    // The workspace's own packages are built in; third-party ones stay imports.
    plugins: [
      {
        name: "dependencies-external",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@mpkit/") ? undefined : { path: args.path, external: true }));
        },
      },
    ],
    logLevel: "error",
  });
  const child = spawn(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: ["ignore", "inherit", "inherit"] });
  process.exitCode = await new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
