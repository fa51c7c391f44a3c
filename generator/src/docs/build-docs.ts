/**
 * Builds the docs site: the landing page from the model, and one Redoc page per product
 * rendered by Redocly's `build-docs` with the Redoc bundle inlined (no CDN, works offline).
 * The site is built into a temporary folder and swapped in only when every page succeeded.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as path from "node:path";
import { DOCS_DIR, emitDocsLanding } from "../emit/emit-docs.js";
import type { Model } from "../model/model.js";
import { buildModel } from "../pipeline.js";

const require = createRequire(import.meta.url);

function redoclyBin(): string {
  return path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
}

function run(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [redoclyBin(), ...args], {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`redocly build-docs ${args[1]} failed (exit ${code}):\n${output}`)),
    );
  });
}

export interface DocsOptions {
  log?: (line: string) => void;
  /** Output folder relative to the root (default docs/dist). */
  outDir?: string;
  model?: Model;
}

export async function buildDocsSite(root: string, options: DocsOptions = {}): Promise<string[]> {
  const started = performance.now();
  const model = options.model ?? (await buildModel(root));
  const outDir = path.resolve(root, options.outDir ?? DOCS_DIR);
  const staging = `${outDir}.mpkit-tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await Promise.all(
      model.products.map(async (product) => {
        await mkdir(path.join(staging, product.name), { recursive: true });
        const output = path.join(staging, product.name, "index.html");
        await run(["build-docs", product.name, "--inlineBundle", "--title", product.title, "-o", output], root);
      }),
    );
    for (const f of emitDocsLanding(model)) {
      await writeFile(path.join(staging, path.relative(DOCS_DIR, f.path)), f.contents);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(outDir)) await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
  const pages = ["index.html", ...model.products.map((p) => `${p.name}/index.html`)];
  options.log?.(
    `✓ docs site: ${pages.length} page(s) in ${path.relative(root, outDir) || "."} (${Math.round(performance.now() - started)} ms)`,
  );
  return pages;
}
