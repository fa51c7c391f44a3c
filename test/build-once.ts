/**
 * `npm run build` once for every test that needs the packages' dist/ (the repository check, the
 * packed-app test), however many test files ask at the same time: a directory lock serializes
 * them and a stamp of the build's inputs (every source and build config, by path, size and mtime)
 * lets the later ones reuse the build the first one made.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cache = path.join(root, "node_modules", ".cache", "mpkit-test");
const lock = path.join(cache, "build.lock");
const stamp = path.join(cache, "build.stamp");

function fingerprint(): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        parts.push(`${path.relative(root, full)}:${s.size}:${s.mtimeMs}`);
      }
    }
  };
  const workspaces = ["mocks", ...readdirSync(path.join(root, "packages")).map((p) => `packages/${p}`)];
  for (const ws of workspaces) {
    walk(path.join(root, ws, "src"));
    for (const f of ["package.json", "tsconfig.build.json"]) {
      const s = statSync(path.join(root, ws, f), { throwIfNoEntry: false });
      if (s) parts.push(`${ws}/${f}:${s.size}:${s.mtimeMs}`);
    }
  }
  return parts.sort().join("\n");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the packages unless a build of the same inputs is already there; returns whether it built. */
export async function ensureBuilt(timeoutMs = 170_000): Promise<boolean> {
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
    const inputs = fingerprint();
    let previous = "";
    try {
      previous = readFileSync(stamp, "utf8");
    } catch {
      previous = "";
    }
    if (previous === inputs) return false;
    await run("npm", ["run", "build", "--silent"], { cwd: root });
    writeFileSync(stamp, inputs);
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
