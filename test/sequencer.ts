/**
 * The order test files start in. Two workers pull files from one queue, so the suite ends when
 * the last long file does: long files first, short ones filling in at the end.
 *
 * - `test/repository.test.ts` always starts first: it starts the repository's `tsc --noEmit`, the
 *   drift check and the API report check as child processes, which then run beside every other
 *   file instead of after them.
 * - Then the files of `LONGEST` that vitest has no duration for (a fresh checkout, CI), in its order;
 * - then the files it has a duration for, in vitest's own order (failed first, then longest by
 *   the durations it cached from the last run); the files neither listed nor cached last.
 */
import * as path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The longest files, longest first (seconds in the last full runs, December 2026). */
export const LONGEST = [
  "test/repository.test.ts",
  "generator/test/docs.test.ts",
  "generator/test/byo-corpus.test.ts",
  "mocks/test/browser.test.ts",
  "mocks/test/fuzz.test.ts",
  "bench/test/bench.test.ts",
  "generator/test/broken-specs.test.ts",
  "generator/test/release-flow.test.ts",
  "generator/test/cache.test.ts",
  "mocks/test/server.test.ts",
  "generator/test/pipeline.test.ts",
  "generator/test/hostile-specs.test.ts",
  "generator/test/snapshots.test.ts",
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rel = (f: TestSpecification) => path.relative(root, f.moduleId).split(path.sep).join("/");
    const known = (f: TestSpecification) => this.ctx.cache.getFileTestResults(`${f.project.name}:${rel(f)}`) !== undefined;
    // [group, position]: repository first; listed files with no cached duration next, in the
    // list's order; then the files with a cached duration, in vitest's order (longest first);
    // files neither listed nor cached last.
    const rank = (f: TestSpecification): [number, number] => {
      const at = LONGEST.indexOf(rel(f));
      if (at === 0) return [0, 0];
      if (known(f)) return [2, 0];
      return at === -1 ? [3, 0] : [1, at];
    };
    const ranked = sorted.map((f, i) => ({ f, i, r: rank(f) }));
    // A stable sort: within a group, vitest's order.
    return ranked.sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i).map((x) => x.f);
  }
}
