/**
 * First render of each product page of a built docs site, in headless Chromium from file://.
 *
 *   node bench/probes/docs-render.mjs <site folder> [loads per page = 5]
 *
 * "First render" is the time from the page's navigation start (performance.timeOrigin) to the
 * first animation frame after Redoc's sidebar menu lists every tag of the page's spec (the
 * operation list's first level: each tag that has an operation or webhook, by its display name).
 * An init script watches the DOM from the first byte with a MutationObserver, so nothing polls.
 * Each load is cold: a new browser context (its own renderer, no code cache from a previous load).
 * Also reported: DOMContentLoaded, and the page's weight, i.e. the bytes of every file of the site
 * the page loaded before first render (HTML, Redoc, spec.js, site script and stylesheet).
 * Prints one JSON line: `{ definition, pages: { <product>: { bytes, firstRenderMs, domContentLoadedMs, loads } } }`
 * with medians over the loads.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [siteArg, loadsArg] = process.argv.slice(2);
if (!siteArg) throw new Error("usage: docs-render.mjs <site folder> [loads per page]");
const site = path.resolve(siteArg);
const loads = Number(loadsArg ?? 5);
const CHROMIUM = process.env.MPKIT_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set MPKIT_CHROMIUM`);

export const DEFINITION =
  "navigation start → first animation frame after Redoc's sidebar lists every tag of the page (cold load: new context, file://); median";

/** Runs in the page before any of its scripts: resolves `window.__firstRender` when the menu is complete. */
function watchFirstRender() {
  const tagsOf = (spec) => {
    const names = new Set();
    const items = [...Object.values(spec.paths ?? {}), ...Object.values(spec.webhooks ?? {})];
    for (const item of items) {
      for (const op of Object.values(item ?? {})) if (op && Array.isArray(op.tags) && op.tags[0]) names.add(op.tags[0]);
    }
    const display = new Map((spec.tags ?? []).map((t) => [t.name, t["x-displayName"] ?? t.name]));
    return [...names].map((n) => display.get(n) ?? n);
  };
  window.__firstRender = new Promise((resolve) => {
    const check = () => {
      const menu = document.querySelector('[data-component-name="Menu/Menu"]');
      if (!menu || !window.MPKIT_SPEC) return false;
      const text = menu.textContent ?? "";
      return tagsOf(window.MPKIT_SPEC).every((name) => text.includes(name));
    };
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const products = readdirSync(site, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.join(site, e.name, "index.html")) && existsSync(path.join(site, e.name, "spec.js")))
  .map((e) => e.name)
  .sort();
if (products.length === 0) throw new Error(`${site}: no product pages (<product>/index.html with spec.js)`);

// The switches of test/chromium.ts (the browser tests' launch).
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});
const pages = {};
try {
  // Round-robin over the pages, so a burst of load on the machine is spread over all of them.
  const runs = Object.fromEntries(products.map((p) => [p, []]));
  for (let round = 0; round < loads; round++) {
    for (const product of products) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.addInitScript(watchFirstRender);
        const files = new Set();
        const outside = [];
        page.on("request", (request) => {
          const url = request.url();
          if (url.startsWith("file:")) files.add(fileURLToPath(url.split("#")[0]));
          else if (!/^(data|blob):/.test(url)) outside.push(url);
        });
        await page.goto(pathToFileURL(path.join(site, product, "index.html")).href, { waitUntil: "commit" });
        const firstRenderMs = await page.evaluate(() => window.__firstRender);
        const domContentLoadedMs = await page.evaluate(() => performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? NaN);
        if (outside.length > 0) throw new Error(`${product}: requests left the site: ${outside.join(", ")}`);
        const bytes = [...files].reduce((sum, f) => sum + statSync(f).size, 0);
        runs[product].push({ firstRenderMs, domContentLoadedMs, bytes });
      } finally {
        await context.close();
      }
    }
  }
  for (const [product, list] of Object.entries(runs)) {
    pages[product] = {
      bytes: Math.max(...list.map((r) => r.bytes)),
      firstRenderMs: Math.round(median(list.map((r) => r.firstRenderMs))),
      domContentLoadedMs: Math.round(median(list.map((r) => r.domContentLoadedMs))),
      loads: list.map((r) => Math.round(r.firstRenderMs)),
    };
  }
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify({ definition: DEFINITION, pages })}\n`);
