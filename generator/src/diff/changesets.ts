/**
 * Changesets bookkeeping: `mpkit diff --changeset` writes one changeset file per changed
 * product from the report; `npx changeset version` then bumps the package versions and writes
 * each CHANGELOG.md; `npx mpkit generate` afterwards carries the new versions into the
 * generated files that mention them (see `versions.ts`).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { type ProductReport, releaseType } from "./change.js";
import { changelogEntry } from "./format.js";
import { readPackageVersion } from "./versions.js";

export const CHANGESET_DIR = ".changeset";

export interface WrittenChangeset {
  file: string;
  packageName: string;
  type: "major" | "minor" | "patch";
}

/** Writes `.changeset/mpkit-<product>-<hash>.md` for each product with changes; the same report writes the same file. */
export function writeChangesets(root: string, products: readonly ProductReport[]): WrittenChangeset[] {
  const written: WrittenChangeset[] = [];
  mkdirSync(path.join(root, CHANGESET_DIR), { recursive: true });
  for (const p of products) {
    if (p.bump === "none") continue;
    const version = readPackageVersion(root, `packages/${p.product}`) ?? "0.1.0";
    const type = releaseType(p.bump, version);
    const body = `---\n${JSON.stringify(p.packageName)}: ${type}\n---\n\n${changelogEntry(p)}\n`;
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 8);
    const file = `${CHANGESET_DIR}/mpkit-${p.product}-${hash}.md`;
    writeFileSync(path.join(root, file), body);
    written.push({ file, packageName: p.packageName, type });
  }
  return written;
}

/** Release types of the changesets not yet applied by `changeset version`, by package name. */
export function pendingReleases(root: string): Map<string, ("major" | "minor" | "patch")[]> {
  const pending = new Map<string, ("major" | "minor" | "patch")[]>();
  const dir = path.join(root, CHANGESET_DIR);
  if (!existsSync(dir)) return pending;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".md") && n !== "README.md")) {
    const text = readFileSync(path.join(dir, name), "utf8");
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "";
    for (const line of front.split(/\r?\n/)) {
      const m = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (m) pending.set(m[1]!, [...(pending.get(m[1]!) ?? []), m[2] as "major" | "minor" | "patch"]);
    }
  }
  return pending;
}
