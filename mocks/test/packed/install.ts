/**
 * Packs @mpkit/mocks, @mpkit/invoice and @mpkit/core (`npm pack`, from the shared build) and
 * installs them into a new app outside the repository with `npm ci --offline`: the app's lockfile
 * names the tarballs, and every third-party package at the version and integrity this repository's
 * lockfile has, so npm takes them from its cache and nothing is downloaded.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

type LockEntry = Record<string, unknown> & {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/** Workspace folder → package name, for the packages packed. */
const PACKED = { mocks: "@mpkit/mocks", "packages/invoice": "@mpkit/invoice", "packages/core": "@mpkit/core" } as const;

export async function installPackedApp(root: string): Promise<string> {
  const app = mkdtempSync(path.join(tmpdir(), "mpkit-packed-app-"));
  const packs = path.join(app, "packs");
  mkdirSync(packs);
  const { stdout } = await run(
    "npm",
    ["pack", "--json", "--silent", "--pack-destination", packs, ...Object.keys(PACKED).flatMap((w) => ["-w", w])],
    { cwd: root },
  );
  const packed = JSON.parse(stdout) as { name: string; version: string; filename: string; integrity: string }[];

  const repoLock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const all = repoLock.packages;
  /** Where Node would find `name` from the lock entry at `from`, in the repository's tree. */
  const find = (name: string, from: string): string | undefined => {
    let dir = from;
    for (;;) {
      const key = `${dir ? `${dir}/` : ""}node_modules/${name}`;
      if (all[key] && !all[key].link) return key;
      if (!dir) return undefined;
      const at = dir.lastIndexOf("/node_modules/");
      dir = at < 0 ? "" : dir.slice(0, at);
    }
  };
  /** A key of the repository's tree as it sits in the app: workspace folders become the packed packages' folders. */
  const place = (key: string) => {
    for (const [ws, name] of Object.entries(PACKED)) if (key.startsWith(`${ws}/`)) return `node_modules/${name}/${key.slice(ws.length + 1)}`;
    return key;
  };
  const lock: { name: string; version: string; lockfileVersion: 3; requires: true; packages: Record<string, LockEntry> } = {
    name: "packed-app",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {},
  };
  const needed = new Set<string>();
  const visit = (key: string) => {
    if (needed.has(key)) return;
    needed.add(key);
    const entry = all[key]!;
    const required = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const [name, optional] of Object.entries(entry.peerDependencies ?? {}).map(([n]) => [n, entry.peerDependenciesMeta?.[n]?.optional] as const)) {
      if (!optional) required[name] = "*";
    }
    for (const name of Object.keys(required)) {
      if (Object.values(PACKED).includes(name as never)) continue;
      const found = find(name, key);
      if (found) visit(found);
    }
  };
  const dependencies: Record<string, string> = { msw: all["mocks"]!.devDependencies ? String((all["mocks"]!.devDependencies as Record<string, string>).msw) : "2.15.0" };
  for (const [ws, name] of Object.entries(PACKED)) {
    const pkg = JSON.parse(readFileSync(path.join(root, ws, "package.json"), "utf8")) as LockEntry & { name: string };
    const tarball = packed.find((p) => p.name === name)!;
    dependencies[name] = `file:packs/${tarball.filename}`;
    lock.packages[`node_modules/${name}`] = {
      version: tarball.version,
      resolved: `file:packs/${tarball.filename}`,
      integrity: tarball.integrity,
      ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
      ...(pkg.peerDependencies ? { peerDependencies: pkg.peerDependencies } : {}),
      ...(pkg.peerDependenciesMeta ? { peerDependenciesMeta: pkg.peerDependenciesMeta } : {}),
    };
    visit(ws);
  }
  visit(find("msw", "mocks")!);
  for (const key of [...needed].filter((k) => !Object.keys(PACKED).includes(k)).sort()) {
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = all[key]!;
    lock.packages[place(key)] = entry;
  }
  lock.packages[""] = { name: "packed-app", version: "1.0.0", dependencies };
  writeFileSync(path.join(app, "package.json"), `${JSON.stringify({ name: "packed-app", version: "1.0.0", private: true, dependencies }, null, 2)}\n`);
  writeFileSync(path.join(app, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  await run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
  return app;
}
