/**
 * `mpkit generate --watch`: watches specs/ and redocly.yaml (Node's own `fs.watch`), and on a save
 * regenerates only the products the saved file belongs to (a file under specs/<product>/ → that
 * product; anything else, e.g. specs/common → every product), debounced. Each cycle prints the
 * diff report against the last good model, writes the product's files, and rebuilds the docs
 * site. A broken spec prints its `file:line:col` problems and keeps the last good output; the
 * watcher keeps running.
 */
import { type FSWatcher, watch } from "node:fs";
import * as path from "node:path";
import { compareProducts } from "./diff/compare.js";
import { bumpOf } from "./diff/change.js";
import { formatTerminal } from "./diff/format.js";
import { readPackageVersions } from "./diff/versions.js";
import { buildDocsSite } from "./docs/build-docs.js";
import { formatProblem, listProducts, loadProduct, type ProductSource, SpecError } from "./load/load-spec.js";
import { buildProductModel } from "./model/build-model.js";
import type { ProductModel } from "./model/model.js";
import { emitAll, toolkitVersion } from "./pipeline.js";
import { writeAll } from "./write/write-files.js";

export interface WatchCycle {
  product: string;
  ok: boolean;
  /** Files written (changed content only). */
  written: string[];
  /** From the first file event of the cycle to the files written, in ms. */
  saveToWrittenMs: number;
  /** Regeneration alone (load, model, emit, write), in ms. */
  generateMs: number;
  problems: string[];
}

export interface WatchOptions {
  /** Product names to watch (default: all). */
  products?: readonly string[];
  /** Rebuild the docs site after each good cycle (default true). */
  docs?: boolean;
  debounceMs?: number;
  log?: (line: string) => void;
  onCycle?: (cycle: WatchCycle) => void;
}

export interface Watcher {
  /** Resolves once the initial models are built and the watcher is listening. */
  ready: Promise<void>;
  close(): Promise<void>;
}


export function watchSpecs(root: string, options: WatchOptions = {}): Watcher {
  const log = options.log ?? ((line: string) => console.log(line));
  const debounceMs = options.debounceMs ?? 50;
  const good = new Map<string, ProductModel>();
  let sources: ProductSource[] = [];
  let all: ProductSource[] = [];
  /** Models of the products not watched, for the docs site (loaded once). */
  const others = new Map<string, ProductModel>();
  let versions: Record<string, string> = {};
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let firstEvent = 0;
  const pending = new Set<string>();
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const affected = (file: string): string[] => {
    const rel = path.relative(root, file).split(path.sep);
    const names = sources.map((s) => s.name);
    if (rel[0] === "specs" && rel[1] !== undefined && names.includes(rel[1])) return [rel[1]];
    return names;
  };

  async function regenerate(source: ProductSource, since: number): Promise<void> {
    const started = performance.now();
    let model: ProductModel;
    try {
      model = buildProductModel(await loadProduct(root, source));
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      const problems = error.problems.map(formatProblem);
      for (const line of problems) log(line);
      log(`✗ ${source.name}: ${problems.length} problem(s); kept the last good output, still watching`);
      options.onCycle?.({ product: source.name, ok: false, written: [], saveToWrittenMs: 0, generateMs: performance.now() - started, problems });
      return;
    }
    const last = good.get(source.name);
    if (last) {
      const changes = compareProducts(last, model);
      if (changes.length > 0) {
        const report = { base: "the last save", products: [{ product: model.name, packageName: model.packageName, specFile: model.specFile, changes, bump: bumpOf(changes) }] };
        for (const line of formatTerminal(report).trimEnd().split("\n")) log(line);
      }
    }
    const files = (await emitAll({ toolkitVersion: toolkitVersion(), packageVersions: versions, products: [model] })).filter((f) => f.product === source.name);
    const written = await writeAll(root, files);
    const done = performance.now();
    good.set(source.name, model);
    log(`✓ ${source.name}: ${written.length} file(s) written, ${Math.round(done - since)} ms after the save (${Math.round(done - started)} ms to regenerate)`);
    options.onCycle?.({ product: source.name, ok: true, written, saveToWrittenMs: done - since, generateMs: done - started, problems: [] });
    if (options.docs !== false) {
      try {
        // The site is one piece (shared header, one search index, guides): rebuild it with the
        // last good model of every product, this one's new.
        const products = all.map((p) => good.get(p.name) ?? others.get(p.name)).filter((p): p is ProductModel => p !== undefined);
        await buildDocsSite(root, { model: { toolkitVersion: toolkitVersion(), packageVersions: versions, products } });
        log(`✓ ${source.name}: docs site rebuilt`);
      } catch (error) {
        log(`✗ ${source.name}: docs site not rebuilt: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  function flush(): void {
    const names = [...pending];
    pending.clear();
    const since = firstEvent;
    firstEvent = 0;
    running = running.then(async () => {
      for (const name of names) {
        const source = sources.find((s) => s.name === name);
        if (source && !closed) await regenerate(source, since);
      }
    }).catch((error: unknown) => log(`✗ ${error instanceof Error ? error.message : String(error)}`));
  }

  const ready = (async () => {
    all = await listProducts(root);
    const unknown = (options.products ?? []).filter((n) => !all.some((p) => p.name === n));
    if (unknown.length > 0) throw new Error(`unknown product(s): ${unknown.join(", ")}; redocly.yaml declares: ${all.map((p) => p.name).join(", ")}`);
    sources = all.filter((p) => !options.products?.length || options.products.includes(p.name));
    versions = readPackageVersions(root, all.map((p) => p.name), toolkitVersion());
    for (const source of sources) {
      try {
        good.set(source.name, buildProductModel(await loadProduct(root, source)));
      } catch (error) {
        if (!(error instanceof SpecError)) throw error;
        for (const p of error.problems) log(formatProblem(p));
      }
    }
    if (options.docs !== false) {
      for (const source of all.filter((p) => !sources.includes(p))) {
        others.set(source.name, buildProductModel(await loadProduct(root, source)));
      }
    }
    // Node's recursive fs.watch, not chokidar: on this project's machines chokidar 5 dropped every
    // other save of the same file (measured: 20 of 40), fs.watch none.
    const onEvent = (file: string) => {
      if (process.env.MPKIT_WATCH_DEBUG) log(`[change ${path.relative(root, file)}]`);
      if (closed) return;
      if (firstEvent === 0) firstEvent = performance.now();
      for (const name of affected(file)) pending.add(name);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    };
    const specs = path.join(root, "specs");
    watchers.push(watch(specs, { recursive: true }, (_event, name) => onEvent(name ? path.join(specs, name.toString()) : specs)));
    // The root folder, not the file: an editor that saves by renaming would end a watch on the file.
    watchers.push(
      watch(root, (_event, name) => {
        if (name === "redocly.yaml" || name === ".redocly.lint-ignore.yaml") onEvent(path.join(root, name));
      }),
    );
    log(`watching specs/ for ${sources.map((s) => s.name).join(", ")} (Ctrl-C to stop)`);
  })();

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      await running;
    },
  };
}

/** The CLI entry: runs until SIGINT/SIGTERM. */
export async function runWatch(root: string, products: readonly string[], docs: boolean): Promise<number> {
  const watcher = watchSpecs(root, { products, docs });
  await watcher.ready;
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await watcher.close();
  return 0;
}
