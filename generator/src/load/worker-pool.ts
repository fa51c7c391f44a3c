/**
 * The load worker thread of `loadAll` (parallel.ts), started as early as a command knows it
 * will load the specs: the worker then loads its modules (Redocly, Ajv, openapi-typescript,
 * typescript) while the main thread loads its own, instead of after. Light on purpose (no
 * OpenAPI library): `generate` and `check` import it before the pipeline.
 *
 * A worker pays only when a core is free: it loads its own modules (~0.5 s of CPU) and warms
 * its own JIT, so on a busy machine (load average above cores - 1) it costs CPU and saves no
 * time. `MPKIT_WORKERS=1` forces it, `MPKIT_WORKERS=0` forbids it. The worker is
 * `load-worker.js` beside the compiled module (generator/dist); run from the TypeScript sources
 * (tests), there is none.
 */
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

export function workerPays(env: NodeJS.ProcessEnv = process.env): boolean {
  const cores = availableParallelism();
  return env.MPKIT_WORKERS === "1" || (env.MPKIT_WORKERS !== "0" && cores > 1 && (loadavg()[0] ?? 0) <= cores - 1);
}

function workerScript(): string | undefined {
  const file = fileURLToPath(new URL("./load-worker.js", import.meta.url));
  return existsSync(file) ? file : undefined;
}

let started: Worker | undefined;
/** Whether the started worker has already stopped (it could not load): then it is not used. */
let stopped = false;

/**
 * Starts the worker now when it will pay. It does not keep the process alive until it is
 * taken (a command that fails before loading still exits).
 */
export function prestartWorker(env: NodeJS.ProcessEnv = process.env): void {
  if (started !== undefined || !workerPays(env)) return;
  const script = workerScript();
  if (script === undefined) return;
  stopped = false;
  const worker = new Worker(script);
  worker.unref();
  // A worker that fails or stops before it is taken is not used: the main thread does its work.
  worker.on("error", () => (stopped = true));
  worker.on("exit", () => (stopped = true));
  started = worker;
}

/** The started worker, or a new one when it pays; undefined when it does not (or there is no built worker). */
export function takeWorker(env: NodeJS.ProcessEnv = process.env): Worker | undefined {
  let worker = started;
  started = undefined;
  if (worker !== undefined && stopped) worker = undefined;
  if (worker === undefined && workerPays(env)) {
    const script = workerScript();
    if (script !== undefined) worker = new Worker(script);
  }
  worker?.ref();
  return worker;
}

/** Ends a started worker nobody took (a run that loads one product only). */
export async function dropStartedWorker(): Promise<void> {
  const worker = started;
  started = undefined;
  await worker?.terminate();
}
