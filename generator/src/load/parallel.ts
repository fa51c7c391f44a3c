/**
 * Loading (lint + bundle) and modelling the products, two at a time where it pays: the
 * compiled CLI runs one worker thread beside the main thread, and both take the next product
 * from one queue. Lint and the example checks are CPU work, so the second core halves that
 * part of `generate` and `check`. Results come back in the order redocly.yaml lists the
 * products, whoever did the work, so the output is the same as one after another.
 *
 * It pays only when a core is free: the worker loads its own Redocly and Ajv (~0.6 s of CPU) and
 * each thread warms its own JIT, so on a busy machine (load average above cores - 1) it costs
 * CPU and saves no time, and everything runs on the main thread. `MPKIT_WORKERS=1` forces the
 * worker, `MPKIT_WORKERS=0` forbids it. The worker is `load-worker.js` beside the compiled
 * module (generator/dist); run from the TypeScript sources (tests), there is none.
 */
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { buildProductModel } from "../model/build-model.js";
import type { ProductModel } from "../model/model.js";
import { loadProduct, type ProductSource, SpecError, type SpecProblem } from "./load-spec.js";

export type LoadOutcome =
  | { kind: "ok"; model: ProductModel; files: string[]; loadMs: number; modelMs: number }
  /** `loadMs` is set when lint and bundle passed and the model found the problems. */
  | { kind: "failed"; problems: SpecProblem[]; loadMs?: number };

/** One product: lint, bundle and model. A `SpecError` becomes a `failed` outcome; any other error is thrown. */
export async function loadOne(root: string, source: ProductSource): Promise<LoadOutcome> {
  const started = performance.now();
  let loadMs: number | undefined;
  try {
    const loaded = await loadProduct(root, source);
    loadMs = performance.now() - started;
    const model = buildProductModel(loaded);
    return { kind: "ok", model, files: loaded.files, loadMs, modelMs: performance.now() - started - loadMs };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return { kind: "failed", problems: [...error.problems], ...(loadMs !== undefined ? { loadMs } : {}) };
  }
}

/** What the worker sends back for one product. */
export type WorkerReply = { index: number; outcome: LoadOutcome } | { index: number; error: { message: string; stack?: string } };

function workerScript(): string | undefined {
  const file = fileURLToPath(new URL("./load-worker.js", import.meta.url));
  return existsSync(file) ? file : undefined;
}

/** Every product's outcome, in the order of `sources`. */
export async function loadAll(root: string, sources: readonly ProductSource[], env: NodeJS.ProcessEnv = process.env): Promise<LoadOutcome[]> {
  const cores = availableParallelism();
  const pays = env.MPKIT_WORKERS === "1" || (env.MPKIT_WORKERS !== "0" && cores > 1 && (loadavg()[0] ?? 0) <= cores - 1);
  const script = sources.length > 1 && pays ? workerScript() : undefined;
  const outcomes: LoadOutcome[] = new Array(sources.length);
  if (script === undefined) {
    for (const [index, source] of sources.entries()) outcomes[index] = await loadOne(root, source);
    return outcomes;
  }
  const { Worker } = await import("node:worker_threads");
  let next = 0;
  const worker = new Worker(script);
  try {
    const fromWorker = new Promise<void>((resolve, reject) => {
      const give = () => {
        if (next < sources.length) {
          const index = next++;
          worker.postMessage({ root, index, source: sources[index] });
        } else resolve();
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
      while (next < sources.length) {
        const index = next++;
        outcomes[index] = await loadOne(root, sources[index]!);
      }
    })();
    await Promise.all([onMain, fromWorker]);
  } finally {
    await worker.terminate();
  }
  return outcomes;
}
