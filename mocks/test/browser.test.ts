/**
 * The browser entry point for real: a page bundled with esbuild starts the MSW service worker
 * from `@mpkit/mocks/browser` in headless Chromium and drives a stateful Invoice flow through it.
 * Then, in the same browser, an app outside the repository that installed the packed packages
 * offline (packed/install.ts, reused while the packed files are unchanged) and mocks Invoice
 * alone, in development only. Chromium's start, both bundles and the install run at once.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../../test/build-once.js";
import { launchChromium } from "../../test/chromium.js";
import { installPackedApp } from "./packed/install.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const root = path.resolve(here, "..", "..");
const html = '<!doctype html><html><body><script type="module" src="/app.js"></script></body></html>';

/** Serves a page, its script and the service worker script on 127.0.0.1; resolves with its origin. */
async function serve(app: string, worker: string): Promise<{ server: Server; origin: string }> {
  const pages: Record<string, [string, string]> = {
    "/": ["text/html", html],
    "/app.js": ["text/javascript", app],
    "/mockServiceWorker.js": ["text/javascript", worker],
  };
  const server = createServer((request, response) => {
    const page = pages[(request.url ?? "").split("?")[0]!];
    if (!page) return void response.writeHead(404).end();
    response.writeHead(200, { "Content-Type": page[0] }).end(page[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, origin: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` };
}

/** The packed app bundled as its build would: `NODE_ENV` decides whether the mocks are in it. */
async function bundleApp(app: string, source: string, mode: "development" | "production") {
  const result = await build({
    stdin: { contents: source, resolveDir: app, sourcefile: "src/app.ts", loader: "ts" },
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

let browser: Promise<Browser>;
// One context for both pages: they are served from different origins, so their workers are apart.
let context: Promise<BrowserContext>;
const servers: Promise<Server>[] = [];
/** The repository's page, bundled from the sources and served. */
let sourcePage: Promise<string>;
/**
 * The packed app: packed and installed (or reused, packed/install.ts), bundled for development
 * and production and served, while the first test runs; both share the browser, not the wait.
 */
let packedApp: Promise<{ dev: string; prod: string; worker: string; origin: string }>;

beforeAll(() => {
  browser = launchChromium();
  context = browser.then(async (b) => {
    const c = await b.newContext();
    // Nothing may leave the machine: a call the worker did not answer is aborted here and
    // would surface as a NetworkError in the result.
    await c.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    return c;
  });
  packedApp = ensureBuilt()
    .then(() => installPackedApp(root))
    .then(async ({ app }) => {
      const source = readFileSync(path.join(here, "packed", "app.ts"), "utf8");
      const [dev, prod] = await Promise.all([bundleApp(app, source, "development"), bundleApp(app, source, "production")]);
      // As `npx msw init public/` would copy it, from the app's own msw.
      const worker = readFileSync(path.join(app, "node_modules", "msw", "lib", "mockServiceWorker.js"), "utf8");
      const served = serve(dev, worker);
      servers.push(served.then((s) => s.server));
      return { dev, prod, worker, origin: (await served).origin };
    });
  sourcePage = build({
    entryPoints: [path.join(here, "browser", "app.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["mpkit-source", "browser"],
    write: false,
    logLevel: "silent",
  }).then(async (bundle) => {
    const worker = readFileSync(path.join(path.dirname(require.resolve("msw/package.json")), "lib", "mockServiceWorker.js"), "utf8");
    const served = serve(bundle.outputFiles[0]!.text, worker);
    servers.push(served.then((s) => s.server));
    return (await served).origin;
  });
  // Awaited by the tests that need them; a failure is reported there, not as an unhandled rejection.
  for (const p of [browser, context, packedApp, sourcePage]) p.catch(() => undefined);
});

afterAll(async () => {
  await (await browser.catch(() => undefined))?.close();
  for (const s of await Promise.allSettled(servers)) if (s.status === "fulfilled") await new Promise((resolve) => s.value.close(resolve));
});

/** Opens `url` in the shared context and returns what the page's app left in `window.mpkitResult`. */
async function runPage(url: string): Promise<unknown> {
  const page = await (await context).newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.mpkitResult !== undefined, undefined, { timeout: 30_000 });
    return await page.evaluate(() => window.mpkitResult);
  } finally {
    await page.close();
  }
}

describe("@mpkit/mocks/browser in Chromium", () => {
  it("serves the Invoice client through the service worker: a stateful flow, refusals included", async () => {
    const result = await runPage(await sourcePage);
    expect(result).toMatchObject({
      merchantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      unknown: 404,
      created: { status: "created", number: "BROWSER-1", amount: 125 },
      status: "paid",
      cancel: { status: 409, body: { error: "DomainError", error_code: "10504", error_context: "Invoices" } },
      refusal: { status: 400, body: { error: "InputError", error_context: "Invoices" } },
    });
  }, 60_000);
});

describe("the packed packages in an app outside the repository", () => {
  it("install offline, bundle the worker in development only, and serve a stateful flow and scenario switches", async () => {
    const { dev, prod, origin } = await packedApp;
    // The production build has no mocks, no MSW and no validator in it (`__absolute_ref__`: a
    // property the JSON Schema validator, @cfworker/json-schema, marks schemas with).
    for (const marker of ["mpkit-scenario", "__absolute_ref__"]) expect(dev).toContain(marker);
    for (const marker of ["mpkit-scenario", "mockServiceWorker", "__absolute_ref__"]) expect(prod).not.toContain(marker);
    // The other products' mocks stay out of the development build, and so does the fake-data entry.
    expect(dev).not.toContain("api.sandbox.mobilepay.dk/subscriptions");
    expect(dev).not.toMatch(/faker/i);
    expect(await runPage(`${origin}/?mpkit-scenario=errors`)).toEqual({
      startedIn: "errors",
      failed: 500,
      created: "PACKED-1",
      status: "paid",
      issuers: 0,
    });
  }, 180_000);
});
