#!/usr/bin/env node
/**
 * `npm run build`: compiles every workspace that has a tsconfig.build.json (packages/core, the
 * product packages, mocks) to ESM + .d.ts in its dist/, in dependency order, in one process.
 * The root `prepare` script runs it (`--skip-api-reports`), so `npm ci` builds the packages as it
 * builds the CLI; a full build writes the stamp of its inputs (scripts/packages-stamp.mjs), by
 * which test/build-once.ts rebuilds only after a source changed.
 *
 * The build emits without type-checking (TypeScript's `noCheck`: the output is the same, byte
 * for byte, at about two thirds of the CPU): the strict type-check of every package source is
 * `npm run typecheck` (`tsc --noEmit -p tsconfig.json`, run by test/repository.test.ts).
 * Syntax, options and declaration-emit problems (e.g. an inferred type a declaration cannot
 * name) still fail it. The programs share the parsed files under node_modules (lib.dom.d.ts,
 * msw, openapi-fetch …). Each package still gets its own program with its own
 * tsconfig.build.json, so it resolves the others through their published `dist/` types, as a
 * consumer would. Any diagnostic fails the build, printed as lines.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { packagesFingerprint, writePackagesStamp } from "./packages-stamp.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rootPkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/** Workspace folders with a build config, keyed by package name. */
function workspaces() {
  const found = new Map();
  for (const pattern of rootPkg.workspaces) {
    const dirs = pattern.endsWith("/*")
      ? ts.sys.getDirectories(path.join(root, pattern.slice(0, -2))).map((d) => path.join(pattern.slice(0, -2), d))
      : [pattern];
    for (const dir of dirs) {
      const config = path.join(root, dir, "tsconfig.build.json");
      if (!existsSync(config)) continue;
      const pkg = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8"));
      found.set(pkg.name, { dir, config, deps: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }) });
    }
  }
  return found;
}

/** Dependencies first; order among independent packages kept as found. */
function buildOrder(all) {
  const order = [];
  const state = new Map();
  const visit = (name) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`workspace dependency cycle through ${name}`);
    state.set(name, "visiting");
    for (const dep of all.get(name).deps) if (all.has(dep)) visit(dep);
    state.set(name, "done");
    order.push(name);
  };
  for (const name of all.keys()) visit(name);
  return order;
}

/**
 * JavaScript modules that carry their own declaration (the mocks' generated data, `mock.gen.js`
 * typed by `mock.gen.d.ts`) are not compiled: tsc emits neither, so both are copied to outDir.
 */
function copyDataModules(parsed) {
  const { rootDir, outDir } = parsed.options;
  if (!rootDir || !outDir) return;
  for (const file of parsed.fileNames) {
    if (!file.endsWith(".d.ts")) continue;
    const js = file.replace(/\.d\.ts$/, ".js");
    if (!existsSync(js)) continue;
    for (const from of [file, js]) {
      const to = path.join(outDir, path.relative(rootDir, from));
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(from, to);
    }
  }
}

const shared = new Map();
const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
const started = performance.now();
const all = workspaces();
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
// Taken before any input is read: an edit made during the build leaves the stamp stale.
const inputs = only.length === 0 ? packagesFingerprint() : undefined;
let failed = false;
for (const name of buildOrder(all)) {
  if (only.length > 0 && !only.includes(name) && !only.includes(all.get(name).dir)) continue;
  const { dir, config } = all.get(name);
  const t = performance.now();
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.formatDiagnostic(d, formatHost));
    },
  });
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  // Third-party declaration files are the same for every package: parse them once. Workspace
  // packages (reached through node_modules/@mpkit) are not shared: a build writes their dist/.
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
    if (!file.includes("/node_modules/") || file.includes("/node_modules/@mpkit/")) return read(file, languageVersion, onError, shouldCreate);
    const key = `${file}\0${typeof languageVersion === "object" ? JSON.stringify(languageVersion) : languageVersion}`;
    let source = shared.get(key);
    if (!source) shared.set(key, (source = read(file, languageVersion, onError, shouldCreate)));
    return source;
  };
  const options = { ...parsed.options, noCheck: true };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, host, configFileParsingDiagnostics: parsed.errors });
  // Everything but the semantic check (see above); emit adds the declaration-emit diagnostics.
  const diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics()];
  if (diagnostics.length === 0) diagnostics.push(...program.emit().diagnostics);
  if (diagnostics.length > 0) {
    failed = true;
    process.stderr.write(`✗ ${dir}: ${diagnostics.length} error(s)\n${ts.formatDiagnostics(diagnostics, formatHost)}`);
    break;
  }
  copyDataModules(parsed);
  console.log(`  built ${dir} (${Math.round(performance.now() - t)} ms)`);
}
if (failed) process.exit(1);
if (inputs !== undefined) writePackagesStamp(inputs);
console.log(`✓ built ${only.length > 0 ? only.join(", ") : `${all.size} package(s)`} (${Math.round(performance.now() - started)} ms)`);
// A full build also holds the client packages' declarations to their committed API reports
// (scripts/api-report.mjs); `--update-api-reports` (npm run api-report) rewrites them instead.
// `--skip-api-reports` (the root `prepare` script, test/build-once.ts) leaves that to the caller:
// the repository test runs the check itself, every run.
if (process.argv.includes("--update-api-reports") || (only.length === 0 && !process.argv.includes("--skip-api-reports"))) {
  const { apiReports } = await import("./api-report.mjs");
  const update = process.argv.includes("--update-api-reports");
  const t = performance.now();
  const changed = apiReports({ update, log: (line) => console.log(`${line} (${Math.round(performance.now() - t)} ms)`) });
  if (!update && changed.length > 0) {
    process.stderr.write(`✗ the API report of ${changed.join(", ")} differs from the built declarations: review the change, then run \`npm run api-report\` and commit packages/*/api/*.api.md\n`);
    process.exit(1);
  }
}
