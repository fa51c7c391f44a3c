/**
 * What every page of the docs site shares: the header (home, products, guides, search, colour
 * mode), the stylesheet and the colour-mode bootstrap. The colour mode is kept where Redoc keeps
 * its own (`localStorage["redoc.colorMode"]`, a `light`/`dark` class on <html>), so a choice made
 * on any page, Redoc's or ours, holds on every page.
 */
import { escapeHtml } from "../emit/emit-docs.js";
import type { Model } from "../model/model.js";

export const ASSETS = "assets";

export interface PageContext {
  model: Model;
  /** Path of the page inside the site, e.g. `invoice/index.html`. */
  page: string;
}

/** Relative URL from `from` (a page path) to `to` (a site path). */
export function relativeUrl(from: string, to: string): string {
  const depth = from.split("/").length - 1;
  return `${"../".repeat(depth) || "./"}${to}`;
}

/** Runs before first paint, so a dark page never flashes light. */
export const COLOR_MODE_BOOTSTRAP =
  `<script>try{var m=localStorage.getItem("redoc.colorMode");if(m!=="light"&&m!=="dark")m=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";document.documentElement.classList.add(m)}catch(e){document.documentElement.classList.add("light")}</script>`;

export function siteHeader({ model, page }: PageContext): string {
  const link = (to: string, label: string, extra = "") =>
    `<a href="${escapeHtml(relativeUrl(page, to))}"${to === page ? ` aria-current="page"` : ""}${extra}>${escapeHtml(label)}</a>`;
  const products = model.products.map((p) => `<li>${link(`${p.name}/index.html`, p.title.replace(/^MobilePay\s+/, ""), ` data-product="${escapeHtml(p.name)}"`)}</li>`).join("");
  return `<header class="mpkit-header" data-mpkit-header>
  <nav aria-label="Site">
    <a class="mpkit-home" href="${escapeHtml(relativeUrl(page, "index.html"))}"${page === "index.html" ? ` aria-current="page"` : ""}>MobilePay APIs</a>
    <ul class="mpkit-products" aria-label="Products">${products}</ul>
    ${link("guides.html", "Guides", ` class="mpkit-guides"`)}
  </nav>
  <div class="mpkit-tools">
    <div class="mpkit-search" role="search">
      <input type="search" id="mpkit-search" placeholder="Search all APIs" aria-label="Search all APIs" autocomplete="off" data-root="${escapeHtml(relativeUrl(page, ""))}">
      <ol id="mpkit-search-results" hidden></ol>
    </div>
    <button type="button" id="mpkit-color-mode" aria-label="Switch colour mode" title="Switch colour mode">◐</button>
  </div>
</header>`;
}

/** The shared head: charset, viewport, colour mode, stylesheet. */
export function siteHead(context: PageContext, title: string): string {
  return `<meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  ${COLOR_MODE_BOOTSTRAP}
  <link rel="stylesheet" href="${escapeHtml(relativeUrl(context.page, `${ASSETS}/site.css`))}">`;
}

/** The script every page ends with: header behaviour (search, colour mode, try-it loader). */
export function siteScripts(context: PageContext): string {
  return `<script src="${escapeHtml(relativeUrl(context.page, `${ASSETS}/site.js`))}"></script>`;
}

