import { defineConfig } from "vitest/config";
import LongestFirst from "./test/sequencer.js";

// Workspace packages resolve to their TypeScript sources through the "mpkit-source" export
// condition, so tests run without building dist/ first.
const conditions = ["mpkit-source", "module", "node", "import", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["mpkit-source"] } },
  test: {
    include: ["**/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "**/__snapshots__/**", ".scratch/**", "bench/.work/**"],
    globalSetup: ["./test/global-setup.ts"],
    // The CLIs the tests spawn load the specs on one thread: the suite keeps both cores busy by
    // itself, where the load worker (generator/src/load/worker-pool.ts) would only add its own
    // start-up. Its path is tested by generator/test/cache.test.ts, which forces it on.
    env: { MPKIT_WORKERS: "0" },
    // Two workers on a 2-core machine (vitest's default is cores - 1, i.e. one): many files wait
    // on child processes (Prism, tsc, Chromium, the CLI), so a second worker fills that time.
    // Files share their worker's module cache (no per-file isolation): no test mocks modules,
    // stubs globals or fakes timers, and re-importing the generator, MSW and Ajv for each of
    // ~55 files was a large share of the suite's CPU.
    maxWorkers: 2,
    isolate: false,
    // Bounds, not expectations: a Chromium page or an in-process compile can take tens of
    // seconds when the two cores are shared with other jobs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The strict type-check of everything (`*.test-d.ts` type assertions included) is ONE
    // `tsc --noEmit -p tsconfig.json`, started by test/repository.test.ts as a child process
    // when the run begins, so it runs beside the other files. Vitest's own type-check pass
    // would run the same compilation after all other files, on one core, as the run's tail.
    typecheck: { enabled: false },
    // Long files first, the repository check (which starts tsc and the package build) before all.
    sequence: { sequencer: LongestFirst },
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
  },
});
