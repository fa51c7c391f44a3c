/**
 * What the repository's two esbuild builds share (generator/scripts/build.mjs for the CLI,
 * mocks/scripts/build-server.mjs for `mpkit mock`): the staleness fingerprint of their sources
 * and atomic writes. Repository-only: neither build runs outside a checkout.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/**
 * "path size mtime" lines of every source a build reads: the package's `src` (.ts, .js, .mjs,
 * .json), its package.json and the build's own scripts (paths below `packageDir`), sorted.
 */
export function sourceFingerprint(packageDir, ...buildScripts) {
  const lines = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(ts|js|mjs|json)$/.test(entry.name)) {
        const s = statSync(full);
        lines.push(`${path.relative(packageDir, full)} ${s.size} ${Math.trunc(s.mtimeMs)}`);
      }
    }
  };
  walk(path.join(packageDir, "src"));
  for (const file of ["package.json", ...buildScripts]) {
    const s = statSync(path.join(packageDir, file));
    lines.push(`${file} ${s.size} ${Math.trunc(s.mtimeMs)}`);
  }
  return lines.sort().join("\n");
}

/** Writes through a temporary sibling and a rename, so a reader never sees half a file. */
export function writeAtomically(file, contents) {
  const temp = `${file}.mpkit-tmp-${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}
