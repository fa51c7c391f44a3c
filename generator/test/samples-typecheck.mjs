/**
 * Type-checks the docs' TypeScript samples in a worker thread, so the docs test's main thread
 * (building the model and the site, driving Chromium, running the samples) never waits on it.
 *
 * One TypeScript program over the repository's tsconfig.json, the samples as virtual files beside
 * the tests (so `@mpkit/*` resolve as they do for a user). Started before the model exists, the
 * worker first parses and binds what every sample imports (TypeScript's libs, @types/node,
 * @mpkit/core and each client package, as a program rooted at one virtual file importing them);
 * the samples' program, made when they arrive, reuses those parsed and bound source files, so only
 * the samples are parsed and checked then. Answers each sample's own syntactic and semantic
 * diagnostics (the packages they import are type-checked by vitest's pass).
 *
 * Protocol: workerData `{ root }`; the parent posts `{ samples: { file, text }[] }` once; the
 * worker answers `{ diagnostics: Record<file, { text, message }[]> }` or `{ error }`.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import ts from "typescript";

const root = /** @type {{ root: string }} */ (workerData).root;
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);

/** @type {Map<string, string>} */
const virtual = new Map();
/** @type {Map<string, ts.SourceFile>} */
const parsed = new Map();

const config = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config) throw new Error(`cannot read ${path.join(root, "tsconfig.json")}`);
const options = { ...config.options, noEmit: true };
const host = ts.createCompilerHost(options);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (file, language, ...rest) => {
  const text = virtual.get(file);
  if (text !== undefined) return ts.createSourceFile(file, text, language);
  // Real files are parsed once and shared by both programs (bound once too: the binder skips a bound file).
  let source = parsed.get(file);
  if (!source) {
    source = getSourceFile(file, language, ...rest);
    if (source) parsed.set(file, source);
  }
  return source;
};
const fileExists = host.fileExists.bind(host);
host.fileExists = (file) => virtual.has(file) || fileExists(file);
const readFile = host.readFile.bind(host);
host.readFile = (file) => virtual.get(file) ?? readFile(file);

/** The warm-up: what the samples import, parsed and bound before they exist. */
function warmUp() {
  const packages = readdirSync(path.join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      try {
        return [/** @type {{ name: string }} */ (JSON.parse(readFileSync(path.join(root, "packages", entry.name, "package.json"), "utf8"))).name];
      } catch {
        return [];
      }
    });
  const file = path.join(root, "generator", "test", "__samples__", "warm-up.ts");
  virtual.set(file, packages.map((name) => `import ${JSON.stringify(name)};\n`).join(""));
  ts.createProgram({ rootNames: [file], options, host }).getTypeChecker();
  virtual.delete(file);
}

try {
  warmUp();
} catch {
  // A failed warm-up only costs time: the samples' program parses whatever it still needs.
}

port.once("message", (/** @type {{ samples: { file: string; text: string }[] }} */ { samples }) => {
  try {
    for (const s of samples) virtual.set(s.file, s.text);
    const program = ts.createProgram({ rootNames: samples.map((s) => s.file), options, host });
    /** @type {ts.FormatDiagnosticsHost} */
    const format = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
    /** @type {Record<string, { text: string; message: string }[]>} */
    const diagnostics = {};
    for (const s of samples) {
      const source = program.getSourceFile(s.file);
      if (!source) throw new Error(`the samples' program has no ${s.file}`);
      diagnostics[s.file] = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ({
        text: ts.formatDiagnostic(d, format).trimEnd(),
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      }));
    }
    port.postMessage({ diagnostics });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
