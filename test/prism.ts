/**
 * Starts and stops the Prism mock servers for the contract tests: ONE Node process
 * (test/prism-host.mjs) hosting Prism's HTTP server once per spec, each on a free port of
 * 127.0.0.1, with request validation and `--errors` on. One process instead of one `prism mock`
 * per spec: Prism's module graph is loaded once (about 2 s of CPU per process), not five times.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export interface PrismServers {
  /** Base URL per spec name. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

export const PRISM_HOST = path.join(path.dirname(fileURLToPath(import.meta.url)), "prism-host.mjs");

const READY = "prism-host ready ";

/**
 * Runs `host` (test/prism-host.mjs, or a stand-in in the tests of this function) for `specs` and
 * resolves once it says every server listens. When it exits first, or is not ready within
 * `timeoutMs` (then it is killed), the promise rejects with its output and no process is left.
 */
export async function startPrismServers(
  specs: readonly { name: string; specFile: string }[],
  { timeoutMs = 60_000, host = PRISM_HOST }: { timeoutMs?: number; host?: string } = {},
): Promise<PrismServers> {
  const child: ChildProcess = spawn(process.execPath, [host, JSON.stringify(specs)], {
    // stdin stays open: the host exits when it closes, so a crashed test run leaves no server.
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    let settled = false;
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      then();
    };
    let timedOut = false;
    // Rejected once the process is gone (the exit handler below).
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = output.split("\n").slice(0, -1).find((line) => line.startsWith(READY));
      if (ready !== undefined) settle(() => resolve(JSON.parse(ready.slice(READY.length)) as Record<string, string>));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, signal) =>
      settle(() => reject(new Error(`${timedOut ? `Prism (pid ${child.pid}) did not start within ${timeoutMs} ms` : `Prism (pid ${child.pid}) exited with ${code ?? signal}`}:\n${output}`))),
    );
    child.once("error", (error) => settle(() => reject(error)));
  });
  // Keep draining output so the pipe never fills up and blocks Prism.
  child.stdout?.removeAllListeners("data").resume();
  child.stderr?.removeAllListeners("data").resume();
  return {
    urls,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(force);
      }
    },
  };
}
