/**
 * The stamp of the last package build (`scripts/build-packages.mjs`): the build's inputs (the
 * source files under the workspaces' `src`, their package.json and tsconfig.build.json, the shared
 * tsconfig.base.json and the build script itself, by path, size and mtime). A full build writes
 * it; `test/build-once.ts` rebuilds only when the inputs differ from it, so the build that
 * `npm ci` (the root `prepare` script) made serves the tests until a source changes.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFingerprint } from "./build-support.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const stampFile = path.join(root, "node_modules", ".cache", "mpkit-packages", "build.stamp");

/**
 * The build's inputs: each workspace's sources, package.json and tsconfig.build.json (the
 * fingerprint the CLI and mock-server builds use, `build-support.mjs`), then the shared config
 * and this build's script.
 */
export function packagesFingerprint() {
  const workspaces = ["mocks", ...readdirSync(path.join(root, "packages")).map((p) => `packages/${p}`)];
  const parts = workspaces.map((ws) => `# ${ws}\n${sourceFingerprint(path.join(root, ws), "tsconfig.build.json")}`);
  for (const file of ["tsconfig.base.json", "scripts/build-packages.mjs"]) {
    const s = statSync(path.join(root, file));
    parts.push(`${file} ${s.size} ${Math.trunc(s.mtimeMs)}`);
  }
  return parts.join("\n");
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
