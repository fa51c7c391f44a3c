/**
 * The load worker thread of `loadAll` (parallel.ts), started as early as a command knows it
 * will load the specs: the worker then loads its modules (Redocly, Ajv, openapi-typescript,
 * typescript) while the main thread loads its own, instead of after. Light on purpose (no
 * OpenAPI library): `generate` and `check` import it before the pipeline.
 *
 * A worker costs its own module loading (~0.5 s of CPU) and JIT warm-up, and pays back in wall
 * time whenever the machine has a second core to give it: `generate` on an idle 2-core machine
 * is ~2.2 s on one thread and ~1.7 s with the worker. The 1-minute load average is a poor
 * measure of "now" (a build that just ran keeps it above 1 for a minute), so the worker is
 * left out only on a machine already oversubscribed (load above twice the cores). The test
 * suite, which keeps every core busy by itself, sets `MPKIT_WORKERS=0` (vitest.config.ts).
 * `MPKIT_WORKERS=1` forces it, `MPKIT_WORKERS=0` forbids it. The worker is
 * `load-worker.js` beside the compiled module (generator/dist); run from the TypeScript sources
 * (tests), there is none.
 */
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

export function workerPays(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism(), load = loadavg()[0] ?? 0): boolean {
  if (env.MPKIT_WORKERS === "1") return true;
  return env.MPKIT_WORKERS !== "0" && cores > 1 && load <= cores * 2;
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
