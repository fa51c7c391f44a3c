/** The docs site: a landing page and one offline Redoc page per product. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../test/chromium.js";
import { buildDocsSite } from "../src/docs/build-docs.js";
import { buildModel } from "../src/pipeline.js";
import type { Model } from "../src/model/model.js";
import { repoRoot } from "./helpers.js";

let out: string;
let model: Model;
let pages: string[];

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), "mpkit-docs-"));
  model = await buildModel(repoRoot);
  pages = await buildDocsSite(repoRoot, { outDir: path.join(out, "site"), model });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The products registered in redocly.yaml (read synchronously: `it.each` needs them at collection). */
function productNames(): string[] {
  const config = readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8");
  const apis = config.split(/^apis:\n/m)[1]?.split(/^\S/m)[0] ?? "";
  return [...apis.matchAll(/^ {2}([a-z][a-z0-9-]*):$/gm)].map((m) => m[1]!);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const read = (page: string) => readFileSync(path.join(out, "site", page), "utf8");

describe("the docs site", () => {
  it("has a landing page linking every product", () => {
    expect(pages).toEqual(["index.html", ...model.products.map((p) => `${p.name}/index.html`)]);
    const landing = read("index.html");
    for (const product of model.products) {
      expect(landing).toContain(`href="./${product.name}/index.html"`);
      expect(landing).toContain(product.title);
    }
  });

  it.each(productNames())("%s: works offline (Redoc inlined, nothing loaded from elsewhere)", (name) => {
    const html = read(`${name}/index.html`);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    // The Redoc application is inlined as a module script.
    expect(html).toMatch(/<script type="module">/);
  });

  it.each(productNames())("%s: documents every operation", (name) => {
    const html = read(`${name}/index.html`);
    const product = model.products.find((p) => p.name === name)!;
    for (const op of product.operations) expect(html, op.operationId).toContain(op.summary);
  });
});

describe("the docs site in Chromium, offline", () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it("registers every product", () => {
    expect(productNames()).toEqual(model.products.map((p) => p.name));
  });

  it.each(productNames())("%s: the landing page links it, and every operation renders from file:// with the network cut off", async (name) => {
    const product = model.products.find((p) => p.name === name)!;
    const page = await browser.newPage();
    try {
      const external: string[] = [];
      await page.route(/^https?:/, (route) => {
        external.push(route.request().url());
        return route.abort();
      });
      await page.goto(pathToFileURL(path.join(out, "site", "index.html")).href);
      await page.getByRole("link", { name: product.title }).click();
      await page.waitForURL(new RegExp(`${escapeRegExp(name)}/index\\.html`));
      // Redoc renders client-side, one view per tag and lazily within it: open each tag in the
      // sidebar, then each operation, and find its heading.
      const tags = [...new Set(product.operations.map((op) => op.tags[0] ?? ""))];
      const seen: string[] = [];
      const label = (text: string) => page.locator(`[data-testid="menu-item-label"] [data-text=${JSON.stringify(text)}]`).first();
      for (const tag of tags) {
        for (const op of product.operations.filter((o) => (o.tags[0] ?? "") === tag)) {
          // Open the tag in the sidebar (Redoc marks menu labels with data-text) unless it is
          // open already: a second click would fold it.
          if (!(await label(op.summary).isVisible())) await label(tag).click();
          // Throws, failing the test, when the heading does not appear.
          await label(op.summary).click();
          // Deprecated operations carry a badge after the summary.
          const heading = page.getByRole("heading").filter({ hasText: new RegExp(`^${escapeRegExp(op.summary)}( deprecated)?$`, "i") });
          await heading.first().waitFor({ state: "visible", timeout: 15_000 });
          seen.push(op.operationId);
        }
      }
      expect(seen.sort()).toEqual(product.operations.map((op) => op.operationId).sort());
      // Redoc's footer always tries to load Redocly's attribution logo and hides it when that
      // fails; it has no option to turn off. Nothing else may be fetched.
      const unexpected = external.filter((url) => !/^https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg$/.test(url));
      expect(unexpected, unexpected.join(", ")).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);
});
