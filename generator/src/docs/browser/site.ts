/**
 * The docs site's own script (bundled by esbuild into assets/site.js, a classic script, so it runs
 * from file://): the colour-mode switch and the search across all products, over the MiniSearch
 * index that assets/search-index.js puts on `window.MPKIT_SEARCH`.
 */
import MiniSearch from "minisearch";

interface SearchDoc {
  id: string;
  kind: string;
  title: string;
  product: string;
  url: string;
}

declare global {
  interface Window {
    MPKIT_SEARCH?: { index: unknown; options: { fields: string[]; storeFields: string[]; idField?: string } };
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

function search(): void {
  const input = document.getElementById("mpkit-search") as HTMLInputElement | null;
  const list = document.getElementById("mpkit-search-results") as HTMLOListElement | null;
  const data = window.MPKIT_SEARCH;
  if (!input || !list || !data) return;
  const index = MiniSearch.loadJS<SearchDoc>(data.index as never, data.options);
  const root = input.dataset.root ?? "./";
  const render = () => {
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
      where.textContent = document.querySelector(`[data-mpkit-header] a[data-product="${doc.product}"]`)?.textContent ?? doc.product;
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
  input.addEventListener("input", render);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") list.querySelector("a")?.click();
    if (event.key === "Escape") list.hidden = true;
  });
  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Node) || !input.parentElement?.contains(event.target)) list.hidden = true;
  });
}

colorMode();
search();
