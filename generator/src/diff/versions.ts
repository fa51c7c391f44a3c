/**
 * Package versions. The `version` field of `packages/<p>/package.json` (and of
 * `mocks/package.json`) is the one field of those generated files that is not generated:
 * Changesets owns it (`changeset version` bumps it and writes CHANGELOG.md next to it) and the
 * generator reads it back, so `generate` after `changeset version` keeps the bump and the drift
 * check stays green. A package without a package.json yet starts at the toolkit's version.
 * `info.version` of a spec is the upstream API's version and is never used as the package version.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** The committed version of a workspace package folder (e.g. `packages/invoice`, `mocks`), or undefined. */
export function readPackageVersion(root: string, folder: string): string | undefined {
  const file = path.join(root, folder, "package.json");
  if (!existsSync(file)) return undefined;
  let version: unknown;
  try {
    version = (JSON.parse(readFileSync(file, "utf8")) as { version?: unknown }).version;
  } catch {
    return undefined;
  }
  if (typeof version !== "string") return undefined;
  if (!SEMVER.test(version)) throw new Error(`${folder}/package.json: version "${version}" is not a semver version`);
  return version;
}

/** Versions by product name, plus `mocks` for `@mpkit/mocks`. */
export function readPackageVersions(root: string, products: readonly string[], fallback: string): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of products) versions[name] = readPackageVersion(root, `packages/${name}`) ?? fallback;
  versions.mocks = readPackageVersion(root, "mocks") ?? fallback;
  return versions;
}
