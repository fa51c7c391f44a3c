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
      const { productTypes } = await import("../emit/emit-types.js");
      types = { source: productTypes(model), ms: performance.now() - typesStarted };
    }
    return { kind: "ok", model, files: loaded.files, loadMs, modelMs, ...(types ? { types } : {}) };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return { kind: "failed", problems: [...error.problems], ...(loadMs !== undefined ? { loadMs } : {}) };
  }
}

/** What the main thread sends the worker for one product. */
export interface WorkerJob {
  root: string;
  index: number;
  source: ProductSource;
  options: LoadOptions;
}

/** What the worker sends back for one product. */
export type WorkerReply = { index: number; outcome: LoadOutcome } | { index: number; error: { message: string; stack?: string } };

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

/** Every product's outcome, in the order of `sources`. */
export async function loadAll(
  root: string,
  sources: readonly ProductSource[],
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): Promise<LoadOutcome[]> {
  const worker = sources.length > 1 ? takeWorker(env) : undefined;
  if (worker === undefined) await dropStartedWorker();
  const outcomes: LoadOutcome[] = new Array(sources.length);
  const queue = worker === undefined ? sources.map((_, i) => i) : schedule(root, sources);
  if (worker === undefined) {
    for (const index of queue) outcomes[index] = await loadOne(root, sources[index]!, options);
    return outcomes;
  }
  try {
    const fromWorker = new Promise<void>((resolve, reject) => {
      const give = () => {
        const index = queue.shift();
        if (index !== undefined) worker.postMessage({ root, index, source: sources[index]!, options } satisfies WorkerJob);
        else resolve();
      };
      worker.on("message", (reply: WorkerReply) => {
        if ("error" in reply) {
          const error = new Error(reply.error.message);
          if (reply.error.stack) error.stack = reply.error.stack;
          reject(error);
          return;
        }
        outcomes[reply.index] = reply.outcome;
        give();
      });
      worker.on("error", reject);
      // After the last reply the promise is settled and this changes nothing.
      worker.on("exit", (code) => reject(new Error(`mpkit: the load worker exited early (code ${code})`)));
      give();
    });
    // The main thread takes products from the same queue meanwhile.
    const onMain = (async () => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) outcomes[index] = await loadOne(root, sources[index]!, options);
    })();
    await Promise.all([onMain, fromWorker]);
  } finally {
    // Not awaited: the worker stops while the main thread emits and writes.
    worker.terminate().catch(() => undefined);
  }
  return outcomes;
}
