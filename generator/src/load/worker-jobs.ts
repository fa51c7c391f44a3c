/**
 * The load worker thread's work (load-worker.ts is its entry): loads, models and types the
 * products it is sent, one message each, and answers with the outcome (a plain,
 * structured-cloneable model).
 */
import { parentPort } from "node:worker_threads";
import { loadOne, type WorkerJob, type WorkerReply } from "./parallel.js";

parentPort?.on("message", (message: WorkerJob) => {
  loadOne(message.root, message.source, message.options).then(
    (outcome) => parentPort!.postMessage({ index: message.index, outcome } satisfies WorkerReply),
    (error: unknown) =>
      parentPort!.postMessage({
        index: message.index,
        error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
      } satisfies WorkerReply),
  );
});
