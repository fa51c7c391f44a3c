/**
 * The docs site, built once into a temporary folder and opened from file:// in one Chromium with
 * every request that would leave the site aborted and counted. Product pages load in parallel
 * tabs; each tag view is opened by its hash route and every operation's section must render.
 */
import { readFileSync, readdirSync, rmSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../test/chromium.js";
import { buildDocsSite } from "../src/docs/build-docs.js";
import { docsDocument } from "../src/docs/docs-document.js";
import { errorCodes, operationRoute, targets } from "../src/docs/facts.js";
import { errorAnchor, searchEntries } from "../src/docs/search.js";
import type { Model, ProductModel } from "../src/model/model.js";
import { buildModel } from "../src/pipeline.js";
import { repoRoot } from "./helpers.js";

let out: string;
let site: string;
let model: Model;
let pages: string[];
let browser: Browser;
let buildMs = 0;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), "mpkit-docs-"));
  site = path.join(out, "site");
  const [built, launched] = await Promise.all([
    (async () => {
      model = await buildModel(repoRoot);
      const started = performance.now();
      pages = await buildDocsSite(repoRoot, { outDir: site, model });
      buildMs = performance.now() - started;
    })(),
    launchChromium(),
  ]);
  void built;
  browser = launched;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

const read = (page: string) => readFileSync(path.join(site, page), "utf8");
const fileUrl = (page: string) => pathToFileURL(path.join(site, page)).href;

function files(dir: string, prefix = ""): { file: string; bytes: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [{ file: `${prefix}${entry.name}`, bytes: statSync(path.join(dir, entry.name)).size }],
  );
}

