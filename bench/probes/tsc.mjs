/**
 * What the `tsc` row compiles for mpkit, side by side with openapi-typescript's types alone. Every
 * row compiles its runtime libraries as declarations, as a user's compile meets them: the peers'
 * (openapi-fetch, msw, faker …) from node_modules, mpkit's from the packages' built .d.ts.
 *
 * - `mpkit` (the headline): the generated files of all five products (`packages/<p>/src/*.gen.ts`
 *   + `index.ts`, `mocks/src/<p>/*.gen.ts`, the data modules `mock.gen.js` with their
 *   `mock.gen.d.ts`, `mocks/src/products.gen.ts`), copied apart, with the hand-written runtimes
 *   they import (`@mpkit/core`, the mocks runtime and setup modules) read from their built
 *   declarations: `tsc` over the generated code, literally (`generatedOnlyProject`). Needs
 *   `npm run build`; without it (and with `--small`) the row falls back to the sources.
 * - `mpkit from source`: every generated file and the sources of the runtimes they import, as this
 *   repository compiles them (`packages/<p>/src/**` with `@mpkit/core`, `mocks/src/**` with the
 *   mocks runtime, the mock server, and the .d.ts of msw, Ajv, faker … they use): kept so that
 *   nothing is hidden, it is not what a user of the packages compiles.
 * - `mpkit clients`: `packages/<p>/src/**` only (generated schema, client and index, plus the
 *   `@mpkit/core` sources and openapi-fetch's declarations).
 * - `mpkit generated clients only`: the headline's files, client packages only (`packages/<p>/src/*.gen.ts` +
 *   `index.ts`, `@mpkit/core` and openapi-fetch as declarations): openapi-typescript's types plus
 *   the client layer mpkit generates over them. Measured only when the packages are built.
 * - `mpkit as an app compiles it`: a one-file app that creates every product's client and all the
 *   mocks, compiled against the packages' built declarations (`dist/*.d.ts`, `npm run build`),
 *   as an application that installs them does (skipLibCheck, like every tsconfig here). Measured
 *   only when the packages are built.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** The include globs of the `mpkit from source` and `mpkit clients` contestants. */
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
  return writeConfig(dir, tsconfigBase, { files: ["app.ts"] });
}

/**
 * The tsconfig of a project compiled against the built packages: their published exports
 * ("types": dist/*.d.ts), not the repository's mpkit-source condition.
 */
function writeConfig(dir, tsconfigBase, scope, paths) {
  const config = path.join(dir, "tsconfig.json");
  const compilerOptions = { noEmit: true, types: ["node"], noUnusedLocals: false, customConditions: [], ...(paths ? { paths } : {}) };
  writeFileSync(config, JSON.stringify({ extends: tsconfigBase, compilerOptions, ...scope }));
  return config;
}

/**
 * Copies the generated files under `work/generated` (relative imports of hand-written modules
 * become one-line re-exports of their built declarations) and returns its tsconfig, or undefined
 * when the packages are not built.
 */
export function generatedOnlyProject(repo, work, specs, tsconfigBase) {
  if (!existsSync(path.join(repo, "mocks", "dist", "runtime", "index.d.ts"))) return undefined;
  if (specs.some((s) => !existsSync(path.join(repo, "packages", s.name, "dist", "index.d.ts")))) return undefined;
  const dir = path.join(work, "generated");
  const copied = [];
  const copy = (from, to) => {
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(from, to);
    copied.push(to);
  };
  for (const s of specs) {
    const src = path.join(repo, "packages", s.name, "src");
    for (const f of readdirSync(src)) if (f.endsWith(".gen.ts") || f === "index.ts") copy(path.join(src, f), path.join(dir, "packages", s.name, "src", f));
    const mocks = path.join(repo, "mocks", "src", s.name);
    // Data modules (mock.gen.js) come with their declarations (mock.gen.d.ts), which tsc reads instead.
    if (existsSync(mocks)) for (const f of readdirSync(mocks)) if (/\.gen\.(?:ts|js|d\.ts)$/.test(f)) copy(path.join(mocks, f), path.join(dir, "mocks", "src", s.name, f));
  }
  copy(path.join(repo, "mocks", "src", "products.gen.ts"), path.join(dir, "mocks", "src", "products.gen.ts"));
  // Hand-written modules the generated ones import: re-exported from mocks/dist.
  for (const file of copied) {
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)) {
      const target = path.resolve(path.dirname(file), `${spec}.ts`);
      if (existsSync(target) || existsSync(target.replace(/\.ts$/, ".d.ts"))) continue;
      const rel = path.relative(path.join(dir, "mocks", "src"), target).replace(/\.ts$/, ".js");
      const built = path.join(repo, "mocks", "dist", rel);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, `export * from ${JSON.stringify(built)};\n`);
    }
  }
  // The mocks import their product's types (`@mpkit/<p>`): from the copied sources, so each
  // generated file is compiled once (not also as the package's built declarations).
  const own = Object.fromEntries(specs.map((s) => [`@mpkit/${s.name}`, [`./packages/${s.name}/src/index.ts`]]));
  return writeConfig(dir, tsconfigBase, { include: ["packages/*/src", "mocks/src"] }, own);
}

/**
 * The `mpkit generated clients only` contestant: the generated client packages of
 * `generatedOnlyProject` (call it first), `@mpkit/core` and openapi-fetch as declarations. What
 * a user of the clients alone compiles, set against openapi-typescript's types alone.
 */
export function generatedClientsProject(work, tsconfigBase) {
  const dir = path.join(work, "generated");
  if (!existsSync(path.join(dir, "packages"))) return undefined;
  const config = path.join(dir, "tsconfig.clients.json");
  const compilerOptions = { noEmit: true, types: ["node"], noUnusedLocals: false, customConditions: [] };
  writeFileSync(config, JSON.stringify({ extends: tsconfigBase, compilerOptions, include: ["packages/*/src"] }));
  return config;
}
