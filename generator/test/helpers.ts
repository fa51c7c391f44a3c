/** Shared fixtures for the generator tests: the corpus root and throwaway copies of it. */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const corpusRoot = path.join(here, "fixtures", "corpus");
export const snapshotRoot = path.join(here, "__snapshots__", "corpus");
export const repoRoot = path.resolve(here, "..", "..");

/** A temporary copy of a project root; removed by the returned `dispose`. */
export function copyRoot(from: string = corpusRoot): { root: string; dispose: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), "mpkit-test-"));
  cpSync(from, root, {
    recursive: true,
    filter: (src) => !/(^|\/)(node_modules|dist|reports|\.git|\.work|\.scratch)(\/|$)/.test(path.relative(from, src)),
  });
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
