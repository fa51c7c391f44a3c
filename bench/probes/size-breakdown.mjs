#!/usr/bin/env node
/**
 * Where the bytes of the size row go: bundles the same entry as `run.mjs`'s size row (the
 * Invoice client, its credentials and one call; minified, browser, ESM) and prints, per source
 * module, its minified bytes and what leaving its code out saves after gzip -9 (a module's
 * share: gzip savings overlap, so they do not add up to the total).
 *
 *   node bench/probes/size-breakdown.mjs
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const entry = `import { createInvoiceClient } from "@mpkit/invoice";\nexport const r = createInvoiceClient({ credentials: { MerchantOidc: "t", IbmClientId: "i", IbmClientSecret: "s" } }).getCurrentMerchant();\n`;
const gzip = (text) => gzipSync(text, { level: 9 }).length;
const options = { stdin: { contents: entry, resolveDir: repo, loader: "ts" }, bundle: true, format: "esm", platform: "browser", conditions: ["mpkit-source"], write: false, logLevel: "error" };

const minified = await build({ ...options, minify: true, metafile: true });
const code = minified.outputFiles[0].text;
const inputs = Object.values(minified.metafile.outputs)[0].inputs;
// Unminified, esbuild marks each module's code with a `// path` comment: cut there, minify the rest.
const plain = (await build({ ...options, minify: false })).outputFiles[0].text;
const parts = plain.split(/\n(?=\/\/ (?:\S+\.[cm]?[jt]s|<stdin>)\n)/);
const { transform } = await import("esbuild");
const minifiedGzip = async (text) => gzip((await transform(text, { minify: true, format: "esm" })).code);
const whole = await minifiedGzip(plain);
console.log(`total: ${code.length} B minified, ${gzip(code)} B gzip`);
console.log("| module | minified B | gzip B saved without it |");
console.log("|---|---|---|");
const rows = [];
for (const part of parts) {
  const name = part.match(/^\/\/ (\S+)/)?.[1];
  if (!name || !inputs[name]) continue;
  const rest = parts.filter((other) => other !== part).join("\n");
  let saved = "–";
  try {
    saved = String(whole - (await minifiedGzip(rest)));
  } catch {
    // The rest does not parse alone (a module split mid-statement): no estimate.
  }
  rows.push([name, inputs[name].bytesInOutput, saved]);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [name, bytes, saved] of rows) console.log(`| ${name} | ${bytes} | ${saved} |`);
