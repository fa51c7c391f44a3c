/** The bump rules (0.x included), pending changesets, and the README product-table check. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isBreakingRelease, releaseType } from "../src/diff/change.js";
import { pendingReleases } from "../src/diff/changesets.js";
import { parseDiffArgs } from "../src/diff/command.js";
import { checkReadmeTable } from "../src/diff/gate.js";
import type { Model, ProductModel } from "../src/model/model.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("bumps", () => {
  it.each([
    ["major", "0.3.1", "minor"],
    ["minor", "0.3.1", "patch"],
    ["patch", "0.3.1", "patch"],
    ["major", "1.2.0", "major"],
    ["minor", "1.2.0", "minor"],
  ] as const)("a %s change of %s is released as a %s bump", (bump, version, want) => {
    expect(releaseType(bump, version)).toBe(want);
  });

  it.each([
    ["0.1.0", "0.2.0", true],
    ["0.1.0", "0.1.1", false],
    ["0.9.3", "1.0.0", true],
    ["1.4.0", "1.5.0", false],
    ["1.4.0", "2.0.0", true],
  ] as const)("%s → %s is a breaking-change release: %s", (from, to, want) => {
    expect(isBreakingRelease(from, to)).toBe(want);
  });
});

describe("pending changesets", () => {
  it("are read by package, the README of .changeset ignored", () => {
    dir = mkdtempSync(path.join(tmpdir(), "mpkit-cs-"));
    mkdirSync(path.join(dir, ".changeset"));
    writeFileSync(path.join(dir, ".changeset/README.md"), '---\n"@mpkit/pos": major\n---\n');
    writeFileSync(path.join(dir, ".changeset/one.md"), '---\n"@mpkit/invoice": minor\n\'@mpkit/pos\': patch\n---\n\nText.\n');
    expect(Object.fromEntries(pendingReleases(dir))).toEqual({ "@mpkit/invoice": ["minor"], "@mpkit/pos": ["patch"] });
  });
});

describe("mpkit diff arguments", () => {
  it("takes --base with a value and leaves product names alone", () => {
    expect(parseDiffArgs(["--base", "HEAD~2", "invoice", "--json"])).toEqual({ base: "HEAD~2", flags: new Set(["--json"]), names: ["invoice"] });
    expect(() => parseDiffArgs(["--base"])).toThrow(/--base needs a git ref/);
  });
});

describe("the README product table", () => {
  const product = (name: string, ops: number, hooks: number) =>
    ({ name, operations: Array.from({ length: ops }), webhooks: Array.from({ length: hooks }) }) as unknown as ProductModel;
  const model = { toolkitVersion: "0.1.0", products: [product("invoice", 19, 2), product("pos", 23, 1)] } as Model;

  it("passes when every count matches and names the stale row otherwise", () => {
    dir = mkdtempSync(path.join(tmpdir(), "mpkit-readme-"));
    const table = (invoice: string) =>
      `| product | spec | package | operations |\n|---|---|---|---|\n| Invoice | \`specs/invoice\` | x | ${invoice} |\n| PoS | \`specs/pos\` | y | 23 (+1 webhook) |\n`;
    writeFileSync(path.join(dir, "README.md"), table("19 (+2 webhooks)"));
    expect(checkReadmeTable(dir, model)).toEqual([]);
    writeFileSync(path.join(dir, "README.md"), table("18 (+2 webhooks)"));
    expect(checkReadmeTable(dir, model)).toEqual([
      "README.md: the invoice row says 18 (+2 webhooks), the spec has 19 (+2 webhooks) operation(s); update the table",
    ]);
  });
});
