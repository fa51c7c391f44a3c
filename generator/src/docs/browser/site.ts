/**
 * The docs site's own script (bundled by esbuild into assets/site.js, a classic script, so it runs
 * from file://): the colour-mode switch, the search across all products over the MiniSearch index
 * that assets/search-index.js puts on `window.MPKIT_SEARCH` (loaded when the search is first
 * used), and the try-it button, which loads assets/try-it.js on its first click.
 */
import MiniSearch from "minisearch";

interface SearchDoc {
  id: string;
  kind: string;
  title: string;
  /** Relative to the site root; its first folder is the product (not stored twice in the index). */
  url: string;
}

declare global {
  interface Window {
    /** `docs`: the search entries as gzip-compressed JSON, base64-encoded (see generator/src/docs/search.ts). */
    MPKIT_SEARCH?: { docs: string; options: { fields: string[]; storeFields: string[]; idField?: string } };
  }
}

function colorMode(): void {
  const button = document.getElementById("mpkit-color-mode");
  button?.addEventListener("click", () => {
    const root = document.documentElement;
    const next = root.classList.contains("dark") ? "light" : "dark";
    root.classList.remove("light", "dark");
    root.classList.add(next);
    try {
      localStorage.setItem("redoc.colorMode", next);
    } catch {
      // Storage refused (private mode): the switch still applies to this page.
    }
  });
}

/** Loads a classic script of the site once (works from file://, unlike fetch or modules). */
const loading = new Map<string, Promise<void>>();
export function loadScript(src: string): Promise<void> {
  let promise = loading.get(src);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`cannot load ${src}`));
      document.body.append(script);
    });
    loading.set(src, promise);
  }
  return promise;
}

/** base64 gzip → JSON, with the browser's own DecompressionStream (no library, works from file://). */
async function inflate(base64: string): Promise<SearchDoc[]> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text()) as SearchDoc[];
}

function search(): void {
  const input = document.getElementById("mpkit-search") as HTMLInputElement | null;
  const list = document.getElementById("mpkit-search-results") as HTMLOListElement | null;
  if (!input || !list) return;
  const root = input.dataset.root ?? "./";
  // The index is loaded when the search is first used, not with every page.
  let index: MiniSearch<SearchDoc> | undefined;
  const ready = async () => {
    if (!index) {
      await loadScript(`${root}assets/search-index.js`);
      const data = window.MPKIT_SEARCH!;
      const docs = await inflate(data.docs);
      if (!index) {
        index = new MiniSearch<SearchDoc>(data.options);
        index.addAll(docs);
      }
    }
    return index;
  };
  input.addEventListener("focus", () => void ready(), { once: true });
  const render = async () => {
    const index = await ready();
    const query = input.value.trim();
    list.replaceChildren();
    if (query === "") {
      list.hidden = true;
      return;
    }
    const results = index.search(query, { prefix: true, fuzzy: 0.15, boost: { name: 4, title: 2 } }).slice(0, 20);
    for (const result of results) {
      const doc = result as unknown as SearchDoc;
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = root + doc.url;
      link.dataset.searchId = doc.id;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = doc.kind;
      const where = document.createElement("span");
      where.className = "where";
      const product = doc.url.split("/")[0] ?? "";
      where.textContent = document.querySelector(`[data-mpkit-header] a[data-product="${product}"]`)?.textContent ?? product;
      link.append(kind, doc.title, where);
      link.addEventListener("click", () => {
        list.hidden = true;
      });
      item.append(link);
      list.append(item);
    }
    if (results.length === 0) {
      const item = document.createElement("li");
      item.textContent = "No match";
      item.style.padding = ".35rem .75rem";
      list.append(item);
    }
    list.hidden = false;
  };
  input.addEventListener("input", () => void render());
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") void render().then(() => list.querySelector("a")?.click());
    if (event.key === "Escape") list.hidden = true;
  });
  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Node) || !input.parentElement?.contains(event.target)) list.hidden = true;
  });
}

/** Try-it (product pages): its script, with the clients and the mocks, loads on the first click. */
function tryIt(): void {
  const button = document.getElementById("mpkit-tryit-open");
  if (!button?.dataset.src) return;
  const src = button.dataset.src;
  button.addEventListener(
    "click",
    () => {
      button.setAttribute("aria-busy", "true");
      void loadScript(src).then(() => button.click());
    },
    { once: true },
  );
}

colorMode();
search();
tryIt();
