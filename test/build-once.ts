/**
 * The packages' dist/ current for every test that needs it (the repository check, the packed-app
 * test), however many test files ask at the same time. `npm ci` built the packages (the root
 * `prepare` script runs `scripts/build-packages.mjs`, which stamps the inputs it built from,
 * `scripts/packages-stamp.mjs`), so in CI this only compares the stamp. After an edit to a
 * package source (or a generate that changed one), the first caller rebuilds: a directory lock
 * serializes the callers and the later ones find the new stamp. The build here skips the API
 * report check, which test/repository.test.ts runs itself, every run.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { packagesBuilt } from "../scripts/packages-stamp.mjs";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cache = path.join(root, "node_modules", ".cache", "mpkit-test");
const lock = path.join(cache, "build.lock");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the packages unless a build of the same inputs is already there; returns whether it built. */
export async function ensureBuilt(timeoutMs = 170_000): Promise<boolean> {
  if (packagesBuilt()) return false;
  mkdirSync(cache, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  // Waiting here is for another test process's build, not for time to pass.
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`a package build held ${lock} for over ${timeoutMs} ms (remove it if no test is running)`);
      await sleep(200);
    }
  }
  try {
    if (packagesBuilt()) return false;
    await run(process.execPath, [path.join(root, "scripts", "build-packages.mjs"), "--skip-api-reports"], { cwd: root });
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
