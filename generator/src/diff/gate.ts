/**
 * The version gate of `mpkit check`: a breaking change since the base revision needs a
 * breaking-change release of its package (a major bump; while 0.x, a minor bump), either
 * applied (package.json) or pending (a changeset not yet applied by `changeset version`).
 * Also checks that the README's product table states the operation and webhook counts the
 * specs have, so that prose cannot go stale.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Model } from "../model/model.js";
import { isBreakingRelease } from "./change.js";
import { pendingReleases } from "./changesets.js";
import { listProducts } from "../load/load-spec.js";
import { changedProducts, DEFAULT_BASE, diffSpecs, hasRevision, showFile, specsChangedSince } from "./run-diff.js";
import { readPackageVersion } from "./versions.js";

export interface GateResult {
  ok: boolean;
  lines: string[];
}

function bumped(version: string, type: "major" | "minor" | "patch"): string {
  const [a = 0, b = 0, c = 0] = version.split(/[.-]/).map(Number);
  return type === "major" ? `${a + 1}.0.0` : type === "minor" ? `${a}.${b + 1}.0` : `${a}.${b}.${c + 1}`;
}

export async function versionGate(root: string, base: string = DEFAULT_BASE): Promise<GateResult> {
  if (!hasRevision(root, base)) {
    return { ok: true, lines: [`- version gate skipped: no git revision "${base}" to compare the specs with`] };
  }
  if (!specsChangedSince(root, base)) return { ok: true, lines: [`✓ version gate: the specs are unchanged since ${base}`] };
  // Only the products whose folder changed (every product when a shared file did).
  const declared = (await listProducts(root)).map((p) => p.name);
  const changed = changedProducts(root, base)?.filter((name) => declared.includes(name));
  const report = await diffSpecs(root, { base, ...(changed ? { products: changed } : {}) });
  const pending = pendingReleases(root);
  const lines: string[] = [];
  let ok = true;
  for (const p of report.products) {
    const breaking = p.changes.filter((c) => c.class === "breaking");
    if (breaking.length === 0) continue;
    const baseJson = showFile(root, base, `packages/${p.product}/package.json`);
    if (baseJson === undefined) continue; // a new package: nothing released to break
    const from = (JSON.parse(baseJson) as { version: string }).version;
    const now = readPackageVersion(root, `packages/${p.product}`) ?? from;
    const planned = (pending.get(p.packageName) ?? []).map((type) => bumped(now, type));
    if (isBreakingRelease(from, now) || planned.some((v) => isBreakingRelease(from, v))) {
      lines.push(`✓ ${p.packageName}: ${breaking.length} breaking change(s) since ${base}, released as ${isBreakingRelease(from, now) ? now : planned.find((v) => isBreakingRelease(from, v))}`);
      continue;
    }
    ok = false;
    const need = from.startsWith("0.") ? `a minor bump (0.x rule: ${from} → ${bumped(from, "minor")})` : `a major bump (${from} → ${bumped(from, "major")})`;
    lines.push(`✗ ${p.packageName}: ${breaking.length} breaking change(s) since ${base} but version ${now} is not a breaking-change release; it needs ${need}:`);
    for (const c of breaking.slice(0, 5)) lines.push(`    ${c.operation ?? "(product)"} ${c.where}: ${c.message}`);
    if (breaking.length > 5) lines.push(`    … and ${breaking.length - 5} more (npx mpkit diff ${p.product})`);
  }
  if (!ok) {
    lines.push("  To release them: `npx mpkit diff --changeset` (writes the changesets), `npx changeset version` (bumps, writes CHANGELOG.md), then `npx mpkit generate`.");
    lines.push("  If a change is not meant to break callers, change the spec back instead.");
  } else if (lines.length === 0) lines.push(`✓ version gate: no breaking changes since ${base}`);
  return { ok, lines };
}

/** The README's product table: each row naming `specs/<product>` must state its operation and webhook counts. */
export function checkReadmeTable(root: string, model: Model, file = "README.md"): string[] {
  let text: string;
  try {
    text = readFileSync(path.join(root, file), "utf8");
  } catch {
    return [];
  }
  const problems: string[] = [];
  const rows = text.split("\n").filter((l) => l.startsWith("|"));
  for (const product of model.products) {
    const row = rows.find((l) => l.includes(`\`specs/${product.name}\``));
    if (!row) {
      problems.push(`${file}: the product table has no row for \`specs/${product.name}\``);
      continue;
    }
    const ops = product.operations.length;
    const hooks = product.webhooks.length;
    const want = hooks > 0 ? `${ops} (+${hooks} webhook${hooks === 1 ? "" : "s"})` : `${ops}`;
    const cells = row.split("|").map((c) => c.trim());
    if (!cells.includes(want)) {
      const found = cells.find((c) => /^\d+( \(\+\d+ webhooks?\))?$/.test(c)) ?? "(no count)";
      problems.push(`${file}: the ${product.name} row says ${found}, the spec has ${want} operation(s); update the table`);
    }
  }
  return problems;
}
