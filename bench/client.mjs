#!/usr/bin/env node
/**
 * The client rows of the benchmark: per-call overhead and bundle size of the generated Invoice
 * client against bare openapi-fetch, for the same request.
 *
 * - Calls: both clients send `GET /api/v1/merchants/{merchantId}/invoices/{invoiceId}` with the
 *   same headers (bearer token, the two gateway keys, a fresh `CorrelationId`) to a stubbed
 *   `fetch` that answers at once with a JSON body made from prebuilt bytes, and parse that body.
 *   Rounds alternate which client goes first; each round times a batch of sequential calls.
 *   The figures are the medians over the rounds, and the ratio is mpkit ÷ openapi-fetch.
 * - Bytes: "the client + one call" bundled by esbuild (openapi-fetch included), minified,
 *   then gzip -9.
 *
 * `clientRows({ rounds })` returns the rows; run directly, it prints them as Markdown:
 *   node bench/client.mjs [--rounds N] [--calls N]
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

const ROUTE = "/api/v1/merchants/{merchantId}/invoices/{invoiceId}";
const BASE_URL = "https://api.sandbox.mobilepay.dk/invoice-restapi";

/** What each entry does: make a client, then one call. Same request on both sides. */
const ENTRIES = {
  mpkit: `
import { createInvoiceClient } from "@mpkit/invoice";
export function makeCall(fetch) {
  const client = createInvoiceClient({
    fetch,
    credentials: { MerchantOidc: "bench-access-token", IbmClientId: "bench-client-id", IbmClientSecret: "bench-client-secret" },
  });
  return () => client.getInvoice({ merchantId: "m-1", invoiceId: "i-1" });
}
`,
  "openapi-fetch": `
import createClient from "openapi-fetch";
export function makeCall(fetch) {
  const client = createClient({ baseUrl: ${JSON.stringify(BASE_URL)}, fetch });
  return async () => {
    const { data, error } = await client.GET(${JSON.stringify(ROUTE)}, {
      params: { path: { merchantId: "m-1", invoiceId: "i-1" } },
      headers: {
        Authorization: "Bearer bench-access-token",
        "x-ibm-client-id": "bench-client-id",
        "x-ibm-client-secret": "bench-client-secret",
        CorrelationId: crypto.randomUUID(),
      },
    });
    if (error !== undefined) throw new Error("unexpected error answer");
    return data;
  };
}
`,
};

const ANSWER = new TextEncoder().encode(
  JSON.stringify({
    InvoiceId: "0f3b8c52-1d0e-4a57-9a54-8f7c2a8f0d11",
    Status: "created",
    InvoiceNumber: "INV-1001",
    TotalAmount: 360,
    TotalVatAmount: 72,
    Currency: "DKK",
    DueDate: "2026-12-31",
    ConsumerName: "Test User",
  }),
);
const ANSWER_INIT = { status: 200, headers: { "content-type": "application/json" } };

/** The stubbed network: a fresh Response (they are single-use) over the same prebuilt bytes. */
async function stubFetch() {
  return new Response(ANSWER, ANSWER_INIT);
}

const esbuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  format: "esm",
  conditions: ["mpkit-source"],
  resolveExtensions: [".ts", ".js", ".mjs"],
  logLevel: "silent",
  legalComments: "none",
};

/** Minified + gzip -9 bytes of each entry, bundled for the browser. */
export async function bundleSizes() {
  const sizes = {};
  for (const [name, contents] of Object.entries(ENTRIES)) {
    const result = await build({
      ...esbuildOptions,
      stdin: { contents, resolveDir: ROOT, loader: "js" },
      platform: "browser",
      minify: true,
      write: false,
      metafile: true,
    });
    const code = result.outputFiles[0].contents;
    sizes[name] = { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, metafile: result.metafile };
  }
  return sizes;
}

/** Bundles each entry for Node into a temporary folder and loads it. */
async function loadCallers(dir) {
  const callers = {};
  for (const [name, contents] of Object.entries(ENTRIES)) {
    const file = join(dir, `${name}.mjs`);
    await build({ ...esbuildOptions, stdin: { contents, resolveDir: ROOT, loader: "js" }, platform: "node", outfile: file });
    const { makeCall } = await import(pathToFileURL(file).href);
    callers[name] = makeCall(stubFetch);
  }
  return callers;
}

async function timeBatch(call, calls) {
  const started = performance.now();
  for (let i = 0; i < calls; i += 1) await call();
  return (calls * 1000) / (performance.now() - started);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** calls/s per client: medians over interleaved rounds. */
export async function callRates({ rounds = 15, calls = 2000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "mpkit-bench-client-"));
  try {
    const callers = await loadCallers(dir);
    const names = Object.keys(callers);
    // Both must work before they are timed, and warm up the JIT.
    for (const name of names) {
      const data = await callers[name]();
      if (data?.InvoiceId === undefined) throw new Error(`${name}: the call did not return the parsed body`);
      await timeBatch(callers[name], Math.min(calls, 500));
    }
    const samples = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) samples[name].push(await timeBatch(callers[name], calls));
    }
    return Object.fromEntries(names.map((name) => [name, median(samples[name])]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const format = (value) => Math.round(value).toLocaleString("en-US");

/**
 * The two client rows of the benchmark table: `{ figure, mpkit, peer, ratio, goal, met }`,
 * plus Markdown lines for them.
 */
export async function clientRows({ rounds = 15, calls = 2000 } = {}) {
  const rates = await callRates({ rounds, calls });
  const sizes = await bundleSizes();
  const callRatio = rates.mpkit / rates["openapi-fetch"];
  const sizeRatio = sizes.mpkit.gzip / sizes["openapi-fetch"].gzip;
  const rows = [
    {
      figure: "client call overhead, fetch stubbed",
      mpkit: `${format(rates.mpkit)} calls/s`,
      peer: `bare openapi-fetch ${format(rates["openapi-fetch"])} calls/s`,
      ratio: `${callRatio.toFixed(2)}×`,
      goal: "≥ 0.9×",
      met: callRatio >= 0.9,
      values: { mpkit: rates.mpkit, peer: rates["openapi-fetch"] },
    },
    {
      figure: "Invoice client + one call, minified + gzip",
      mpkit: `${format(sizes.mpkit.gzip)} B`,
      peer: `bare openapi-fetch ${format(sizes["openapi-fetch"].gzip)} B`,
      ratio: `${sizeRatio.toFixed(2)}×`,
      goal: "≤ 6,000 B",
      met: sizes.mpkit.gzip <= 6000,
      values: { mpkit: sizes.mpkit.gzip, peer: sizes["openapi-fetch"].gzip },
    },
  ];
  return rows.map((row) => ({ ...row, markdown: `| ${row.figure} | ${row.mpkit} | ${row.peer} | ${row.ratio} | ${row.goal} |` }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const option = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(process.argv[at + 1]);
  };
  if (process.argv.includes("--metafile")) {
    const sizes = await bundleSizes();
    const out = join(ROOT, "bench", "client-metafile.json");
    await writeFile(out, JSON.stringify(sizes.mpkit.metafile));
    console.log(`wrote ${out} (analyse at https://esbuild.github.io/analyze/)`);
  }
  const rows = await clientRows({ rounds: option("rounds", 15), calls: option("calls", 2000) });
  console.log("| figure | mpkit | peer | ratio | goal |");
  console.log("|---|---|---|---|---|");
  for (const row of rows) console.log(row.markdown);
}