/** A tab that aborts and records every request leaving file://. */
async function offlinePage(): Promise<{ page: Page; external: string[] }> {
  const page = await browser.newPage();
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

describe("the docs site (files)", () => {
  it("has the landing page, the guides and one reference page and guide per product", () => {
    expect(pages).toEqual(
      ["guides.html", "index.html", ...model.products.flatMap((p) => [`${p.name}/guide.html`, `${p.name}/index.html`])].sort(),
    );
    const landing = read("index.html");
    for (const product of model.products) {
      expect(landing).toContain(`href="./${product.name}/index.html"`);
      expect(landing).toContain(`href="./${product.name}/guide.html"`);
    }
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

describe("the docs site in Chromium, offline from file://", () => {
  /** A create and a read per product that has resources: the created id is read back. */
  const tryIts: Record<string, { create: string; id: string; read: string; param: string }> = {
    invoice: { create: "createInvoice", id: "InvoiceId", read: "getInvoice", param: "invoiceId" },
    online: { create: "createMerchant", id: "merchantId", read: "getMerchant", param: "merchantId" },
    pos: { create: "initiatePayment", id: "paymentId", read: "getPayment", param: "paymentId" },
    subscriptions: { create: "createAgreement", id: "id", read: "getAgreement", param: "agreementId" },
  };

  /** Try-it in an open product page: create, read back, and the live validation. */
  async function tryIt(page: Page, name: string, { create, id, read, param }: (typeof tryIts)[string]): Promise<void> {
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
      await page.locator("#mpkit-tryit-status[data-status]").waitFor();
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
    // Validated as you type: broken JSON, then a path parameter against its schema.
    await page.locator("#mpkit-tryit-input").fill("{ not json");
    await expect(page.locator("#mpkit-tryit-problems li").first().textContent()).resolves.toMatch(/^JSON: /);
    await page.locator("#mpkit-tryit-input").fill(JSON.stringify({ [param]: 42 }));
    await expect(page.locator("#mpkit-tryit-problems li").allTextContents()).resolves.toContainEqual(expect.stringMatching(new RegExp(`^path\\.${param}: `)));
    await page.locator("#mpkit-tryit .mpkit-tryit-close").click();
  }

  /** For each product: an operation, a field, an error code and a webhook it documents (if any). */
  function searchCases(product: ProductModel) {
    const entries = searchEntries(product);
    const pick = (kind: string, query: (e: (typeof entries)[number]) => string) => {
      const entry = entries.find((e) => e.kind === kind);
      return entry ? [{ entry, query: query(entry) }] : [];
    };
    return [
      ...pick("operation", (e) => e.name),
      ...pick("field", (e) => e.name),
      ...pick("webhook", (e) => e.title),
      ...pick("error code", (e) => e.name),
    ];
  }

  async function searchAndFollow(page: Page, { entry, query }: ReturnType<typeof searchCases>[number]): Promise<void> {
    await page.locator("#mpkit-search").fill(query);
    await page.locator(`#mpkit-search-results a[data-search-id="${entry.id}"]`).click();
    const [file, hash] = entry.url.split("#") as [string, string];
    await page.waitForURL((url) => url.href === `${fileUrl(file)}#${hash}`);
    if (file.endsWith("guide.html")) await page.locator(`[id="${hash}"]`).waitFor({ state: "visible" });
    else await page.locator(`[data-section-id="${hash}"]`).first().waitFor({ state: "visible" });
  }

  it("search lands on an operation, a field, a webhook and an error code of each product; every operation and webhook renders; try-it creates and reads back; header everywhere; nothing leaves the site", async () => {
    const timings: string[] = [];
    // Every product with resources (something read by its id) has a try-it case.
    expect(Object.keys(tryIts).sort()).toEqual(model.products.filter((p) => p.operations.some((op) => op.method === "get" && op.path.includes("{"))).map((p) => p.name).sort());
    for (const product of model.products.filter((p) => p.webhooks.length > 0)) {
      expect(searchCases(product).map((c) => c.entry.kind), product.name).toEqual(["operation", "field", "webhook", "error code"]);
    }
    // One tab per product, all at once: Redoc is parsed once per product page.
    await Promise.all(
      model.products.map(async (product) => {
        const { page, external } = await offlinePage();
        try {
          const [operation, ...others] = searchCases(product);
          await page.goto(fileUrl("index.html"));
          const started = performance.now();
          // From the landing page's search into the product page …
          await searchAndFollow(page, operation!);
          timings.push(`${product.name} ${Math.round(performance.now() - started)} ms`);
          await expect(page.locator("[data-mpkit-header] a[data-product]").count()).resolves.toBe(model.products.length);
          // … where every tag view renders each of its operations and webhooks.
          const byTag = new Map<string, ReturnType<typeof targets>>();
          for (const target of targets(product)) byTag.set(target.tag, [...(byTag.get(target.tag) ?? []), target]);
          const rendered: string[] = [];
          for (const [tag, list] of byTag) {
            await page.evaluate((hash) => (location.hash = hash), operationRoute(tag, "").replace(/\/$/, ""));
            for (const target of list) {
              await page.locator(`[data-section-id="${target.route}"]`).first().waitFor({ state: "attached" });
              rendered.push(target.operationId);
            }
          }
          expect(rendered.sort()).toEqual(targets(product).map((t) => t.operationId).sort());
          // Try-it on the mocks, in the page.
          if (tryIts[product.name]) await tryIt(page, product.name, tryIts[product.name]!);
          // The header's search on a product page: fields and webhooks land in the page, error codes in the guide.
          for (const c of others) await searchAndFollow(page, c);
          expect(external, external.join(", ")).toEqual([]);
        } finally {
          await page.close();
        }
      }),
    );
    console.log(`landing search → product page rendered (Chromium, file://, ${model.products.length} tabs at once): ${timings.join(", ")}`);
  }, 180_000);

  it("every other page has the header and loads nothing from outside", async () => {
    await Promise.all(
      pages
        .filter((p) => !p.endsWith("/index.html"))
        .map(async (file) => {
          const { page, external } = await offlinePage();
          try {
            await page.goto(fileUrl(file));
            await expect(page.locator("[data-mpkit-header] a[data-product]").count()).resolves.toBe(model.products.length);
            expect(external, `${file}: ${external.join(", ")}`).toEqual([]);
          } finally {
            await page.close();
          }
        }),
    );
  });

  it("applies dark mode on the landing page, from the system setting and the switch", async () => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    try {
      await page.goto(fileUrl("index.html"));
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(await page.evaluate(() => document.documentElement.className)).toBe("dark");
      expect(await background()).toBe("rgb(20, 22, 26)");
      await page.locator("#mpkit-color-mode").click();
      expect(await background()).toBe("rgb(246, 247, 249)");
      // The choice holds on the other pages (Redoc's pages read the same setting).
      await page.goto(fileUrl("guides.html"));
      expect(await page.evaluate(() => document.documentElement.className)).toBe("light");
    } finally {
      await context.close();
    }
  });
});
