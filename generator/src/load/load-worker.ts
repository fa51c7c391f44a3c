/**
 * The worker thread of `loadAll` (parallel.ts): loads and models the products it is sent, one
 * message each, and answers with the outcome (a plain, structured-cloneable model).
 */
import { parentPort } from "node:worker_threads";
import { loadOne, type WorkerReply } from "./parallel.js";
import type { ProductSource } from "./load-spec.js";

parentPort?.on("message", (message: { root: string; index: number; source: ProductSource }) => {
  loadOne(message.root, message.source).then(
    (outcome) => parentPort!.postMessage({ index: message.index, outcome } satisfies WorkerReply),
    (error: unknown) =>
      parentPort!.postMessage({
        index: message.index,
        error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
      } satisfies WorkerReply),
  );
});
