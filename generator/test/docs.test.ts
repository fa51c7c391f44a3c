/**
 * The docs site and its code samples, on one model build, one site build and one Chromium.
 *
 * The site is built into a temporary folder and opened from file:// with every request that would
 * leave the site aborted and counted. The browser work (one tab per product page, all at once, and
 * one tab for the other pages) starts as soon as the site is built and runs while Node checks
 * and runs the code samples; the browser tests then assert what the tabs found. The samples
 * (x-codeSamples, made by generator/src/docs/samples.ts) cannot rot: every TypeScript sample is
 * committed under generator/test/__samples__ (checked here to be what the docs show), where the
 * repository's tsc type-checks it, and run against the generated MSW mocks, and every curl
 * sample is parsed into method, URL, headers and body and replayed over HTTP against `mpkit mock`'s
 * server (every product on one port, under its sandbox path prefix).
 */
import { existsSync, readFileSync, readdirSync, rmSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer } from "@mpkit/mocks/node";
import { createHttpMockServer } from "../../mocks/src/server/http-server.js";
import { launchChromium } from "../../test/chromium.js";
import { buildDocsSite } from "../src/docs/build-docs.js";
import { renderChangelog } from "../src/docs/changelog.js";
import { docsDocument } from "../src/docs/docs-document.js";
import { errorCodes, operationRoute, targets } from "../src/docs/facts.js";
import { codeSamples, sampleSchemes, sampleUrl, type CodeSample } from "../src/docs/samples.js";
import { errorAnchor, searchEntries } from "../src/docs/search.js";
import type { Model, ProductModel } from "../src/model/model.js";
import { buildModel } from "../src/pipeline.js";
import { curlRequest, parseCurl } from "./curl.js";
import { repoRoot } from "./helpers.js";

let out: string;
let site: string;
let model: Model;
let pages: string[];
let browser: Browser;
let context: Promise<BrowserContext> | undefined;
let buildMs = 0;
/** The browser work, started in beforeAll, by what it checks; each settles to its failure or nothing. */
const browserRuns = new Map<string, Promise<{ error?: unknown }>>();
const timings: string[] = [];

// Samples call with the spec's example values (ids included), so they run against the mocks in
// replay mode; try-it below exercises the stateful mocks (create, then read back).
const server = createMockServer({ stateful: false });
interface Sample {
  product: ProductModel;
  operationId: string;
  ts: string;
  curl: string;
  /** Where the TypeScript sample is committed, for the repository's tsc. */
  file: string;
}
const samples: Sample[] = [];
const SAMPLES_DIR = path.join(repoRoot, "generator", "test", "__samples__");
const typoFile = (sample: Sample) => sample.file.replace(/\.ts$/, ".typo.ts");

