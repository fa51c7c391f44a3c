/**
 * The stamp of the last package build (`scripts/build-packages.mjs`): the build's inputs (every
 * file under the workspaces' `src`, their package.json and tsconfig.build.json, the shared
 * tsconfig.base.json and the build script itself, by path, size and mtime). A full build writes
 * it; `test/build-once.ts` rebuilds only when the inputs differ from it, so the build that
 * `npm ci` (the root `prepare` script) made serves the tests until a source changes.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const stampFile = path.join(root, "node_modules", ".cache", "mpkit-packages", "build.stamp");

/** The build's inputs as sorted "path:size:mtime" lines. */
export function packagesFingerprint() {
  const parts = [];
  const add = (file) => {
    const s = statSync(file, { throwIfNoEntry: false });
    if (s) parts.push(`${path.relative(root, file)}:${s.size}:${s.mtimeMs}`);
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else add(full);
    }
  };
  const workspaces = ["mocks", ...readdirSync(path.join(root, "packages")).map((p) => `packages/${p}`)];
  for (const ws of workspaces) {
    walk(path.join(root, ws, "src"));
    for (const f of ["package.json", "tsconfig.build.json"]) add(path.join(root, ws, f));
  }
  for (const f of ["tsconfig.base.json", "scripts/build-packages.mjs"]) add(path.join(root, f));
  return parts.sort().join("\n");
}

/** Whether the packages' dist/ was built from the inputs as they are now. */
export function packagesBuilt() {
  try {
    return readFileSync(stampFile, "utf8") === packagesFingerprint();
  } catch {
    return false;
  }
}

/** Records a successful build of `fingerprint` (taken before the build read its inputs). */
export function writePackagesStamp(fingerprint) {
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, fingerprint);
}
