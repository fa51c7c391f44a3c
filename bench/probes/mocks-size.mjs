#!/usr/bin/env node
/**
 * Each product's browser mocks entry (`@mpkit/mocks/<product>/browser`) as an app would bundle it:
 * esbuild, minified, for the browser, with MSW external (the app's own dependency), then gzip -9.
 * The TypeScript sources are bundled (the `mpkit-source` condition), so no package build is needed.
 *
 *   node bench/probes/mocks-size.mjs [--top N]   prints JSON: { <product>: { minified, gzip, top? } }
 *   node bench/run.mjs --only mocks-size           the same as a row of the bench table
 *
 * `--top N` adds each bundle's N largest inputs (bytes in the minified output) from esbuild's metafile.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The products with a browser entry, from the mocks package's exports map. */
export function mockProducts() {
  const exports = JSON.parse(readFileSync(path.join(repo, "mocks", "package.json"), "utf8")).exports;
  return Object.keys(exports)
    .map((k) => /^\.\/([a-z0-9-]+)\/browser$/.exec(k)?.[1])
    .filter(Boolean);
}

/** Minified and gzip bytes of one product's browser mocks bundle, and its largest inputs. */
export async function mocksBundleSize(product, top = 0) {
  const result = await build({
    stdin: { contents: `export * from "@mpkit/mocks/${product}/browser";\n`, resolveDir: repo, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["mpkit-source", "browser"],
    external: ["msw", "msw/*"],
    minify: true,
    write: false,
    metafile: top > 0,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const size = { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
  if (top > 0) {
    const inputs = Object.values(result.metafile.outputs)[0].inputs;
    size.top = Object.entries(inputs)
      .map(([file, { bytesInOutput }]) => [file.replace(/^.*node_modules\//, "node_modules/"), bytesInOutput])
      .sort((a, b) => b[1] - a[1])
      .slice(0, top);
  }
  return size;
}

/** Every product's sizes; `bytes`: the largest gzip size (the goal's figure). */
export async function mocksSizes() {
  const sizes = {};
  for (const product of mockProducts()) sizes[product] = await mocksBundleSize(product);
  return { sizes, bytes: Math.max(...Object.values(sizes).map((s) => s.gzip)) };
}

/** The `mocks-size` row of bench/run.mjs: sizes do not vary, so one round's figures are printed. */
export const mocksSizeRow = {
  id: "mocks-size",
  figure: "one product's browser mocks (`@mpkit/mocks/<product>/browser`, msw external), minified + gzip",
  unit: "B",
  goal: "≤ 60 KB gzip, largest product",
  contestants: { mpkit: mocksSizes },
  value: (r) => r.bytes,
  render: ([r]) => {
    const list = Object.entries(r.sizes).map(([p, s]) => `${p} ${s.gzip.toLocaleString("en")} B`);
    return `| ${mocksSizeRow.figure} | ${list.join("; ")} | – | – | ${mocksSizeRow.goal} |`;
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--top");
  const top = at > 0 ? Number(process.argv[at + 1]) : 0;
  const sizes = {};
  for (const product of mockProducts()) sizes[product] = await mocksBundleSize(product, top);
  process.stdout.write(`${JSON.stringify(sizes, null, 2)}\n`);
}
