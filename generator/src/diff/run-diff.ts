/**
 * `mpkit diff`: builds the model of each product at a git revision (its `specs/` and
 * `redocly.yaml`, extracted into a temporary folder) and in the working tree, and compares them.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { listProducts, loadProduct, type ProductSource } from "../load/load-spec.js";
import { buildProductModel } from "../model/build-model.js";
import type { ProductModel } from "../model/model.js";
import type { DiffReport } from "./change.js";
import { productReport } from "./compare.js";

export const DEFAULT_BASE = "HEAD";

function git(root: string, args: string[]): string {
  return execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Whether `root` is a git work tree in which `ref` names a commit. */
export function hasRevision(root: string, ref: string): boolean {
  try {
    git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Whether specs/ and redocly.yaml in the working tree differ from `ref` (cheap: no spec is loaded). */
export function specsChangedSince(root: string, ref: string): boolean {
  const result = spawnSync("git", ["-C", root, "diff", "--quiet", ref, "--", "specs", "redocly.yaml"]);
  const untracked = git(root, ["ls-files", "--others", "--exclude-standard", "--", "specs"]).trim();
  return result.status !== 0 || untracked !== "";
}

/**
 * The products whose spec folder changed since `ref`, or undefined when a shared file changed
 * (specs/common, redocly.yaml …) and every product must be compared.
 */
export function changedProducts(root: string, ref: string): string[] | undefined {
  const tracked = git(root, ["diff", "--name-only", ref, "--", "specs", "redocly.yaml"]);
  const untracked = git(root, ["ls-files", "--others", "--exclude-standard", "--", "specs"]);
  const names = new Set<string>();
  for (const file of `${tracked}\n${untracked}`.split("\n").filter(Boolean)) {
    const m = /^specs\/([^/]+)\//.exec(file);
    if (!m || m[1] === "common") return undefined;
    names.add(m[1]!);
  }
  return [...names];
}

/** The file of a revision, or undefined when it does not exist there. */
export function showFile(root: string, ref: string, file: string): string | undefined {
  try {
    return git(root, ["show", `${ref}:${file}`]);
  } catch {
    return undefined;
  }
}

/** Extracts specs/ and redocly.yaml of `ref` into a temporary folder. */
export function checkoutSpecs(root: string, ref: string): { dir: string; dispose: () => void } {
  if (!hasRevision(root, ref)) throw new Error(`diff: "${ref}" is not a commit of the git repository at ${root}`);
  const dir = mkdtempSync(path.join(tmpdir(), "mpkit-base-"));
  // The lint configuration comes along: redocly.yaml and its list of reviewed findings.
  const files = ["specs", "redocly.yaml", ".redocly.lint-ignore.yaml"].filter((f) => showFile(root, ref, f) !== undefined);
  const archive = spawnSync("git", ["-C", root, "archive", "--format=tar", ref, "--", ...files], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`diff: git archive ${ref} failed: ${archive.stderr.toString().trim()}`);
  }
  const tar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
  if (tar.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`diff: could not extract ${ref}: ${tar.stderr.toString().trim()}`);
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function loadModels(root: string, sources: readonly ProductSource[]): Promise<Map<string, ProductModel>> {
  const models = new Map<string, ProductModel>();
  for (const source of sources) models.set(source.name, buildProductModel(await loadProduct(root, source)));
  return models;
}

export interface DiffOptions {
  base?: string;
  products?: readonly string[];
}

/** Compares `products` (default: all, in the working tree's redocly.yaml order) at `base` and now. */
export async function diffSpecs(root: string, options: DiffOptions = {}): Promise<DiffReport> {
  const base = options.base ?? DEFAULT_BASE;
  const now = await listProducts(root);
  const names = options.products ?? [];
  const unknown = names.filter((n) => !now.some((p) => p.name === n));
  if (unknown.length > 0) throw new Error(`unknown product(s): ${unknown.join(", ")}; redocly.yaml declares: ${now.map((p) => p.name).join(", ")}`);
  const checkout = checkoutSpecs(root, base);
  try {
    const then = await listProducts(checkout.dir);
    const wanted = (p: ProductSource) => names.length === 0 || names.includes(p.name);
    const before = await loadModels(checkout.dir, then.filter(wanted));
    const after = await loadModels(root, now.filter(wanted));
    const order = [...now.filter(wanted).map((p) => p.name), ...then.filter((p) => wanted(p) && !after.has(p.name)).map((p) => p.name)];
    return { base, products: order.map((name) => productReport(before.get(name), after.get(name))) };
  } finally {
    checkout.dispose();
  }
}
