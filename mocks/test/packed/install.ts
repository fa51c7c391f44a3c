/**
 * Packs @mpkit/mocks, @mpkit/invoice and @mpkit/core (`npm pack`, from the shared build) and
 * installs them into a new app outside the repository with `npm ci --offline`: the app's lockfile
 * names the tarballs, and every third-party package at the version and integrity this repository's
 * lockfile has, so npm takes them from its cache and nothing is downloaded.
 *
 * The installed app is kept in the system's temporary folder under a fingerprint of everything
 * the pack and the install read (the bytes of every file the three packages publish, the
 * repository's lockfile, this file): a later run with the same inputs reuses it, and any change
 * to a packed file packs and installs again. A new app is installed beside the final folder and
 * renamed into place only once `npm ci` succeeded, so a half-installed app is never reused.
 *
 * Most of an install is the third-party packages (MSW and its dependencies, faker …), which a
 * change to the packed files leaves as they were: a new app whose third-party lock entries equal
 * those of an app installed before starts from that app's `node_modules` (hard links, less the
 * packed packages), and `npm install --offline` then adds only the new tarballs.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
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

const PREFIX = "mpkit-packed-app-";
/** Written last into an installed app: its fingerprint. */
const MARKER = ".mpkit-installed";
/** Written into an installed app: a digest of its lockfile's third-party entries (`thirdPartyDigest`). */
const DEPS_MARKER = ".mpkit-third-party";
/** Cached apps not used for this long are removed when a new one is installed. */
const STALE_MS = 60 * 60 * 1000;

/**
 * A digest of the inputs of the pack and the install: every file each packed package publishes
 * (its `files` entries, package.json, README/LICENSE/CHANGELOG: a superset of what `npm pack`
 * takes), the repository's lockfile and this module.
 */
export function packedAppFingerprint(root: string): string {
  const hash = createHash("sha256");
  const add = (file: string) => {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update("\0");
  };
  const walk = (entry: string) => {
    const s = statSync(entry, { throwIfNoEntry: false });
    if (!s) return;
    if (s.isDirectory()) for (const name of readdirSync(entry).sort()) walk(path.join(entry, name));
    else if (s.isFile()) add(entry);
  };
  add(fileURLToPath(import.meta.url));
  add(path.join(root, "package-lock.json"));
  for (const ws of Object.keys(PACKED)) {
    const dir = path.join(root, ws);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { files?: string[] };
    const published = readdirSync(dir).filter((name) => /^(package\.json|readme|license|licence|changelog)/i.test(name));
    for (const entry of [...new Set([...published, ...(pkg.files ?? [])])].sort()) walk(path.join(dir, entry));
  }
  return hash.digest("hex").slice(0, 20);
}

/**
 * The app with the packed packages installed: reused when one with the same fingerprint is
 * installed already (`installed: false`), packed and installed otherwise (`installed: true`).
 */
export async function installPackedApp(root: string): Promise<{ app: string; installed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const fingerprint = packedAppFingerprint(root);
    const app = path.join(tmpdir(), `${PREFIX}${fingerprint}`);
    const marker = path.join(app, MARKER);
    if (existsSync(marker) && readFileSync(marker, "utf8") === fingerprint) {
      const now = new Date();
      utimesSync(marker, now, now);
      return { app, installed: false };
    }
    const staging = mkdtempSync(path.join(tmpdir(), `${PREFIX}new-`));
    try {
      await packAndInstall(root, staging);
      // A build that rewrote a packed file while it was packed: the tarballs may hold either
      // version, so this app is not kept under either fingerprint; pack again.
      if (packedAppFingerprint(root) !== fingerprint) {
        if (attempt < 3) continue;
        throw new Error("the packed packages' files kept changing while they were packed (a build running beside the test?)");
      }
      writeFileSync(path.join(staging, MARKER), fingerprint);
      try {
        renameSync(staging, app);
      } catch (error) {
        // Another test run installed the same inputs meanwhile: use its app.
        if (!existsSync(marker)) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    pruneStale(app);
    return { app, installed: true };
  }
}

/** Removes the cached apps of other fingerprints that no run used for an hour. */
function pruneStale(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const dir = path.join(tmpdir(), name);
    if (!name.startsWith(PREFIX) || dir === keep) continue;
    const used = statSync(path.join(dir, MARKER), { throwIfNoEntry: false })?.mtimeMs ?? statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (Date.now() - used > STALE_MS) rmSync(dir, { recursive: true, force: true });
  }
}

async function packAndInstall(root: string, app: string): Promise<void> {
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
  const thirdParty = thirdPartyDigest(lock.packages);
  if (!(await installOverDonor(app, thirdParty))) {
    await run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
  }
  writeFileSync(path.join(app, DEPS_MARKER), thirdParty);
}

/** A digest of the lock entries of everything but the packed packages and the app itself. */
function thirdPartyDigest(packages: Record<string, LockEntry>): string {
  const hash = createHash("sha256");
  const packed = Object.values(PACKED).map((name) => `node_modules/${name}`);
  for (const key of Object.keys(packages).sort()) {
    if (key === "" || packed.some((p) => key === p || key.startsWith(`${p}/`))) continue;
    hash.update(`${key}\0${JSON.stringify(packages[key])}\0`);
  }
  return hash.digest("hex").slice(0, 20);
}

/**
 * Installs the app from an installed app with the same third-party packages: its `node_modules`
 * hard-linked in, the packed packages removed, then `npm install --offline` (which adds what the
 * lockfile has and the folder lacks). False when there is no such app or the copy fails.
 */
async function installOverDonor(app: string, thirdParty: string): Promise<boolean> {
  const donor = readdirSync(tmpdir())
    .filter((name) => name.startsWith(PREFIX) && !name.startsWith(`${PREFIX}new-`))
    .map((name) => path.join(tmpdir(), name))
    .find((dir) => existsSync(path.join(dir, MARKER)) && existsSync(path.join(dir, DEPS_MARKER)) && readFileSync(path.join(dir, DEPS_MARKER), "utf8") === thirdParty);
  if (!donor) return false;
  const modules = path.join(app, "node_modules");
  try {
    await run("cp", ["-al", path.join(donor, "node_modules"), modules]);
    for (const name of Object.values(PACKED)) rmSync(path.join(modules, name), { recursive: true, force: true });
    rmSync(path.join(modules, ".package-lock.json"), { force: true });
    await run("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
    return true;
  } catch {
    rmSync(modules, { recursive: true, force: true });
    return false;
  }
}
