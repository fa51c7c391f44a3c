/**
 * End to end, as a maintainer works: a temporary copy of the repository with its own git
 * history, `node_modules` linked, one product (Invoice), no docs. A real spec edit → generate →
 * the gate in `check` refuses it → `mpkit diff --changeset` → `changeset version` → generate →
 * `check` passes, with the bump, the changelog and the report checked on the way.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheckGates, runDiff } from "../src/diff/command.js";
import { versionGate } from "../src/diff/gate.js";
import { check, generate } from "../src/pipeline.js";
import { repoRoot } from "./helpers.js";

let root: string;
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=Maintainer", "-c", "user.email=m@example.dk", "-c", "commit.gpgsign=false", ...args], { cwd: root, encoding: "utf8" });
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const version = (folder: string) => (JSON.parse(read(`${folder}/package.json`)) as { version: string }).version;

async function gates(): Promise<{ ok: boolean; lines: string[] }> {
  const result = await check(root);
  expect(result.stale, "the drift check runs first").toEqual([]);
  const lines: string[] = [];
  const ok = await runCheckGates(root, result.model!, [], (l) => lines.push(l));
  return { ok, lines };
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "mpkit-release-"));
  const copy = (rel: string) => cpSync(path.join(repoRoot, rel), path.join(root, rel), { recursive: true, filter: (src) => !/\/(dist|node_modules)(\/|$)/.test(src) });
  for (const rel of [".gitignore", "package.json", "tsconfig.base.json", ".redocly.lint-ignore.yaml", ".changeset", "README.md", "specs/common", "specs/invoice", "packages/core", "packages/invoice", "mocks/package.json", "mocks/src/runtime", "mocks/src/invoice"]) copy(rel);
  for (const entry of ["index.ts", "node.ts", "browser.ts"]) copy(`mocks/src/${entry}`);
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  writeFileSync(path.join(root, "redocly.yaml"), readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8").replace(/\napis:\n(?: {2}.*\n)+/, "\napis:\n  invoice:\n    root: specs/invoice/openapi.yaml\n"));
  // The one-product repository, generated and committed: the released state.
  await generate(root, []);
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "release 0.1.0");
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a breaking spec change, from edit to release", () => {
  it("is reported, refused by the gate, recorded as a changeset, versioned and changelogged", async () => {
    const cpu0 = process.cpuUsage();
    expect(version("packages/invoice")).toBe("0.1.0");

    // The maintainer renames a response field and adds an optional one to a request.
    const spec = "specs/invoice/openapi.yaml";
    const before = read(spec);
    let after = before.replace(
      "      required: [InvoiceId, Status]\n      properties:\n        InvoiceId:\n          $ref: '#/components/schemas/Uuid'\n        Status:\n",
      "      required: [InvoiceId, State]\n      properties:\n        InvoiceId:\n          $ref: '#/components/schemas/Uuid'\n        State:\n",
    );
    after = after.replace("                InvoiceId: 5e1210f9-4153-4fc3-83ec-2a8fc4843ea6\n                Status: created\n        '400':", "                InvoiceId: 5e1210f9-4153-4fc3-83ec-2a8fc4843ea6\n                State: created\n        '400':");
    expect(after).not.toBe(before);
    writeFileSync(path.join(root, spec), after);
    await generate(root, []);

    const refused = await gates();
    expect(refused.ok).toBe(false);
    const text = refused.lines.join("\n");
    expect(text).toContain("✗ @mpkit/invoice: 1 breaking change(s) since HEAD but version 0.1.0 is not a breaking-change release; it needs a minor bump (0.x rule: 0.1.0 → 0.2.0)");
    expect(text).toContain("getInvoiceStatus response 200 body.Status: renamed to State");
    expect(text).toContain("npx mpkit diff --changeset");

    let out = "";
    await runDiff(root, ["--markdown", "--changeset"], (t) => (out += t));
    expect(out).toContain("### `@mpkit/invoice`: major (1 breaking, 0 non-breaking, 0 docs only)");
    expect(out).toContain("| 🔴 breaking | `getInvoiceStatus` | response 200 body.Status | renamed to State: code that reads Status no longer compiles |");
    const changesets = readdirSync(path.join(root, ".changeset")).filter((f) => f.startsWith("mpkit-invoice-"));
    expect(changesets).toHaveLength(1);
    expect(read(`.changeset/${changesets[0]}`)).toMatch(/^---\n"@mpkit\/invoice": minor\n---\n\nBreaking changes:\n\n- `getInvoiceStatus` response 200 body.Status: renamed to State/);
    // A pending breaking-change release already satisfies the gate.
    expect((await versionGate(root)).ok).toBe(true);

    execFileSync(process.execPath, [path.join(repoRoot, "node_modules/@changesets/cli/bin.js"), "version"], { cwd: root, encoding: "utf8" });
    expect(version("packages/invoice")).toBe("0.2.0");
    expect(read("packages/invoice/CHANGELOG.md")).toMatch(/## 0\.2\.0\n\n### Minor Changes\n\n- [0-9a-f]*:? ?Breaking changes:[\s\S]*`getInvoiceStatus` response 200 body\.Status: renamed to State/);
    expect(readdirSync(path.join(root, ".changeset")).filter((f) => f.startsWith("mpkit-"))).toEqual([]);

    // generate keeps the bumped versions (they live in package.json, which changesets owns).
    await generate(root, []);
    expect(version("packages/invoice")).toBe("0.2.0");
    expect(JSON.parse(read("mocks/package.json")).peerDependencies["@mpkit/invoice"]).toBe("0.2.0");
    const passed = await gates();
    expect(passed.ok, passed.lines.join("\n")).toBe(true);
    expect(passed.lines.join("\n")).toContain("✓ @mpkit/invoice: 1 breaking change(s) since HEAD, released as 0.2.0");
    const cpu = process.cpuUsage(cpu0);
    if (process.env.MPKIT_TIMING) console.log(`release flow: cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms`);
  }, 180_000);
});