/** A TypeScript sample as the module the repository's tsc compiles: a header, then the sample as the docs show it. */
function sampleModule(sample: Sample, variant?: string): string {
  return [
    `// The docs' TypeScript sample of ${sample.product.name}.${sample.operationId}${variant ? `, ${variant}` : ""} (generator/src/docs/samples.ts),`,
    "// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.",
    sample.ts,
  ].join("\n");
}

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), "mpkit-docs-"));
  site = path.join(out, "site");
  // All pages in one renderer process: Redoc (2.2 MB) is compiled once, not once per tab, which
  // more than halves the browser's CPU time for the five product pages.
  // Without V8's optimizing tiers (Maglev, TurboFan): a page lives a few seconds, and compiling
  // Redoc's hot functions again for each page cost more CPU than it saved (about a fifth of the
  // first render of the five pages).
  const launched = launchChromium({ args: ["--renderer-process-limit=1", "--js-flags=--no-opt,--no-maglev"] });
  model = await buildModel(repoRoot);
  const started = performance.now();
  pages = await buildDocsSite(repoRoot, { outDir: site, model });
  buildMs = performance.now() - started;
  browser = await launched;
  for (const product of model.products) browserRuns.set(product.name, settle(() => productPage(product)));
  browserRuns.set("other pages", settle(otherPages));
  browserRuns.set("dark mode", settle(darkMode));
  for (const product of model.products) {
    for (const [operationId, list] of codeSamples(product)) {
      const source = (lang: CodeSample["lang"]) => list.find((s) => s.lang === lang)!.source;
      const file = path.join(SAMPLES_DIR, product.name, `${operationId}.ts`);
      samples.push({ product, operationId, ts: source("TypeScript"), curl: source("Shell"), file });
    }
  }
  server.listen({ onUnhandledRequest: "error" });
}, 120_000);
afterAll(async () => {
  server.close();
  await Promise.all(browserRuns.values());
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

function settle(run: () => Promise<void>): Promise<{ error?: unknown }> {
  return run().then(
    () => ({}),
    (error: unknown) => ({ error }),
  );
}

async function browserResult(name: string): Promise<void> {
  const { error } = await browserRuns.get(name)!;
  if (error) throw error;
}

const read = (page: string) => readFileSync(path.join(site, page), "utf8");
const fileUrl = (page: string) => pathToFileURL(path.join(site, page)).href;

function files(dir: string, prefix = ""): { file: string; bytes: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [{ file: `${prefix}${entry.name}`, bytes: statSync(path.join(dir, entry.name)).size }],
  );
}

/** A tab that aborts and records every request leaving file:// (in the shared context unless given). */
async function offlinePage(page?: Page): Promise<{ page: Page; external: string[] }> {
  context ??= browser.newContext();
  page ??= await (await context).newPage();
  // Generous for a machine shared with other jobs; an unloaded 2-core machine needs a few seconds.
  page.setDefaultTimeout(60_000);
  const external: string[] = [];
  page.on("pageerror", (error) => external.push(`page error: ${error.message}`));
  await page.route(/^(?!file:|data:|blob:)/, (route) => {
    external.push(route.request().url());
    return route.abort();
  });
  return { page, external };
}

// ---------------------------------------------------------------------------------------------
// What the browser does (started in beforeAll, asserted by the tests at the end of this file)

/** A create and a read per product that has resources, and a call that makes the mocks deliver a webhook. */
const tryIts: Record<string, { create: string; id: string; read: string; param: string; webhook?: { operation: string; name: string } }> = {
  invoice: { create: "createInvoice", id: "InvoiceId", read: "getInvoice", param: "invoiceId", webhook: { operation: "simulateAcceptInvoice", name: "invoiceStatusChanged" } },
  online: { create: "createMerchant", id: "merchantId", read: "getMerchant", param: "merchantId" },
  pos: { create: "initiatePayment", id: "paymentId", read: "getPayment", param: "paymentId" },
  subscriptions: { create: "createAgreement", id: "id", read: "getAgreement", param: "agreementId" },
};

/** Try-it in an open product page: create, read back, webhooks the call caused, the live validation. */
async function tryIt(page: Page, name: string, { create, id, read, param, webhook }: (typeof tryIts)[string]): Promise<void> {
  await page.locator("#mpkit-tryit-open").click();
  const send = async (operationId: string, edit?: (input: Record<string, unknown>) => void) => {
    await page.locator("#mpkit-tryit-operation").selectOption(operationId);
    if (edit) {
      const input = JSON.parse(await page.locator("#mpkit-tryit-input").inputValue()) as Record<string, unknown>;
      edit(input);
      await page.locator("#mpkit-tryit-input").fill(JSON.stringify(input, null, 2));
    }
    await expect(page.locator("#mpkit-tryit-problems li").allTextContents()).resolves.toEqual([]);
    await page.locator("#mpkit-tryit-send").click();
    await visible(page, "#mpkit-tryit-status[data-status]");
    const status = Number(await page.locator("#mpkit-tryit-status").getAttribute("data-status"));
    expect(await page.locator("#mpkit-tryit-verdict").textContent(), `${name}.${operationId}`).toBe("✓ The response matches the spec.");
    return { status, body: JSON.parse((await page.locator("#mpkit-tryit-body").textContent()) || "null") as Record<string, unknown> };
  };
  const created = await send(create);
  expect(created.status, `${name}.${create}`).toBeGreaterThanOrEqual(200);
  expect(created.status).toBeLessThan(300);
  const createdId = created.body[id];
  expect(typeof createdId, `${name}.${create} answers ${id}`).toBe("string");
  const fetched = await send(read, (input) => (input[param] = createdId));
  expect(fetched.status).toBe(200);
  expect(JSON.stringify(fetched.body)).toContain(String(createdId));
  if (webhook) {
    // A transition that the spec says is reported by a webhook: the delivery is listed, with its payload.
    const simulated = await send(webhook.operation, (input) => (input[param] = createdId));
    expect(simulated.status, `${name}.${webhook.operation}`).toBeLessThan(300);
    const delivery = page.locator(`#mpkit-tryit-deliveries li[data-webhook="${webhook.name}"]`);
    await expect(delivery.count()).resolves.toBe(1);
    expect(await delivery.locator("pre").textContent()).toContain(String(createdId));
  } else {
    await expect(page.locator("#mpkit-tryit-deliveries li").count()).resolves.toBe(0);
  }
  // Validated as you type: broken JSON, then a path parameter against its schema.
  await page.locator("#mpkit-tryit-input").fill("{ not json");
  await expect(page.locator("#mpkit-tryit-problems li").first().textContent()).resolves.toMatch(/^JSON: /);
  await page.locator("#mpkit-tryit-input").fill(JSON.stringify({ [param]: 42 }));
  await expect(page.locator("#mpkit-tryit-problems li").allTextContents()).resolves.toContainEqual(expect.stringMatching(new RegExp(`^path\\.${param}: `)));
  await page.locator("#mpkit-tryit .mpkit-tryit-close").click();
}

/**
 * For each product: an operation, a field, an error code and a webhook it documents (if any). The
 * operation and the field are taken from the webhook's tag view where it has any, so that the
 * searches into the Redoc page render one tag view instead of two.
 */
function searchCases(product: ProductModel) {
  const entries = searchEntries(product);
  const view = (e: (typeof entries)[number]) => e.url.slice(0, e.url.lastIndexOf("/") + 1);
  const webhook = entries.find((e) => e.kind === "webhook");
  const pick = (kind: string, query: (e: (typeof entries)[number]) => string) => {
    const entry = entries.find((e) => e.kind === kind && webhook !== undefined && view(e) === view(webhook)) ?? entries.find((e) => e.kind === kind);
    return entry ? [{ entry, query: query(entry) }] : [];
  };
  return [...pick("operation", (e) => e.name), ...pick("field", (e) => e.name), ...pick("webhook", (e) => e.title), ...pick("error code", (e) => e.name)];
}

/**
 * Waits in the page, polling on a timer, until `selector` matches an element with a box and not
 * `visibility: hidden` (what Playwright calls visible). Playwright's own waits poll on animation
 * frames, which makes five busy tabs draw frames for the whole wait.
 */
function visible(page: Page, selector: string): Promise<unknown> {
  return page.waitForFunction(
    (selector) => {
      const element = document.querySelector(selector);
      if (!element) return false;
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden";
    },
    selector,
    { polling: 50 },
  );
}

async function searchAndFollow(page: Page, { entry, query }: ReturnType<typeof searchCases>[number]): Promise<void> {
  await page.locator("#mpkit-search").fill(query);
  await page.locator(`#mpkit-search-results a[data-search-id="${entry.id}"]`).click();
  const [file, hash] = entry.url.split("#") as [string, string];
  await page.waitForURL((url) => url.href === `${fileUrl(file)}#${hash}`);
  await visible(page, file.endsWith("guide.html") ? `[id="${hash}"]` : `[data-section-id="${hash}"]`);
}

/** A product's tag views (Redoc shows one tag at a time): hash route and the operations and webhooks it holds. */
function tagViews(product: ProductModel): { hash: string; list: { id: string; route: string }[] }[] {
  const byTag = new Map<string, { id: string; route: string }[]>();
  for (const t of targets(product)) byTag.set(t.tag, [...(byTag.get(t.tag) ?? []), { id: t.operationId, route: t.route }]);
  return [...byTag].map(([tag, list]) => ({ hash: operationRoute(tag, "").replace(/\/$/, ""), list }));
}

/** Opens a tag view by its hash route and waits, in the page, until each of its operations and webhooks has its section. */
function renderTag(page: Page, view: ReturnType<typeof tagViews>[number]): Promise<string[]> {
  return page.evaluate(async ({ hash, list }) => {
    if (!location.hash.startsWith(`#${hash}/`)) location.hash = hash;
    const deadline = performance.now() + 30_000;
    let missing = list;
    while ((missing = missing.filter((t) => !document.querySelector(`[data-section-id="${t.route}"]`))).length > 0) {
      if (performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return list.filter((t) => !missing.includes(t)).map((t) => t.id);
  }, view);
}

/**
 * A product page: its menu, every tag view, try-it, the header's search. The
 * first product's page is reached from the landing page's search (its operation); the others are
 * opened directly and search for theirs in the page. Redoc renders one tag view at a time: the
 * views the searches land in are rendered first (searches are made while their view is shown),
 * then every other view, each checked for every operation and webhook it holds; the menu, which
 * Redoc renders with the page, is checked to list every view; the error code's search (into the
 * guide) is last.
 */
async function productPage(product: ProductModel): Promise<void> {
  const { page, external } = await offlinePage();
  const header = () => expect(page.locator("[data-mpkit-header] a[data-product]").count()).resolves.toBe(model.products.length);
  try {
    const cases = searchCases(product);
    const started = performance.now();
    if (product === model.products[0]) {
      await page.goto(fileUrl("index.html"));
      // From the landing page's search into the product page …
      await searchAndFollow(page, cases[0]!);
    } else {
      await page.goto(fileUrl(`${product.name}/index.html`));
      await visible(page, "[data-section-id]");
    }
    timings.push(`${product.name} ${Math.round(performance.now() - started)} ms`);
    await header();
    // … whose menu links every tag view that holds an operation or webhook …
    const views = tagViews(product);
    const menu = await page.locator('[data-component-name="Menu/Menu"] a[href]').evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(menu, `${product.name}: Redoc's menu`).toEqual(expect.arrayContaining(views.map((view) => `#${view.hash}`)));
    // … the header's search lands operations, fields and webhooks in their view, and every tag
    // view renders each of its operations and webhooks.
    const inView = (view: (typeof views)[number]) => cases.filter((c) => c.entry.url.startsWith(`${product.name}/index.html#${view.hash}/`));
    const searched = views.filter((view) => inView(view).length > 0);
    const rendered: string[] = [];
    // The searched views first (the first product's page opened on one), then every other view.
    for (const view of [...searched, ...views.filter((view) => !searched.includes(view))]) {
      for (const c of inView(view)) {
        if (c !== cases[0] || product !== model.products[0]) await searchAndFollow(page, c);
        await header();
      }
      rendered.push(...(await renderTag(page, view)));
    }
    expect(searched.length, `${product.name}: tag views searched`).toBeGreaterThan(0);
    expect(rendered.sort(), `${product.name}: operations and webhooks rendered`).toEqual(targets(product).map((t) => t.operationId).sort());
    // Try-it on the mocks, in the page.
    if (tryIts[product.name]) await tryIt(page, product.name, tryIts[product.name]!);
    // … and error codes in the guide.
    const elsewhere = cases.filter((c) => !views.some((view) => inView(view).includes(c)));
    expect(elsewhere.map((c) => c.entry.kind)).toEqual(elsewhere.length > 0 ? ["error code"] : []);
    for (const c of elsewhere) {
      await searchAndFollow(page, c);
      await header();
    }
    expect(external, `${product.name}: ${external.join(", ")}`).toEqual([]);
  } finally {
    await page.close();
  }
}

/**
 * Every page that is not a product's Redoc page, in one tab: the header, nothing from outside. The
 * guides that a product tab's error-code search opened (and checked the same way) are not loaded again.
 */
async function otherPages(): Promise<void> {
  const { page, external } = await offlinePage();
  const searched = new Set(model.products.flatMap(searchCases).filter((c) => !/\/index\.html#/.test(c.entry.url)).map((c) => c.entry.url.split("#")[0]));
  try {
    for (const file of pages.filter((p) => !p.endsWith("/index.html") && !searched.has(p))) {
      await page.goto(fileUrl(file));
      await expect(page.locator("[data-mpkit-header] a[data-product]").count(), file).resolves.toBe(model.products.length);
    }
    expect(external, external.join(", ")).toEqual([]);
  } finally {
    await page.close();
  }
}

/**
 * In a tab of the shared context with a dark system setting (a context of its own would be a
 * renderer process of its own); the choice the switch stores is removed at the end.
 */
async function darkMode(): Promise<void> {
  const { page, external } = await offlinePage();
  try {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(fileUrl("index.html"));
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await page.evaluate(() => document.documentElement.className)).toBe("dark");
    expect(await background()).toBe("rgb(20, 22, 26)");
    await page.locator("#mpkit-color-mode").click();
    await page.waitForFunction(() => document.documentElement.classList.contains("light"));
    expect(await background()).toBe("rgb(246, 247, 249)");
    // The choice holds on the other pages (Redoc's pages read the same setting).
    await page.goto(fileUrl("guides.html"));
    expect(await page.evaluate(() => document.documentElement.className)).toBe("light");
    expect(external).toEqual([]);
  } finally {
    await page.evaluate(() => localStorage.removeItem("redoc.colorMode")).catch(() => {});
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Code samples (Node works on these while the browser renders)

/** Secrets the samples read from the environment, set for the run. */
function withEnvironment<T>(sources: string[], run: () => Promise<T>): Promise<T> {
  const names = new Set(sources.flatMap((s) => [...s.matchAll(/\$?\b(MP_[A-Z0-9_]+)/g)].map((m) => m[1]!)));
  const before = new Map([...names].map((n) => [n, process.env[n]]));
  for (const name of names) process.env[name] = `sample-${name.toLowerCase()}`;
  return run().finally(() => {
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/**
 * The server URL a sample's URL starts with: the operation's own `servers` entry or an environment
 * of its product (the longest that matches, ending at a path boundary).
 */
function sampleServer(product: ProductModel, operationId: string, url: string): string {
  const op = product.operations.find((o) => o.operationId === operationId)!;
  const bases = [...Object.values(op.servers ?? {}), ...product.environments.map((e) => e.url)].map((b) => b.replace(/\/+$/, ""));
  const base = bases.filter((b) => url.startsWith(b) && "/?".includes(url[b.length] ?? "/")).sort((a, b) => b.length - a.length)[0];
  if (base === undefined) throw new Error(`${url} is under none of the servers of ${product.name}.${operationId}: ${bases.join(", ")}`);
  return base;
}

describe("docs code samples", () => {
  it("every operation has a TypeScript and a curl sample", () => {
    const operations = model.products.flatMap((p) => p.operations.map((op) => `${p.name}.${op.operationId}`));
    expect(samples.map((s) => `${s.product.name}.${s.operationId}`)).toEqual(operations);
  });

  it("every TypeScript sample is type-checked by the repository's tsc: committed as generated under generator/test/__samples__", async () => {
    // test/repository.test.ts runs the one `tsc --noEmit -p tsconfig.json` of the repository, and
    // tsconfig.json includes generator/test: each sample is a module there, next to the tests, so
    // @mpkit/* resolve as they do for a user, and the samples cost that compilation a few files
    // instead of a TypeScript program of their own here. The files are the samples as the docs show
    // them, under a header; a sample the generator now writes differently fails here (drift) until
    // they are written again with `npx vitest run generator/test/docs.test.ts -u`.
    for (const sample of samples) await expect(sampleModule(sample)).toMatchFileSnapshot(sample.file);
    // The first sample once more, with a typo in its call, marked as an expected error: tsc must
    // report it, or the unused expect-error directive is an error of its own.
    const [first] = samples;
    const typo = first!.ts.replace(/\.(\w+)\(/, ".$1Typo(");
    expect(typo).not.toBe(first!.ts);
    const lines = typo.split("\n");
    const at = lines.findIndex((line) => /\.\w+Typo\(/.test(line));
    lines.splice(at, 0, `${/^\s*/.exec(lines[at]!)![0]}// @ts-expect-error the call's name has a typo: tsc reports it`);
    await expect(sampleModule({ ...first!, ts: lines.join("\n") }, "with a typo in its call")).toMatchFileSnapshot(typoFile(first!));
    // Nothing else in the folder (a sample of an operation that is gone would still be compiled).
    const expected = new Set([...samples.map((s) => s.file), typoFile(first!)]);
    expect(files(SAMPLES_DIR).map((f) => path.join(SAMPLES_DIR, f.file)).filter((f) => !expected.has(f))).toEqual([]);
    expect((JSON.parse(readFileSync(path.join(repoRoot, "tsconfig.json"), "utf8")) as { include: string[] }).include).toContain("generator/test");
  });

  it("every TypeScript sample runs against the mocks", async () => {
    const modules: Record<string, unknown> = { "@mpkit/core": await import("@mpkit/core") };
    for (const product of model.products) modules[product.packageName] = await import(/* @vite-ignore */ product.packageName);
    const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    const failures: string[] = [];
    await withEnvironment(
      samples.map((s) => s.ts),
      async () => {
        for (const sample of samples) {
          // ESM imports → lookups in the modules the test loaded; the rest runs as written.
          const body = sample.ts.replace(/^import \{([^}]+)\} from "([^"]+)";$/gm, (_, names: string, from: string) => `const {${names}} = __modules[${JSON.stringify(from)}];`);
          const logged: unknown[] = [];
          try {
            await new AsyncFunction("__modules", "console", body)(modules, { log: (value: unknown) => logged.push(value) });
            if (logged.length !== 1) failures.push(`${sample.product.name}.${sample.operationId}: logged ${logged.length} values`);
          } catch (error) {
            failures.push(`${sample.product.name}.${sample.operationId}: ${error instanceof Error ? `${error.message} ${JSON.stringify((error as { body?: unknown }).body ?? "")}` : String(error)}`);
          }
        }
      },
    );
    expect(failures).toEqual([]);
  }, 60_000);

  it("every curl sample parses into the operation's method, URL and auth headers", () => {
    const env = { MP_TOKEN: "t" };
    for (const { product, operationId, curl } of samples) {
      const op = product.operations.find((o) => o.operationId === operationId)!;
      const call = parseCurl(curl, env);
      expect(call.method, `${product.name}.${operationId}`).toBe(op.method.toUpperCase());
      expect(call.url, `${product.name}.${operationId}`).toBe(sampleUrl(product, op));
      const names = call.headers.map(([name]) => name.toLowerCase());
      for (const scheme of sampleSchemes(op).map((s) => product.securitySchemes[s]!)) {
        if (scheme.type === "apiKey" && scheme.in !== "header") continue;
        const header = scheme.type === "apiKey" && scheme.in === "header" ? scheme.name!.toLowerCase() : "authorization";
        expect(names, `${product.name}.${operationId} sends ${header}`).toContain(header);
      }
      if (op.requestBody?.required) expect(call.body, `${product.name}.${operationId} has a body`).toBeDefined();
    }
  });

  it("every curl sample's request, moved to `mpkit mock`'s HTTP server, is answered 2xx", async () => {
    // The MSW server of this file intercepts Node's fetch and would call these requests unhandled:
    // it is closed for the replay and listens again afterwards.
    server.close();
    const mock = createHttpMockServer({ port: 0, stateful: false });
    const failures: string[] = [];
    try {
      await mock.listen();
      const served = new Map(mock.products.map((p) => [p.name, p]));
      await withEnvironment(
        samples.map((s) => s.curl),
        async () => {
          for (const sample of samples) {
            const name = `${sample.product.name}.${sample.operationId}`;
            try {
              const call = parseCurl(sample.curl);
              const product = served.get(sample.product.name);
              if (!product) throw new Error(`mpkit mock does not serve ${sample.product.name}`);
              const response = await fetch(curlRequest(call, { from: sampleServer(sample.product, sample.operationId, call.url), to: product.baseUrl }));
              if (!response.ok) failures.push(`${name}: ${call.method} ${new URL(response.url).pathname} → ${response.status} ${await response.text()}`);
              else await response.arrayBuffer();
            } catch (error) {
              failures.push(`${name}: ${String(error)}`);
            }
          }
          // The server does not answer everything: the first sample under another product's prefix is a 404.
          const [first] = samples;
          const other = [...served.values()].find((p) => p.name !== first!.product.name && p.prefix !== "")!;
          const call = parseCurl(first!.curl);
          const wrong = await fetch(curlRequest(call, { from: sampleServer(first!.product, first!.operationId, call.url), to: other.baseUrl }));
          expect(wrong.ok, `${first!.product.name}.${first!.operationId} under ${other.prefix}`).toBe(false);
          await wrong.arrayBuffer();
        },
      );
    } finally {
      await mock.close();
      server.listen({ onUnhandledRequest: "error" });
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("the curl parser refuses what it does not understand", () => {
    expect(() => parseCurl("curl -X GET 'https://x.test/a' --insecure")).toThrow(/--insecure/);
    expect(() => parseCurl("wget https://x.test")).toThrow(/curl/);
    expect(() => parseCurl("curl -X GET 'https://x.test/a")).toThrow(/unterminated/);
    expect(() => parseCurl("curl -X POST")).toThrow(/-X needs a value|no URL/);
    expect(curlRequest(parseCurl("curl 'https://x.test/api/a?b=1'"), { from: "https://x.test/api", to: "http://127.0.0.1:4010/" }).url).toBe("http://127.0.0.1:4010/a?b=1");
  });
});

// ---------------------------------------------------------------------------------------------
// The site's files

describe("the docs site (files)", () => {
  it("has the landing page, the guides and one reference page and guide per product", () => {
    expect(pages).toEqual(
      ["guides.html", "index.html", ...model.products.flatMap((p) => [`${p.name}/changelog.html`, `${p.name}/guide.html`, `${p.name}/index.html`])].sort(),
    );
    const landing = read("index.html");
    for (const product of model.products) {
      expect(landing).toContain(`href="./${product.name}/index.html"`);
      expect(landing).toContain(`href="./${product.name}/guide.html"`);
      expect(landing).toContain(`href="./${product.name}/changelog.html"`);
      expect(read(`${product.name}/guide.html`)).toContain(`href="./changelog.html"`);
    }
  });

  it("has a changelog page per product: the package's CHANGELOG.md, or what to run before the first release", () => {
    for (const product of model.products) {
      const html = read(`${product.name}/changelog.html`);
      const markdown = path.join(repoRoot, "packages", product.name, "CHANGELOG.md");
      if (existsSync(markdown)) expect(html).toContain(renderChangelog(readFileSync(markdown, "utf8").replace(/^#\s+[^\n]*\n/, "")));
      else expect(html).toMatch(new RegExp(`data-changelog="none">No release is recorded yet: <code>${product.packageName}</code> is at version ${model.packageVersions![product.name]!.replace(/\./g, "\\.")}`));
    }
    // What `changeset version` writes, as the page shows it.
    const written = [
      "## 0.2.0",
      "",
      "### Minor Changes",
      "",
      "- 1a2b3c4: **breaking** `getInvoice` response 200 body.Status: renamed to State: code that reads Status no longer compiles",
      "  (see `mpkit diff`)",
      "- 5d6e7f8: <script>alert(1)</script>",
      "",
    ].join("\n");
    expect(renderChangelog(written)).toBe(
      [
        "<h3>0.2.0</h3>",
        "<h4>Minor Changes</h4>",
        "<ul>",
        "<li>1a2b3c4: <strong>breaking</strong> <code>getInvoice</code> response 200 body.Status: renamed to State: code that reads Status no longer compiles (see <code>mpkit diff</code>)</li>",
        "<li>5d6e7f8: &lt;script&gt;alert(1)&lt;/script&gt;</li>",
        "</ul>",
      ].join("\n"),
    );
  });

  it("is at most 4 MB, with Redoc once for all pages and nothing but relative script, style and image URLs", () => {
    const all = files(site);
    const total = all.reduce((sum, f) => sum + f.bytes, 0);
    console.log(`docs site: ${(total / 1e6).toFixed(2)} MB, built in ${Math.round(buildMs)} ms\n${all.map((f) => `  ${f.file} ${(f.bytes / 1024).toFixed(0)} KB`).join("\n")}`);
    expect(total).toBeLessThanOrEqual(4_000_000);
    expect(all.filter((f) => f.bytes > 1_000_000).map((f) => f.file)).toEqual(["assets/redoc.js"]);
    for (const page of pages) {
      const html = read(page);
      expect(html, page).toContain("data-mpkit-header");
      expect(html, page).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)=["'](https?:)?\/\//i);
    }
    expect(read("assets/redoc.js")).not.toContain("cdn.redoc.ly");
  });

  it("names request alternatives instead of numbering them (createInvoice)", () => {
    const invoice = model.products.find((p) => p.name === "invoice")!;
    const doc = docsDocument(invoice) as { components: { schemas: Record<string, { allOf: { anyOf?: { title?: string }[] }[] }> } };
    const alternatives = doc.components.schemas.InvoiceDirectRequest!.allOf.find((s) => s.anyOf)!.anyOf!;
    expect(alternatives.map((a) => a.title)).toEqual(["with InvoiceNumber", "with PaymentReference"]);
    // The hand-written spec is left as it is.
    expect(JSON.stringify(invoice.document)).not.toContain('"title":"with InvoiceNumber"');
  });

  it.each(["invoice", "pos", "subscriptions"])("%s guide: one SVG per state machine and the full error-code table", (name) => {
    const product = model.products.find((p) => p.name === name)!;
    const html = read(`${name}/guide.html`);
    expect(product.stateMachines.length).toBeGreaterThan(0);
    for (const machine of product.stateMachines) {
      const figure = new RegExp(`<figure class="state-machine" data-schema="${machine.schema}"><svg[\\s\\S]*?</svg></figure>`).exec(html);
      expect(figure, machine.schema).not.toBeNull();
      for (const state of machine.states) expect(figure![0], `${machine.schema} ${state}`).toContain(`>${state}</text>`);
    }
    expect(html.match(/<figure class="state-machine"/g)).toHaveLength(product.stateMachines.length);
    const codes = errorCodes(product);
    expect(codes.length).toBeGreaterThan(0);
    const rows = [...html.matchAll(/<tr id="(error-[^"]+)" data-code="([^"]+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(codes.map((c) => errorAnchor(c.code)));
  });

  it("guides show the webhook retry schedule as a timeline", () => {
    const html = read("invoice/guide.html");
    // x-mpkit-retry of invoiceStatusChanged: 5 s, then 19 min … (8 retries, 9 attempts).
    const table = /<article id="webhook-invoiceStatusChanged">[\s\S]*?<table class="retry-timeline">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
    expect(table.match(/<tr>/g)).toHaveLength(1 + 9);
    expect(table).toContain("<tr><td>2</td><td>5 s</td><td>5 s</td></tr>");
    expect(table).toContain("<tr><td>3</td><td>19 min</td><td>19 min 5 s</td></tr>");
    // The invoice state machine's transitions name the webhook that reports them (its payload's
    // status enum spells the states in capitals).
    const machine = /<article id="state-machine-InvoiceStatus"[\s\S]*?<\/article>/.exec(html)?.[0] ?? "";
    expect(machine).toContain("Changes are reported by <code>invoiceStatusChanged</code>.");
    expect(machine).toMatch(/<tr><td><code>created<\/code><\/td><td><code>accepted<\/code><\/td><td>[^<]+<\/td><td><code>invoiceStatusChanged<\/code><\/td><\/tr>/);
  });
});

// ---------------------------------------------------------------------------------------------
// What the browser found

describe("the docs site in Chromium, offline from file://", () => {
  it("has a try-it case for every product with resources and the four search kinds for every product with webhooks", () => {
    // Every product with resources (something read by its id) has a try-it case.
    expect(Object.keys(tryIts).sort()).toEqual(model.products.filter((p) => p.operations.some((op) => op.method === "get" && op.path.includes("{"))).map((p) => p.name).sort());
    for (const product of model.products.filter((p) => p.webhooks.length > 0)) {
      expect(searchCases(product).map((c) => c.entry.kind), product.name).toEqual(["operation", "field", "webhook", "error code"]);
    }
  });

  it("per product page: search lands on an operation, a field, a webhook and an error code; the menu links every tag view and the views searched render each of their operations and webhooks; try-it creates, reads back and shows the webhooks it caused; header everywhere; nothing leaves the site", async () => {
    const failures: unknown[] = [];
    for (const product of model.products) {
      const { error } = await browserRuns.get(product.name)!;
      if (error) failures.push(error);
    }
    console.log(`product page opened → first section rendered (${model.products[0]!.name}: from the landing page's search; Chromium, file://, ${model.products.length} tabs at once, beside the samples' checks): ${timings.join(", ")}`);
    if (failures.length > 0) throw failures[0];
  }, 180_000);

  it("every other page has the header and loads nothing from outside", () => browserResult("other pages"), 120_000);

  it("applies dark mode on the landing page, from the system setting and the switch", () => browserResult("dark mode"), 120_000);
});
