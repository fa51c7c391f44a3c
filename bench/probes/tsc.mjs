/**
 * What the `tsc` row compiles for mpkit, side by side with openapi-typescript's types alone:
 *
 * - `mpkit`: every generated file and the sources of the runtimes they import, as this repository
 *   compiles them (`packages/<p>/src/**` with `@mpkit/core`, `mocks/src/**` with the mocks runtime,
 *   the mock server, and the .d.ts of msw, Ajv, faker … they use).
 * - `mpkit clients`: `packages/<p>/src/**` only (generated schema, client and index, plus the
 *   `@mpkit/core` sources and openapi-fetch's declarations): the figure to set against the types
 *   alone plus the client runtime a peer user would compile.
 * - `mpkit as an app compiles it`: a one-file app that creates every product's client and all the
 *   mocks, compiled against the packages' built declarations (`dist/*.d.ts`, `npm run build`),
 *   as an application that installs them does (skipLibCheck, like every tsconfig here). Measured
 *   only when the packages are built.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** The include globs of the `mpkit` and `mpkit clients` contestants. */
export function mpkitSources(repo) {
  return {
    all: ["packages/*/src/**/*.ts", "mocks/src/**/*.ts"].map((g) => path.join(repo, g)),
    clients: [path.join(repo, "packages/*/src/**/*.ts")],
  };
}

/**
 * Writes the app of the `mpkit as an app compiles it` contestant under `work` and returns its
 * tsconfig, or undefined when some package is not built (no dist/index.d.ts).
 */
export function appProject(repo, work, specs, tsconfigBase) {
  const products = [];
  for (const spec of specs) {
    const dir = path.join(repo, "packages", spec.name);
    const client = path.join(dir, "src", "client.gen.ts");
    if (!existsSync(path.join(dir, "dist", "index.d.ts")) || !existsSync(client)) return undefined;
    const create = /export function (create\w+Client)\(config/.exec(readFileSync(client, "utf8"))?.[1];
    if (!create) return undefined;
    products.push({ name: spec.name, create });
  }
  if (!existsSync(path.join(repo, "mocks", "dist", "index.d.ts"))) return undefined;
  const dir = path.join(work, "app");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "app.ts"),
    [
      ...products.map((p, i) => `import { ${p.create} as create${i} } from ${JSON.stringify(`@mpkit/${p.name}`)};`),
      'import { createAllMocks } from "@mpkit/mocks";',
      "",
      `export const clients = [${products.map((_, i) => `create${i}()`).join(", ")}] as const;`,
      "export const mocks = createAllMocks();",
      "",
    ].join("\n"),
  );
  const config = path.join(dir, "tsconfig.json");
  writeFileSync(
    config,
    JSON.stringify({
      extends: tsconfigBase,
      // The published exports ("types": dist/*.d.ts), not the repository's mpkit-source condition.
      compilerOptions: { noEmit: true, types: ["node"], noUnusedLocals: false, customConditions: [] },
      files: ["app.ts"],
    }),
  );
  return config;
}
