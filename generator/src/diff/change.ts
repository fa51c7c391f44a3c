/** What a spec change means for the people who call the API: the classes, bumps and report shape. */

export type ChangeClass = "breaking" | "non-breaking" | "docs";
export type Bump = "major" | "minor" | "patch" | "none";

export interface Change {
  class: ChangeClass;
  /** Stable identifier of the kind of change, e.g. `field-removed`, `operation-removed`. */
  code: string;
  /** `operationId` of the operation (the new one after a rename), `webhook <name>`, or undefined for the product. */
  operation?: string;
  /** Where inside it: `response 200 body.Status`, `query parameter top`, `security` … */
  where: string;
  message: string;
  /** The TypeScript types do not show it (patterns, limits, URLs, defaults): it breaks at runtime only. */
  runtimeOnly?: boolean;
  note?: string;
}

export interface ProductReport {
  product: string;
  packageName: string;
  specFile: string;
  changes: Change[];
  /** Semver level of the change: major for breaking, minor for additions and other non-breaking changes, patch for docs. */
  bump: Bump;
}

export interface DiffReport {
  base: string;
  products: ProductReport[];
}

const ORDER: Record<ChangeClass, number> = { breaking: 0, "non-breaking": 1, docs: 2 };

export function bumpOf(changes: readonly Change[]): Bump {
  if (changes.some((c) => c.class === "breaking")) return "major";
  if (changes.some((c) => c.class === "non-breaking")) return "minor";
  return changes.length > 0 ? "patch" : "none";
}

export function sortChanges(changes: Change[]): Change[] {
  return changes.sort((a, b) => ORDER[a.class] - ORDER[b.class]);
}

/**
 * The bump applied to a package version. From 1.0.0 on, semver as is. While a package is 0.x
 * (as every mpkit package starts), the 0.x rule: a breaking change bumps the minor (0.3.1 → 0.4.0),
 * anything else bumps the patch (0.3.1 → 0.3.2).
 */
export function releaseType(bump: Exclude<Bump, "none">, version: string): "major" | "minor" | "patch" {
  if (!version.startsWith("0.")) return bump;
  return bump === "major" ? "minor" : "patch";
}

/** Whether `to` is a breaking-change release after `from` (a major bump, or a minor bump while 0.x). */
export function isBreakingRelease(from: string, to: string): boolean {
  const [a = 0, b = 0] = from.split(".").map(Number);
  const [x = 0, y = 0] = to.split(".").map(Number);
  if (x > a) return true;
  return a === 0 && x === 0 && y > b;
}

/** Whether `to` is any release after `from`. */
export function isLaterVersion(from: string, to: string): boolean {
  const pa = from.split(/[.-]/).slice(0, 3).map(Number);
  const pb = to.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if ((pb[i] ?? 0) !== (pa[i] ?? 0)) return (pb[i] ?? 0) > (pa[i] ?? 0);
  return false;
}
