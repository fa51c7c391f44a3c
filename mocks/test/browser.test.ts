/**
 * The browser entry point for real: a page bundled with esbuild starts the MSW service worker
 * from `@mpkit/mocks/browser` in headless Chromium and drives a stateful Invoice flow through it.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../test/chromium.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
let browser: Browser;
let server: Server;
let origin: string;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [path.join(here, "browser", "app.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["mpkit-source", "browser"],
    write: false,
    logLevel: "silent",
  });
  const app = bundle.outputFiles[0]!.text;
  const worker = readFileSync(path.join(path.dirname(require.resolve("msw/package.json")), "lib", "mockServiceWorker.js"), "utf8");
  const pages: Record<string, [string, string]> = {
    "/": ["text/html", '<!doctype html><html><body><script type="module" src="/app.js"></script></body></html>'],
    "/app.js": ["text/javascript", app],
    "/mockServiceWorker.js": ["text/javascript", worker],
  };
  server = createServer((request, response) => {
    const page = pages[request.url ?? ""];
    if (!page) return void response.writeHead(404).end();
    response.writeHead(200, { "Content-Type": page[0] }).end(page[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe("@mpkit/mocks/browser in Chromium", () => {
  it("serves the Invoice client through the service worker: a stateful flow, refusals included", async () => {
    const page = await browser.newPage();
    // Nothing may leave the machine: a call the worker did not answer is aborted here and
    // would surface as a NetworkError in the result.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    await page.goto(origin);
    await page.waitForFunction(() => window.mpkitResult !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => window.mpkitResult);
    expect(result).toMatchObject({
      merchantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      unknown: 404,
      created: { status: "created", number: "BROWSER-1", amount: 125 },
      status: "paid",
      cancel: { status: 409, body: { error: "DomainError", error_code: "10504", error_context: "Invoices" } },
      refusal: { status: 400, body: { error: "InputError", error_context: "Invoices" } },
    });
    await page.close();
  }, 60_000);
});
