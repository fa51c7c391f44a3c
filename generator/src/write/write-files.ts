/**
 * Writes generated files all-or-none: every file is first written to a temporary sibling,
 * then all are renamed into place. A failure before the renames leaves the old output as
 * it was; two files claiming one path are refused before anything is written.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import type { GeneratedFile } from "../model/model.js";

export function assertUniquePaths(files: readonly GeneratedFile[]): void {
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`two emitters produced ${f.path}`);
    seen.add(f.path);
  }
}

export type FileStatus = "unchanged" | "changed" | "missing";

/** Compares generated files with what is on disk. */
export function compareWithDisk(root: string, files: readonly GeneratedFile[]): { path: string; status: FileStatus }[] {
  return files.map((f) => {
    const target = path.join(root, f.path);
    if (!existsSync(target)) return { path: f.path, status: "missing" as const };
    return { path: f.path, status: readFileSync(target, "utf8") === f.contents ? ("unchanged" as const) : ("changed" as const) };
  });
}

/** Writes the files that differ from disk; returns the paths written. */
export async function writeAll(root: string, files: readonly GeneratedFile[]): Promise<string[]> {
  assertUniquePaths(files);
  const pending = compareWithDisk(root, files)
    .filter((s) => s.status !== "unchanged")
    .map((s) => files.find((f) => f.path === s.path) as GeneratedFile);
  const suffix = `.mpkit-tmp-${randomBytes(4).toString("hex")}`;
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const f of pending) {
      const target = path.join(root, f.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target + suffix, f.contents);
      staged.push({ temp: target + suffix, target });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
  for (const s of staged) await rename(s.temp, s.target);
  return pending.map((f) => f.path);
}
