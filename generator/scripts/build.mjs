#!/usr/bin/env node
/**
 * Compiles the `mpkit` CLI (generator/src) to plain ESM JavaScript in generator/dist with
 * esbuild: one entry (`cli.js`) and a chunk per lazily imported stage, dependencies left as
 * imports. Run by the root `prepare` script (so `npm ci` builds it) and by `bin/mpkit.js` when
 * the sources changed since the last build.
 *
 * Files are written one by one through a temporary sibling and a rename, and chunk names carry
 * a content hash, so a CLI already running from dist/ never sees a half-written file.
 * `dist/build.json` records the sources it was built from (path, size, mtime) for the
 * staleness check.
 *
 * openapi-typescript's transform and @redocly/openapi-core are bundled in, and `typescript` is
 * loaded with `require` (see `dependenciesPlugin`).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFingerprint as fingerprintOf, writeAtomically } from "../../scripts/build-support.mjs";

export const generatorDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const distDir = path.join(generatorDir, "dist");
export const manifestFile = path.join(distDir, "build.json");

/** The sources the build reads, as "path size mtime" lines: the staleness fingerprint. */
export function sourceFingerprint() {
  return fingerprintOf(generatorDir, "scripts/build.mjs");
}

const requireHere = createRequire(import.meta.url);

/** CommonJS modules the CLI loads with `require` at run time (see `dependenciesPlugin`). */
const REQUIRED_AT_RUN_TIME = new Set(["typescript", "@redocly/openapi-core/lib/ref-utils.js"]);

/**
 * Modules Redocly imports at start-up but uses only for some documents: GraphQL (`.graphql`
 * files) and Ajv with its formats (only the example rules, and only once an example is checked).
 * Imported from Redocly's code, each becomes a stand-in whose exports load the module at their
 * first call (`lazyModule`). Only for modules whose used exports are all functions or classes
 * that are called, constructed or tested with `instanceof`: a stand-in has no other properties.
 */
const LAZY_FROM_REDOCLY = new Set(["graphql", "@redocly/ajv/dist/2020.js", "@redocly/ajv/dist/draft4.js", "ajv-formats"]);

/** Packages bundled into the CLI, with a specifier `require` resolves to a file inside each. */
const BUNDLED = { "openapi-typescript": "openapi-typescript/package.json", "@redocly/openapi-core": "@redocly/openapi-core" };

/** Whether Node loads a file as an ES module. */
function isEsm(file) {
  if (file.endsWith(".mjs")) return true;
  if (file.endsWith(".cjs")) return false;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).type === "module";
    } catch {
      // no package.json here
    }
  }
  return false;
}

/**
 * Module loading was a quarter of `mpkit generate`'s CPU. Three parts of it go here:
 * - `import "openapi-typescript"` loads its entry, which imports `@redocly/openapi-core` 1.x for
 *   `openapiTS()` (lint and bundle), which mpkit does not call (it runs the transform on the
 *   document it already linted and bundled). The entry is replaced by the same exports taken
 *   from the package's own files, bundled into the CLI.
 * - `@redocly/openapi-core` is ~250 ES modules; bundled into the CLI it is one, and loads in
 *   ~0.45 s of CPU instead of ~0.75 s. (A `plugins:` entry of redocly.yaml naming a package is
 *   resolved from the working directory first, as before; its fallback folder is now
 *   generator/dist instead of the core's own.)
 * - `typescript` (9 MB of CommonJS) imported from ES modules makes Node compile it once to
 *   detect its format and scan it for named exports before compiling it again to run; through
 *   `require` it is compiled once (~0.3 s instead of ~1 s of CPU).
 * - Redocly's example rules compile an Ajv validator per schema, with Ajv's code-optimising
 *   passes, which cost more than the code they save for a validator that checks a few examples.
 *   `code: { optimize: false }` is added to the options of its Ajv instances (`lib/rules/ajv.js`);
 *   it changes neither what validates nor the errors (the build fails if the options moved).
 *   Its `validate` first asks `src/load/redocly-examples.ts`, which answers "valid" without
 *   compiling for most examples (and never for one Redocly would refuse).
 * A bundled package's imports resolve as they did from its own folder: what resolves to the
 * same file from generator/dist stays an import; a copy nested in the package is bundled (an
 * ES module) or `require`d from the package's folder at run time (CommonJS). `require`d
 * modules become a small ES module that re-exports what they export (names read at build time).
 */
