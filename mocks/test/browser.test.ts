/**
 * The browser entry point for real: a page bundled with esbuild starts the MSW service worker
 * from `@mpkit/mocks/browser` in headless Chromium and drives a stateful Invoice flow through it.
 * Then, in the same browser, an app outside the repository that installed the packed packages
 * offline (packed/install.ts) and mocks Invoice alone, in development only.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../../test/build-once.js";
import { launchChromium } from "../../test/chromium.js";
import { installPackedApp } from "./packed/install.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
let browser: Browser;
let server: Server;
let origin: string;
const root = path.resolve(here, "..", "..");
// Packed and installed while the first test runs: the two share the browser, not the wait.
let packedApp: Promise<string> | undefined;

beforeAll(async () => {
  packedApp = ensureBuilt().then(() => installPackedApp(root));
  packedApp.catch(() => undefined);
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
  const app = await packedApp?.catch(() => undefined);
  if (app) rmSync(app, { recursive: true, force: true });
});

/** The packed app bundled as its build would: `NODE_ENV` decides whether the mocks are in it. */
async function bundleApp(app: string, mode: "development" | "production") {
  const result = await build({
    entryPoints: [path.join(app, "src", "app.ts")],
    absWorkingDir: app,
    bundle: true,
    format: "esm",
    platform: "browser",
    minify: mode === "production",
    define: { "process.env.NODE_ENV": JSON.stringify(mode) },
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

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

describe("the packed packages in an app outside the repository", () => {
  it("install offline, bundle the worker in development only, and serve a stateful flow and scenario switches", async () => {
    const app = await packedApp!;
    mkdirSync(path.join(app, "src"), { recursive: true });
    copyFileSync(path.join(here, "packed", "app.ts"), path.join(app, "src", "app.ts"));
    const [dev, prod] = await Promise.all([bundleApp(app, "development"), bundleApp(app, "production")]);
    // The production build has no mocks, no MSW and no validator in it.
    expect(dev).toContain("mpkit-scenario");
    for (const marker of ["mpkit-scenario", "mockServiceWorker", "ajv"]) expect(prod).not.toContain(marker);
    // The other products' mocks stay out of the development build, and so does the fake-data entry.
    expect(dev).not.toContain("api.sandbox.mobilepay.dk/subscriptions");
    expect(dev).not.toMatch(/faker/i);
    // As `npx msw init public/` would copy it, from the app's own msw.
    const worker = readFileSync(path.join(app, "node_modules", "msw", "lib", "mockServiceWorker.js"), "utf8");
    const pages: Record<string, [string, string]> = {
      "/": ["text/html", '<!doctype html><html><body><script type="module" src="/app.js"></script></body></html>'],
      "/app.js": ["text/javascript", dev],
      "/mockServiceWorker.js": ["text/javascript", worker],
    };
    const appServer = createServer((request, response) => {
      const page = pages[(request.url ?? "").split("?")[0]!];
      if (!page) return void response.writeHead(404).end();
      response.writeHead(200, { "Content-Type": page[0] }).end(page[1]);
    });
    await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
    const address = appServer.address();
    const appOrigin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const page = await browser.newPage();
    try {
      await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
      await page.goto(`${appOrigin}/?mpkit-scenario=errors`);
      await page.waitForFunction(() => window.mpkitResult !== undefined, undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => window.mpkitResult)).toEqual({
        startedIn: "errors",
        failed: 500,
        created: "PACKED-1",
        status: "paid",
        issuers: 0,
      });
    } finally {
      await page.close();
      await new Promise((resolve) => appServer.close(resolve));
    }
  }, 180_000);
});
