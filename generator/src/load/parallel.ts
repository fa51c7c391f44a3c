/**
 * Loading (lint + bundle), modelling and, for `generate` and `check`, typing (openapi-typescript)
 * the products, two at a time where it pays: the compiled CLI runs one worker thread
 * (worker-pool.ts) beside the main thread, and both take the next product from one queue,
 * largest spec first. Lint, the example checks and the types are CPU work, so the second core
 * halves that part of `generate` and `check`. Results come back in the order redocly.yaml
 * lists the products, whoever did the work, so the output is the same as one after another.
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { buildProductModel } from "../model/build-model.js";
import type { ProductModel } from "../model/model.js";
import { productTypes } from "../emit/emit-types.js";
import type { TypesInput } from "../emit/types-print.js";
import { loadProduct, type ProductSource, SpecError, type SpecProblem } from "./load-spec.js";
import { dropStartedWorker, takeWorker } from "./worker-pool.js";

export type LoadOutcome =
  | {
      kind: "ok";
      model: ProductModel;
      files: string[];
      loadMs: number;
      modelMs: number;
      /** With `types`: the product's openapi-typescript types (`emit-types.ts`), and how long they took. */
      types?: { source: string; ms: number };
    }
  /** `loadMs` is set when lint and bundle passed and the model found the problems. */
  | { kind: "failed"; problems: SpecProblem[]; loadMs?: number };

export interface LoadOptions {
  /** Also print each product's types (for `generate` and `check`; `docs` does not need them). */
  types?: boolean;
}

/** One product: lint, bundle and model (and its types). A `SpecError` becomes a `failed` outcome; any other error is thrown. */
export async function loadOne(root: string, source: ProductSource, options: LoadOptions = {}): Promise<LoadOutcome> {
  const started = performance.now();
  let loadMs: number | undefined;
  try {
    const loaded = await loadProduct(root, source);
    loadMs = performance.now() - started;
    const model = buildProductModel(loaded);
    const modelMs = performance.now() - started - loadMs;
    let types: { source: string; ms: number } | undefined;
    if (options.types === true) {
      const typesStarted = performance.now();
      types = { source: await productTypes(model), ms: performance.now() - typesStarted };
    }
    return { kind: "ok", model, files: loaded.files, loadMs, modelMs, ...(types ? { types } : {}) };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return { kind: "failed", problems: [...error.problems], ...(loadMs !== undefined ? { loadMs } : {}) };
  }
}

/** What the main thread sends the worker: a product to load (and type), or the types of one the main thread loaded. */
export type WorkerJob =
  | { kind: "load"; root: string; index: number; source: ProductSource; options: LoadOptions }
  | { kind: "types"; index: number; product: TypesInput };

/** What the worker sends back for one job. */
export type WorkerReply =
  | { index: number; outcome: LoadOutcome }
  | { index: number; types: { source: string; ms: number } }
  | { index: number; error: { message: string; stack?: string } };

/** Runs one job on the worker thread (worker-jobs.ts). */
export async function runJob(job: WorkerJob): Promise<WorkerReply> {
  if (job.kind === "load") return { index: job.index, outcome: await loadOne(job.root, job.source, job.options) };
  const started = performance.now();
  const source = await productTypes(job.product);
  return { index: job.index, types: { source, ms: performance.now() - started } };
}

/** What printing a product's types reads of its model: all that is sent to the worker. */
function typesInput(model: ProductModel): TypesInput {
  return {
    document: model.document,
    ...(model.callbacks ? { callbacks: model.callbacks } : {}),
    operations: model.operations.map((o) => ({ operationId: o.operationId, path: o.path, method: o.method })),
  };
}

/** The order products are taken in: largest root spec first, so the two threads end close together. */
function schedule(root: string, sources: readonly ProductSource[]): number[] {
  const size = (s: ProductSource) => {
    try {
      return statSync(path.resolve(root, s.specFile)).size;
    } catch {
      return 0;
    }
  };
  const sizes = sources.map(size);
  return sources.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
}

/**
 * Every product's outcome, in the order of `sources`. With the worker, the main thread only
 * loads and models: the worker prints the types of every product (those it loaded, and those
 * the main thread sends it, before taking another product to load), so the main thread never
 * loads openapi-typescript and typescript and has its share free for the emitters that follow.
 */
export async function loadAll(
  root: string,
  sources: readonly ProductSource[],
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): Promise<LoadOutcome[]> {
  const worker = sources.length > 1 ? takeWorker(env) : undefined;
  if (worker === undefined) await dropStartedWorker();
  const outcomes: LoadOutcome[] = new Array(sources.length);
  if (worker === undefined) {
    for (const [index, source] of sources.entries()) outcomes[index] = await loadOne(root, source, options);
    return outcomes;
  }
  const queue = schedule(root, sources);
  /** Products the main thread loaded whose types the worker is still to print. */
  const toType: number[] = [];
  let mainDone = false;
  let waiting = false;
  let give = () => {};
  try {
    const fromWorker = new Promise<void>((resolve, reject) => {
      give = () => {
        waiting = false;
        const typed = toType.shift();
        if (typed !== undefined) {
          const outcome = outcomes[typed];
          if (outcome?.kind === "ok") return worker.postMessage({ kind: "types", index: typed, product: typesInput(outcome.model) } satisfies WorkerJob);
        }
        const index = queue.shift();
        if (index !== undefined) return worker.postMessage({ kind: "load", root, index, source: sources[index]!, options } satisfies WorkerJob);
        // Nothing to do now: done when the main thread is, else wait for what it sends.
        if (mainDone && toType.length === 0) resolve();
        else waiting = true;
      };
      worker.on("message", (reply: WorkerReply) => {
        if ("error" in reply) {
          const error = new Error(reply.error.message);
          if (reply.error.stack) error.stack = reply.error.stack;
          reject(error);
          return;
        }
        if ("types" in reply) {
          const outcome = outcomes[reply.index];
          if (outcome?.kind === "ok") outcome.types = reply.types;
        } else outcomes[reply.index] = reply.outcome;
        give();
      });
      worker.on("error", reject);
      // After the last reply the promise is settled and this changes nothing.
      worker.on("exit", (code) => reject(new Error(`mpkit: the load worker exited early (code ${code})`)));
      give();
    });
    // The main thread loads and models products from the same queue meanwhile.
    const onMain = (async () => {
      try {
        for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
          const outcome = await loadOne(root, sources[index]!, { ...options, types: false });
          outcomes[index] = outcome;
          if (options.types === true && outcome.kind === "ok") toType.push(index);
          if (waiting) give();
        }
      } finally {
        mainDone = true;
        if (waiting) give();
      }
    })();
    await Promise.all([onMain, fromWorker]);
  } finally {
    // Not awaited: the worker stops while the main thread emits and writes.
    worker.terminate().catch(() => undefined);
  }
  return outcomes;
}