function dependenciesPlugin() {
  const dirs = Object.fromEntries(
    Object.entries(BUNDLED).map(([name, anchor]) => {
      let dir = path.dirname(requireHere.resolve(anchor));
      while (!dir.endsWith(path.join("node_modules", ...name.split("/")))) dir = path.dirname(dir);
      return [name, dir];
    }),
  );
  const packageOf = (file) => Object.keys(dirs).find((name) => file.startsWith(dirs[name] + path.sep));
  const fromDist = createRequire(path.join(generatorDir, "dist", "cli.js"));
  const required = (id, from) => ({ path: `${from ?? ""}:${id}`, namespace: "mpkit-require", pluginData: { id, from } });
  return {
    name: "mpkit-dependencies",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith("node:")) return undefined;
        const from = packageOf(args.importer);
        // lib/graphql is itself loaded on demand (only for .graphql files); it imports graphql as it is.
        if (from === "@redocly/openapi-core" && LAZY_FROM_REDOCLY.has(args.path) && !args.importer.includes(`${path.sep}lib${path.sep}graphql${path.sep}`)) {
          return { path: `lazy:${args.path}`, namespace: "mpkit-lazy", pluginData: { id: args.path, from } };
        }
        if (REQUIRED_AT_RUN_TIME.has(args.path)) return required(args.path, from);
        if (from === undefined) {
          if (args.path === "openapi-typescript") return { path: "openapi-typescript", namespace: "mpkit-ots-entry" };
          if (args.path === "@redocly/openapi-core") return { path: path.join(dirs["@redocly/openapi-core"], "lib", "index.js") };
          return undefined;
        }
        let resolved;
        try {
          resolved = createRequire(args.importer).resolve(args.path);
        } catch {
          return undefined;
        }
        let fromHere;
        try {
          fromHere = fromDist.resolve(args.path);
        } catch {
          // not found from generator/dist
        }
        if (resolved === fromHere) return undefined;
        return isEsm(resolved) ? { path: resolved } : required(args.path, from);
      });
      const redoclyAjv = path.join(dirs["@redocly/openapi-core"], "lib", "rules", "ajv.js");
      build.onLoad({ filter: /[\\/]rules[\\/]ajv\.js$/ }, (args) => {
        if (args.path !== redoclyAjv) return undefined;
        const source = readFileSync(args.path, "utf8");
        const anchor = "passContext: true,";
        if (source.split(anchor).length !== 2) throw new Error(`build: ${args.path} no longer sets "${anchor}" once; see the Redocly note in dependenciesPlugin`);
        const validate = "    validate(data, schema, options) {\n";
        if (source.split(validate).length !== 2) throw new Error(`build: ${args.path} no longer has "${validate.trim()}" once; see redocly-examples.ts`);
        const shortcut = path.join(generatorDir, "src", "load", "redocly-examples.ts");
        const contents = [
          `import { redoclyExampleValid as mpkitExampleValid } from ${JSON.stringify(shortcut)};`,
          source
            .replace(anchor, `${anchor} code: { optimize: false },`)
            .replace(validate, `${validate}        if (mpkitExampleValid(data, schema, options)) return { valid: true, errors: [] };\n`),
        ].join("\n");
        return { contents, loader: "js", resolveDir: path.dirname(args.path) };
      });
      build.onLoad({ filter: /.*/, namespace: "mpkit-ots-entry" }, () => {
        const otsDir = dirs["openapi-typescript"];
        const entry = readFileSync(path.join(otsDir, "dist", "index.mjs"), "utf8");
        const reexports = entry.match(/^export \{[^}]*\} from '[^']+';$/gm) ?? [];
        const contents = [
          ...reexports,
          // What the entry defines or imports and exports itself, except `openapiTS` (its default).
          `export { debug, resolveRef, scanDiscriminators } from "./lib/utils.mjs";`,
          `export { default as transformSchema } from "./transform/index.mjs";`,
        ].join("\n");
        return { contents, resolveDir: path.join(otsDir, "dist"), loader: "js" };
      });
      build.onLoad({ filter: /.*/, namespace: "mpkit-lazy" }, (args) => {
        const { id, from } = args.pluginData;
        const requireFrom = createRequire(requireHere.resolve(BUNDLED[from]));
        const loaded = requireFrom(id);
        const names = Object.keys(loaded).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default" && typeof loaded[n] === "function");
        if (typeof loaded !== "function" && names.length === 0) throw new Error(`build: ${id} exports no function to load lazily`);
        const contents = [
          `import { createRequire } from "node:module";`,
          `let loaded;`,
          `const load = () => (loaded ??= createRequire(createRequire(import.meta.url).resolve(${JSON.stringify(BUNDLED[from])}))(${JSON.stringify(id)}));`,
          // Called, constructed (a constructor returning an object makes \`new\` return it) or tested with instanceof.
          `const lazy = (pick) => {`,
          `  function standIn(...args) { const real = pick(); return new.target ? new real(...args) : real.apply(this, args); }`,
          `  Object.defineProperty(standIn, Symbol.hasInstance, { value: (value) => value instanceof pick() });`,
          `  return standIn;`,
          `};`,
          typeof loaded === "function" ? `export default lazy(() => load());` : "",
          ...names.map((n) => `export const ${n} = lazy(() => load().${n});`),
        ].join("\n");
        return { contents, loader: "js" };
      });
      build.onLoad({ filter: /.*/, namespace: "mpkit-require" }, (args) => {
        const { id, from } = args.pluginData;
        const requireFrom = from === undefined ? requireHere : createRequire(requireHere.resolve(BUNDLED[from]));
        const file = requireFrom.resolve(id);
        if (isEsm(file)) throw new Error(`build: ${id} (from ${from ?? "mpkit"}) is an ES module; it cannot be required`);
        const names = Object.keys(requireFrom(id)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default");
        const base = from === undefined ? "createRequire(import.meta.url)" : `createRequire(createRequire(import.meta.url).resolve(${JSON.stringify(BUNDLED[from])}))`;
        const contents = [
          `import { createRequire } from "node:module";`,
          `const required = ${base}(${JSON.stringify(id)});`,
          `export default required;`,
          names.length > 0 ? `export const { ${names.join(", ")} } = required;` : "",
        ].join("\n");
        return { contents, loader: "js" };
      });
    },
  };
}

