/**
 * The stages in order: load (lint + bundle) → model → emitters → write.
 * Emitters are registered here; each returns files and never writes them itself.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { readPackageVersions } from "./diff/versions.js";
import { emitClients } from "./emit/emit-client.js";
import { emitMocks } from "./emit/emit-mocks.js";
import { emitPackages } from "./emit/emit-package.js";
import { emitTypes, rememberTypes } from "./emit/emit-types.js";
import { listProducts, type ProductSource, SpecError, type SpecProblem } from "./load/load-spec.js";
import { loadAll } from "./load/parallel.js";
import type { FailedProduct, GeneratedFile, Model } from "./model/model.js";
import { assertUniquePaths, compareWithDisk, type FileStatus } from "./write/write-files.js";
import { findOrphans, writeGenerated, type WriteResult } from "./write/write-generated.js";

export type Emitter = (model: Model) => GeneratedFile[] | Promise<GeneratedFile[]>;

/** Every emitter whose output is committed. */
export const EMITTERS: readonly Emitter[] = [emitTypes, emitClients, emitPackages, emitMocks];

export function toolkitVersion(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "package.json");
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

function select(all: ProductSource[], names: readonly string[]): ProductSource[] {
  const unknown = names.filter((n) => !all.some((p) => p.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown product(s): ${unknown.join(", ")}; redocly.yaml declares: ${all.map((p) => p.name).join(", ")}`);
  }
  return all;
}

export interface PipelineOptions {
  /** Called when a stage has finished, with what it did and how long it took. */
  progress?: (stage: string, detail: string, ms: number) => void;
  /** Collects the absolute path of every spec file read (for the CLI's cache key). */
  inputs?: Set<string>;
  /**
   * Keep going past a product whose spec fails: the model holds the others and lists the failed
   * ones in `failed`. Without it, any failure throws one `SpecError` with every product's problems.
   */
  partial?: boolean;
  /**
   * Print each product's types while loading it (on the worker thread for the products it
   * loads), for `emitTypes`: `generate` and `check` do, `docs` has no use for them.
   */
  types?: boolean;
}

async function timed<T>(options: PipelineOptions, stage: string, work: () => Promise<T>, detail: (result: T) => string): Promise<T> {
  const started = performance.now();
  const result = await work();
  options.progress?.(stage, detail(result), performance.now() - started);
  return result;
}

/** Loads every product declared in redocly.yaml and builds the model. */
export async function buildModel(root: string, options: PipelineOptions = {}): Promise<Model> {
  const sources = await listProducts(root);
  const products = [];
  const failed: FailedProduct[] = [];
  // One product's broken spec never stops the others from being loaded (and, with `partial`,
  // generated). Products load two at a time where a worker thread pays (load/parallel.ts);
  // progress and results follow the order of redocly.yaml either way.
  const outcomes = await loadAll(root, sources, process.env, { types: options.types === true });
  for (const [index, source] of sources.entries()) {
    const outcome = outcomes[index]!;
    if (outcome.loadMs !== undefined) options.progress?.("load", `${source.name}: linted and bundled`, outcome.loadMs);
    if (outcome.kind === "failed") {
      failed.push({ name: source.name, specFile: source.specFile, problems: outcome.problems });
      continue;
    }
    for (const file of outcome.files) options.inputs?.add(file);
    options.progress?.("model", `${outcome.model.name}: ${outcome.model.operations.length} operation(s)`, outcome.modelMs);
    if (outcome.types !== undefined) {
      rememberTypes(outcome.model, outcome.types.source);
      options.progress?.("types", `${outcome.model.name}: openapi-typescript`, outcome.types.ms);
    }
    products.push(outcome.model);
  }
  if (failed.length > 0 && options.partial !== true) throw new SpecError(failed.flatMap((f) => f.problems));
  const version = toolkitVersion();
  // Package versions live in the packages' package.json (Changesets bumps them); the CLI's cache
  // key hashes them too (`packageVersionsKey`).
  return {
    toolkitVersion: version,
    packageVersions: readPackageVersions(root, sources.map((s) => s.name), version),
    products,
    ...(failed.length > 0 ? { failed } : {}),
  };
}

export async function emitAll(model: Model, emitters: readonly Emitter[] = EMITTERS, options: PipelineOptions = {}): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const emit of emitters) files.push(...(await timed(options, "emit", async () => emit(model), (f) => `${emit.name}: ${f.length} file(s)`)));
  assertUniquePaths(files);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export { findOrphans } from "./write/write-generated.js";

export interface GenerateResult extends WriteResult {
  /** The model the files came from, for the docs site. */
  model: Model;
  /** Every file the specs produce (before the product filter). */
  files: GeneratedFile[];
  /** What generation went ahead despite, with the spec line (renamed methods, examples left out). */
  warnings: SpecProblem[];
  /** Products that could not be generated (their previous output is left as it was). */
  failed: FailedProduct[];
}

/**
 * Regenerates the committed sources. With product names, only their files (and the files
 * shared by all products) are written. Nothing is written unless every spec loads.
 */
export async function generate(root: string, names: readonly string[] = [], options: PipelineOptions = {}): Promise<GenerateResult> {
  select(await listProducts(root), names);
  const model = await buildModel(root, { ...options, types: true });
  const all = await emitAll(model, EMITTERS, options);
  const failed = model.failed ?? [];
  let result: WriteResult;
  if (failed.length === 0) result = await writeTimed(root, all, names, options);
  else {
    // Only the products that generated: the shared files (which list every product) and the
    // failed products' own files stay as they were, and nothing is removed as an orphan.
    const ok = model.products.map((p) => p.name).filter((n) => names.length === 0 || names.includes(n));
    const own = all.filter((f) => f.product !== undefined && ok.includes(f.product));
    result = ok.length === 0 ? { written: [], removed: [], total: 0 } : await writeTimed(root, own, ok, options);
  }
  const warnings = model.products.filter((p) => names.length === 0 || names.includes(p.name)).flatMap((p) => p.warnings);
  return { ...result, model, files: all, warnings, failed };
}

/** Writes the files of the selected products (all when none) and removes orphans. */
async function writeTimed(root: string, all: readonly GeneratedFile[], names: readonly string[], options: PipelineOptions): Promise<WriteResult> {
  return timed(options, "write", () => writeGenerated(root, all, names), (r) => `${r.written.length} written, ${r.removed.length} removed`);
}

export interface CheckResult {
  stale: { path: string; status: FileStatus | "orphaned" }[];
  total: number;
  /** Every file the specs produce. */
  files: GeneratedFile[];
  /** The model the check regenerated from, for the checks that follow it (version gate, README). */
  model: Model;
}

/** The drift check: regenerates in memory and compares with the files on disk. */
export async function check(root: string, options: PipelineOptions = {}): Promise<CheckResult> {
  const model = await buildModel(root, { ...options, types: true });
  const files = await emitAll(model, EMITTERS, options);
  const stale: CheckResult["stale"] = compareWithDisk(root, files).filter((s) => s.status !== "unchanged");
  for (const orphan of await findOrphans(root, files)) stale.push({ path: orphan, status: "orphaned" });
  return { stale, total: files.length, files, model };
}
