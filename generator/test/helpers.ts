/** Shared fixtures for the generator tests: the corpus root and throwaway copies of it. */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Model } from "../src/model/model.js";

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

const models = new Map<string, Promise<Model>>();

/**
 * The model of a project root (`buildModel(root)`), built once per test worker and shared by
 * every file that asks: the files of a worker share its module cache (`isolate: false` in
 * vitest.config.ts), so a second file asking for the same root gets the first one's build.
 * Read-only: a caller that changes the model, or needs a build of its own (a determinism check,
 * options other than the defaults), calls `buildModel` itself. A failed build is not kept.
 */
export function sharedModel(root: string): Promise<Model> {
  let model = models.get(root);
  if (!model) {
    // Imported here, so the files that only copy roots do not load the generator.
    model = import("../src/pipeline.js").then(({ buildModel }) => buildModel(root));
    models.set(root, model);
    model.catch(() => models.delete(root));
  }
  return model;
}
