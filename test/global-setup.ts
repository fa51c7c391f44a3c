/**
 * Vitest global setup: one Prism mock server per product spec declared in redocly.yaml, all
 * in one process, started before the tests and stopped after them. Tests read the URLs with
 * `inject("prismUrls")`.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { listProducts } from "../generator/src/load/load-spec.js";
import { type PrismServers, startPrismServers } from "./prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrls: Record<string, string>;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** Whether a spec declares at least one operation (Prism refuses a file with none, e.g. webhooks only). */
export function hasOperations(specFile: string): boolean {
  const text = readFileSync(specFile, "utf8");
  if (text.trimStart().startsWith("{")) {
    // A JSON spec (JSON is YAML too).
    const paths = (JSON.parse(text) as { paths?: unknown }).paths;
    if (paths === null || typeof paths !== "object") return false;
    return Object.values(paths).some((item) => item !== null && typeof item === "object" && Object.keys(item).some((k) => k === "$ref" || METHODS.includes(k)));
  }
  // A `paths` that is a $ref, or that names any path with a method, counts; `paths: {}` or none does not.
  const paths = /^paths:[ \t]*(.*)$/m.exec(text);
  if (!paths) return false;
  if (/^\{\s*\}\s*$/.test(paths[1]!.trim())) return false;
  if (/\$ref/.test(paths[1]!)) return true;
  const block = text.slice(paths.index + paths[0].length).split(/^\S/m)[0] ?? "";
  return /^\s+(get|put|post|delete|patch|head|options|trace):/m.test(block) || /^\s+\$ref:/m.test(block);
}

/**
 * Starts one Prism server per spec with operations, all in one process (test/prism.ts). When
 * any fails to start, the process exits and takes the others with it: a failed setup never
 * leaves a server behind. No process is started when no spec has operations.
 */
export async function startAll(
  specs: readonly { name: string; specFile: string }[],
  start: (specs: readonly { name: string; specFile: string }[]) => Promise<PrismServers> = startPrismServers,
): Promise<PrismServers> {
  const wanted = specs.filter((s) => hasOperations(s.specFile));
  if (wanted.length === 0) return { urls: {}, stop: async () => {} };
  return start(wanted);
}

/**
 * The compiled CLI, current before any test spawns it: `bin/mpkit.js` rebuilds generator/dist
 * when the generator's sources changed since the last build (never in CI, where `npm ci` built
 * it), and several test files spawning it at once would each rebuild it, deleting the chunks
 * another is loading. `mpkit help` builds it if needed and loads nothing heavy.
 */
async function ensureCli(): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(root, "generator", "bin", "mpkit.js"), "help"], { cwd: root });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cli = ensureCli();
  // Awaited below; a failure before that (Prism) is the one reported.
  cli.catch(() => {});
  const products = await listProducts(root);
  const { urls, stop } = await startAll(products.map((p) => ({ name: p.name, specFile: path.join(root, p.specFile) })));
  try {
    await cli;
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide("prismUrls", urls);
  return stop;
}
