/**
 * API reports: the public `.d.ts` surface of each client package (@mpkit/core and the product
 * packages), as API Extractor prints it, committed at `packages/<p>/api/<name>.api.md`, so that a
 * review sees the type-level change beside the spec change (`mpkit diff` says what it means).
 *
 * Reads the declarations `npm run build` wrote to each package's dist/, with one TypeScript
 * program for all packages. `checkApiReports()` (run by `npm run build` after a full build, and
 * so by the repository test) fails when a report differs from the built declarations;
 * `npm run api-report` builds and rewrites the reports.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { CompilerState, Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The client packages: packages/* with a build config. */
export function clientPackages() {
  const dir = path.join(root, "packages");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .filter((name) => existsSync(path.join(dir, name, "tsconfig.build.json")))
    .map((name) => {
      const folder = path.join(dir, name);
      const pkg = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8"));
      return { name: pkg.name, folder, report: path.join(folder, "api", `${pkg.name.replace(/^@[^/]+\//, "")}.api.md`) };
    });
}

function prepare(pkg, temp) {
  return ExtractorConfig.prepare({
    configObjectFullPath: path.join(pkg.folder, "api-extractor.json"),
    packageJsonFullPath: path.join(pkg.folder, "package.json"),
    configObject: {
      projectFolder: pkg.folder,
      mainEntryPointFilePath: "<projectFolder>/dist/index.d.ts",
      // The package's build settings without Node's types: the client packages' declarations
      // never name a Node global (they run in browsers too; one that did fails this check, as
      // API Extractor cannot follow the name), and not parsing @types/node is about a quarter of
      // this check's CPU.
      compiler: { overrideTsconfig: { extends: "../../tsconfig.base.json", compilerOptions: { rootDir: "src", customConditions: [], types: [] }, include: ["src"] } },
      apiReport: { enabled: true, reportFolder: path.dirname(pkg.report), reportTempFolder: temp, reportFileName: path.basename(pkg.report).replace(/\.api\.md$/, "") },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: "lf",
      messages: {
        compilerMessageReporting: { default: { logLevel: "warning" } },
        extractorMessageReporting: {
          default: { logLevel: "warning" },
          // Release tags (@public, @beta) are not used in this project.
          "ae-missing-release-tag": { logLevel: "none" },
          // Names the entry point reaches only through another package are reported, not exported twice.
          "ae-forgotten-export": { logLevel: "none" },
          // Generated types carry the spec's descriptions where it has them; the report is about shape.
          "ae-undocumented": { logLevel: "none" },
        },
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
  });
}

/**
 * Compares (or, with `update`, rewrites) every client package's API report. Returns the names of
 * the packages whose report differed; prints what to run.
 */
export function apiReports({ update = false, log = console.log } = {}) {
  const packages = clientPackages();
  const missing = packages.filter((p) => !existsSync(path.join(p.folder, "dist", "index.d.ts")));
  if (missing.length > 0) throw new Error(`API reports need the built declarations: run \`npm run build\` first (missing: ${missing.map((p) => p.name).join(", ")})`);
  const temp = mkdtempSync(path.join(tmpdir(), "mpkit-api-"));
  const changed = [];
  const problems = [];
  try {
    const configs = packages.map((p) => prepare(p, temp));
    const compilerState = CompilerState.create(configs[0], { additionalEntryPoints: configs.slice(1).map((c) => c.mainEntryPointFilePath) });
    for (const [i, config] of configs.entries()) {
      const pkg = packages[i];
      mkdirSync(path.dirname(pkg.report), { recursive: true });
      const result = Extractor.invoke(config, {
        localBuild: update,
        compilerState,
        messageCallback: (message) => {
          message.handled = true;
          // "The API report file was missing / has changed" is said below, with the command.
          if (String(message.messageId).startsWith("console-api-report-")) return;
          if (message.logLevel === "error" || message.logLevel === "warning") problems.push(`${pkg.name}: ${message.messageId ?? ""} ${message.text}`.replace(/ +/g, " "));
        },
      });
      if (result.apiReportChanged) changed.push(pkg.name);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  if (problems.length > 0) throw new Error(`API Extractor:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  if (update) log(changed.length > 0 ? `✓ API reports rewritten: ${changed.join(", ")}` : "✓ API reports unchanged");
  else if (changed.length === 0) log(`✓ ${packages.length} API report(s) match the built declarations`);
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const changed = apiReports({ update: process.argv.includes("--update") });
    if (changed.length > 0 && !process.argv.includes("--update")) {
      process.stderr.write(`✗ the API report of ${changed.join(", ")} differs from the built declarations: run \`npm run api-report\` and commit packages/*/api/*.api.md\n`);
      process.exit(1);
    }
  } catch (error) {
    process.stderr.write(`✗ ${error.message}\n`);
    process.exit(1);
  }
}
