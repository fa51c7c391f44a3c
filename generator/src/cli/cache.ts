/**
 * The generate cache: content-addressed, so an unchanged project skips loading, modelling and
 * emitting. The key is a SHA-256 over every input that decides the output:
 *  - the generator's own built code (generator/dist, whose version number does not change
 *    with its code) and its package.json,
 *  - package-lock.json (the versions of openapi-typescript, Redocly … that shape the output),
 *  - redocly.yaml and .redocly.lint-ignore.yaml,
 *  - every spec file the last build read (root files and `$ref`ed files), by path and content,
 *  - the product selection and the Node version.
 * The list of spec files comes from the entry it keys, so a hit means every file that entry was
 * built from is byte-identical now, and a new `$ref` changes the file that holds it. Entries hold
 * the generated files; they are written to disk through the usual compare-and-write, so a
 * hand-edited generated file is still restored. `check` never reads the cache.
 *
 * Lives in <root>/node_modules/.cache/mpkit; without a node_modules folder, or when running
 * from the TypeScript sources (tests), there is no cache.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export interface CachedFile {
  path: string;
  product?: string;
  contents: string;
}

export interface CacheEntry {
  key: string;
  /** Spec files (relative to the root) the entry was built from. */
  inputs: string[];
  products: string[];
  files: CachedFile[];
}

const INDEX = "index.json";
const MAX_INPUT_LISTS = 8;
const MAX_ENTRIES = 8;

export function cacheDir(root: string): string | undefined {
  const modules = path.join(root, "node_modules");
  return existsSync(modules) ? path.join(modules, ".cache", "mpkit") : undefined;
}

/** Hash of the running generator build, or undefined when not running from generator/dist. */
export function builtCodeHash(from: string = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(from, "build.json"), "utf8")) as { files: string[] };
    const hash = createHash("sha256");
    for (const file of manifest.files.filter((f) => !f.endsWith(".map")).sort()) {
      hash.update(`${file}\0`).update(readFileSync(path.join(from, file))).update("\0");
    }
    // The docs site's in-page scripts are bundled from source at docs build time, not into dist.
    const browser = path.join(from, "..", "src", "docs", "browser");
    if (existsSync(browser)) {
      for (const file of readdirSync(browser).sort()) hash.update(`browser/${file}\0`).update(readFileSync(path.join(browser, file))).update("\0");
    }
    return hash.digest("hex");
  } catch {
    return undefined;
  }
}

function readOrAbsent(file: string): Buffer | string {
  try {
    return readFileSync(file);
  } catch {
    return "\0absent\0";
  }
}

/**
 * The `version` of every workspace package.json under packages/ and of mocks/: the one field of
 * those generated files that Changesets owns and `generate` reads back, so a bump misses the cache.
 */
export function packageVersionsKey(root: string): string {
  const folders = ["mocks"];
  try {
    for (const entry of readdirSync(path.join(root, "packages")).sort()) folders.push(`packages/${entry}`);
  } catch {
    // no packages yet
  }
  return folders
    .map((folder) => {
      const json = readJson<{ version?: unknown }>(path.join(root, folder, "package.json"));
      return `${folder}@${typeof json?.version === "string" ? json.version : "-"}`;
    })
    .join(",");
}

export function cacheKey(root: string, code: string, inputs: readonly string[], selection: readonly string[]): string {
  const hash = createHash("sha256").update(
    `mpkit-generate-cache 1\0${process.version}\0${code}\0${selection.join(",")}\0${packageVersionsKey(root)}\0`,
  );
  for (const file of ["generator/package.json", "package-lock.json", "redocly.yaml", ".redocly.lint-ignore.yaml", ...inputs]) {
    hash.update(`${file}\0`).update(readOrAbsent(path.join(root, file))).update("\0");
  }
  return hash.digest("hex");
}

function writeAtomically(file: string, contents: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.mpkit-tmp-${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** The entry for the project as it is now, if one was stored. */
export function lookup(dir: string, root: string, code: string, selection: readonly string[]): CacheEntry | undefined {
  const lists = readJson<string[][]>(path.join(dir, INDEX)) ?? [];
  for (const inputs of lists) {
    const key = cacheKey(root, code, inputs, selection);
    const entry = readJson<CacheEntry>(path.join(dir, `${key}.json`));
    if (entry?.key === key && JSON.stringify(entry.inputs) === JSON.stringify(inputs)) return entry;
  }
  return undefined;
}

/**
 * Stores an entry for a build that started at `startedMs`. The key is computed from the inputs as
 * they are now; if any of them was modified since the build started (a save during the build),
 * nothing is stored, since the output may come from the older content.
 */
export function store(
  dir: string,
  root: string,
  code: string,
  selection: readonly string[],
  inputs: readonly string[],
  products: string[],
  files: readonly CachedFile[],
  startedMs: number,
): string | undefined {
  const sorted = [...new Set(inputs)].sort();
  const watched = ["redocly.yaml", ".redocly.lint-ignore.yaml", ...sorted];
  for (const file of watched) {
    const full = path.join(root, file);
    if (existsSync(full) && statSync(full).mtimeMs >= startedMs) return undefined;
  }
  const key = cacheKey(root, code, sorted, selection);
  const entry: CacheEntry = { key, inputs: sorted, products, files: files.map((f) => ({ path: f.path, product: f.product, contents: f.contents })) };
  writeAtomically(path.join(dir, `${key}.json`), JSON.stringify(entry));
  const lists = (readJson<string[][]>(path.join(dir, INDEX)) ?? []).filter((l) => JSON.stringify(l) !== JSON.stringify(sorted));
  writeAtomically(path.join(dir, INDEX), JSON.stringify([sorted, ...lists].slice(0, MAX_INPUT_LISTS)));
  const entries = readdirSync(dir)
    .filter((f) => /^[0-9a-f]{64}\.json$/.test(f))
    .map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const old of entries.slice(MAX_ENTRIES)) rmSync(path.join(dir, old.f), { force: true });
  return key;
}

const DOCS_STAMP = "docs.json";

function sha(file: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

/** Records that the docs site's pages (relative to `outDir`) were built for the entry `key`. */
export function stampDocs(dir: string, outDir: string, key: string, pages: readonly string[]): void {
  const files = Object.fromEntries(pages.map((p) => [p, sha(path.join(outDir, p))]));
  writeAtomically(path.join(dir, DOCS_STAMP), JSON.stringify({ key, outDir, files }));
}

/** True when the docs site on disk is, page for page, the one built for the entry `key`. */
export function docsFresh(dir: string, outDir: string, key: string): boolean {
  const stamp = readJson<{ key: string; outDir: string; files: Record<string, string | undefined> }>(path.join(dir, DOCS_STAMP));
  if (!stamp || stamp.key !== key || stamp.outDir !== outDir) return false;
  const pages = Object.entries(stamp.files);
  return pages.length > 0 && pages.every(([page, hash]) => hash !== undefined && sha(path.join(outDir, page)) === hash);
}
