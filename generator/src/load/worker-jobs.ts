/**
 * The load worker thread's work (load-worker.ts is its entry): loads, models and types the
 * products it is sent, and prints the types of those the main thread loaded, one message each;
 * it answers with the outcome (a plain, structured-cloneable model) or the types.
 */
import { parentPort } from "node:worker_threads";
import { runJob, type WorkerJob, type WorkerReply } from "./parallel.js";

parentPort?.on("message", (message: WorkerJob) => {
  runJob(message).then(
    (reply) => parentPort!.postMessage(reply),
    (error: unknown) =>
      parentPort!.postMessage({
        index: message.index,
        error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
      } satisfies WorkerReply),
  );
});
