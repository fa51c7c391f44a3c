import { defineConfig } from "vitest/config";

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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ["**/test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
  },
});