export async function buildCli() {
  const started = performance.now();
  const fingerprint = sourceFingerprint();
  const { build } = await import("esbuild");
  const result = await build({
    // The load worker (src/load/parallel.ts) is an entry of its own, beside cli.js.
    entryPoints: { cli: path.join(generatorDir, "src", "cli.ts"), "load-worker": path.join(generatorDir, "src", "load", "load-worker.ts") },
    outdir: distDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "error",
    plugins: [dependenciesPlugin()],
    write: false,
  });
  mkdirSync(distDir, { recursive: true });
  // Chunks first, the entry last: a concurrent run either loads the old entry (whose chunks are
  // still there) or the new one (whose chunks are already written).
  const outputs = [...result.outputFiles].sort((a, b) => Number(path.basename(a.path).startsWith("cli.")) - Number(path.basename(b.path).startsWith("cli.")));
  for (const out of outputs) writeAtomically(out.path, out.contents);
  const files = outputs.map((o) => path.relative(distDir, o.path)).sort();
  writeAtomically(manifestFile, JSON.stringify({ fingerprint, files }, null, 2) + "\n");
  // Chunks of earlier builds: removed once no CLI started before this build can still need them.
  for (const entry of readdirSync(distDir)) {
    const full = path.join(distDir, entry);
    if (/\.js(\.map)?$/.test(entry) && !files.includes(entry) && statSync(full).mtimeMs < Date.now() - 10 * 60_000) rmSync(full, { force: true });
  }
  return { ms: performance.now() - started, files: files.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { ms, files } = await buildCli();
  console.log(`✓ mpkit CLI built into generator/dist (${files} file(s), ${Math.round(ms)} ms)`);
}