export const SITE_CSS = `:root { --mp-bg: #f6f7f9; --mp-fg: #1d1d1f; --mp-muted: #555; --mp-card: #fff; --mp-accent: #1a3a6b;
  --mp-header-bg: #1a3a6b; --mp-header-fg: #fff; --mp-border: #d8dbe0; --mp-code: #eef0f3; color-scheme: light; }
:root.dark { --mp-bg: #14161a; --mp-fg: #e6e6e6; --mp-muted: #a8adb5; --mp-card: #1e2127; --mp-accent: #8fb4ff;
  --mp-header-bg: #0d1b33; --mp-header-fg: #e6ecf7; --mp-border: #353a43; --mp-code: #262a31; color-scheme: dark; }
body { margin: 0; font-family: system-ui, sans-serif; background: var(--mp-bg); color: var(--mp-fg); }
.mpkit-header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem;
  padding: .5rem 1rem; background: var(--mp-header-bg); color: var(--mp-header-fg); font: 14px/1.4 system-ui, sans-serif;
  position: relative; z-index: 50; }
.mpkit-header nav { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1rem; }
.mpkit-header a { color: inherit; text-decoration: none; opacity: .85; }
.mpkit-header a:hover, .mpkit-header a[aria-current] { opacity: 1; text-decoration: underline; }
.mpkit-home { font-weight: 700; opacity: 1 !important; }
.mpkit-products { display: flex; flex-wrap: wrap; gap: .25rem .9rem; list-style: none; margin: 0; padding: 0; }
.mpkit-tools { display: flex; align-items: center; gap: .5rem; }
.mpkit-search { position: relative; }
.mpkit-search input { width: 16rem; padding: .3rem .5rem; border-radius: .3rem; border: 1px solid var(--mp-border);
  background: var(--mp-card); color: var(--mp-fg); }
#mpkit-search-results { position: absolute; right: 0; top: 2.1rem; width: 28rem; max-height: 70vh; overflow: auto; margin: 0;
  padding: .25rem 0; list-style: none; background: var(--mp-card); color: var(--mp-fg); border: 1px solid var(--mp-border);
  border-radius: .4rem; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
#mpkit-search-results a { display: block; padding: .35rem .75rem; color: inherit; opacity: 1; }
#mpkit-search-results a:hover, #mpkit-search-results a:focus { background: var(--mp-code); text-decoration: none; }
#mpkit-search-results .kind { font-size: .75rem; color: var(--mp-muted); text-transform: uppercase; margin-right: .4rem; }
#mpkit-search-results .where { display: block; font-size: .8rem; color: var(--mp-muted); }
#mpkit-color-mode { background: none; border: 1px solid currentColor; color: inherit; border-radius: .3rem; cursor: pointer; padding: .2rem .45rem; }
main.mpkit-page { max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
main.mpkit-page a { color: var(--mp-accent); }
.mpkit-cards { list-style: none; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
.mpkit-card { background: var(--mp-card); border-radius: .5rem; padding: 1rem 1.25rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.mpkit-card h2 { font-size: 1.15rem; margin: 0 0 .35rem; }
.meta { color: var(--mp-muted); font-size: .85rem; margin: 0 0 .6rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .9rem; }
th, td { border: 1px solid var(--mp-border); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--mp-code); }
code, pre { background: var(--mp-code); border-radius: .25rem; font-size: .85rem; }
code { padding: 0 .2rem; }
pre { padding: .75rem; overflow: auto; }
pre code { padding: 0; }
figure.state-machine { background: #fff; border-radius: .5rem; padding: .5rem; margin: .5rem 0 1.5rem; overflow: auto; }
figure.state-machine svg { max-width: 100%; height: auto; }
:root.dark figure.state-machine { filter: invert(.88) hue-rotate(180deg); }
.mpkit-redoc-page #redoc { min-height: 100vh; }
#mpkit-tryit-open { position: fixed; right: 1rem; bottom: 1rem; z-index: 60; padding: .5rem 1rem; border-radius: 1.2rem; border: 0;
  background: var(--mp-header-bg); color: var(--mp-header-fg); font: 600 14px system-ui, sans-serif; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
#mpkit-tryit { position: fixed; top: 0; right: 0; bottom: 0; z-index: 70; width: min(36rem, 100vw); overflow: auto; padding: 1rem 1.25rem;
  background: var(--mp-card); color: var(--mp-fg); border-left: 1px solid var(--mp-border); box-shadow: -4px 0 16px rgba(0,0,0,.2);
  font: 14px/1.4 system-ui, sans-serif; box-sizing: border-box; }
#mpkit-tryit h2 { margin: 0 0 .25rem; font-size: 1.1rem; }
#mpkit-tryit select, #mpkit-tryit textarea { width: 100%; box-sizing: border-box; margin: .4rem 0; background: var(--mp-bg); color: var(--mp-fg);
  border: 1px solid var(--mp-border); border-radius: .3rem; }
#mpkit-tryit textarea { font: 12px/1.4 ui-monospace, monospace; }
#mpkit-tryit textarea[aria-invalid="true"] { border-color: #c0392b; }
#mpkit-tryit-problems { color: #c0392b; margin: 0; padding-left: 1.2rem; font-size: .85rem; }
#mpkit-tryit-send { padding: .35rem .9rem; cursor: pointer; }
#mpkit-tryit-status { font-weight: 700; }
#mpkit-tryit pre { background: var(--mp-code); padding: .5rem; overflow: auto; font-size: 12px; }
.mpkit-tryit-close { float: right; background: none; border: 0; color: inherit; font-size: 1.4rem; cursor: pointer; }
`;
