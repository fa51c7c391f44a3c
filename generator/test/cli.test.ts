/**
 * The `mpkit` command line: help per command, version, refusal of unknown commands, flags and
 * products with a suggestion, progress lines, and a compiled entry that loads no OpenAPI
 * library or compiler for `help`. Runs `runCli` in-process; one test spawns the binary.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { didYouMean, parseArgs, UsageError } from "../src/cli/args.js";
import { COMMANDS } from "../src/cli/commands/index.js";
import { runCli } from "../src/cli/run.js";
import { corpusRoot, repoRoot } from "./helpers.js";

const run = promisify(execFile);
const version = (JSON.parse(readFileSync(path.join(repoRoot, "generator", "package.json"), "utf8")) as { version: string }).version;

async function mpkit(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    env: { ...process.env, MPKIT_ROOT: corpusRoot },
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
  });
  return { code, stdout, stderr };
}

describe("help and version", () => {
  it("lists every registered command with its arguments and flags", async () => {
    const result = await mpkit("--help");
    expect(result.code).toBe(0);
    for (const command of COMMANDS) {
      expect(result.stdout).toContain(`  ${command.name}`);
      for (const flag of command.flags) expect(result.stdout).toContain(flag.name);
    }
    expect(result.stdout).toContain("npx mpkit <command>");
    expect(await mpkit("help")).toEqual(result);
  });

  it.each(COMMANDS.map((c) => [c.name]))("`mpkit %s --help` and `-h` describe that command only", async (name) => {
    const long = await mpkit(name, "--help");
    expect(long.code).toBe(0);
    expect(long.stdout).toMatch(new RegExp(`^usage: mpkit ${name}\\b`));
    expect(long.stdout).toContain("-h, --help");
    expect(await mpkit(name, "-h")).toEqual(long);
    expect(await mpkit("help", name)).toEqual(long);
  });

  it("prints the generator's version", async () => {
    expect(await mpkit("--version")).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect((await mpkit("-v")).stdout).toBe(`${version}\n`);
  });

  it("without a command, prints the usage and fails", async () => {
    const result = await mpkit();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^usage: mpkit <command>/);
  });
});

describe("refusals", () => {
  it("an unknown command, with the closest one", async () => {
    const result = await mpkit("genrate");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mpkit: unknown command "genrate" (did you mean "generate"?)');
  });

  it("an unknown flag, with the closest one, before any work", async () => {
    const result = await mpkit("generate", "--nodocs");
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain('mpkit generate: unknown flag --nodocs (did you mean "--no-docs"?)');
    expect(result.stderr).toContain("run `mpkit generate --help` for usage");
    expect((await mpkit("check", "--no-docs")).stderr).toContain("mpkit check: unknown flag --no-docs");
  });

  it.each(COMMANDS.filter((c) => c.args).map((c) => [c.name]))("an unknown product for `mpkit %s`, with the closest one", async (name) => {
    const result = await mpkit(name, "nosuchproduct");
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain(`mpkit ${name}: unknown product "nosuchproduct"; redocly.yaml declares: shop, tiny-tools, payments`);
    expect((await mpkit(name, "shp")).stderr).toContain('unknown product "shp" (did you mean "shop"?)');
  });

  it.each(COMMANDS.filter((c) => !c.args).map((c) => [c.name]))("arguments for `mpkit %s`, which takes none", async (name) => {
    const result = await mpkit(name, "shop");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`mpkit ${name}: takes no arguments, got "shop"`);
  });
});

describe("argument parsing", () => {
  const flags = [
    { name: "--no-docs", description: "" },
    { name: "--base", value: "ref", description: "" },
    { name: "--watch", alias: "-w", description: "" },
  ];
  it.each([
    [["a", "--no-docs", "b"], { flags: { "--no-docs": true }, positional: ["a", "b"], help: false }],
    [["--base", "HEAD~1", "a"], { flags: { "--base": "HEAD~1" }, positional: ["a"], help: false }],
    [["--base=main", "-w"], { flags: { "--base": "main", "--watch": true }, positional: [], help: false }],
    [["-h", "--", "--no-docs"], { flags: {}, positional: ["--no-docs"], help: true }],
  ] as const)("%j", (argv, want) => {
    expect(parseArgs(argv, flags, "x")).toEqual(want);
  });
  it.each([
    [["--base"], /--base needs a value/],
    [["--base", "--no-docs"], /--base needs a value/],
    [["--no-docs=yes"], /--no-docs takes no value/],
    [["--wtach"], /unknown flag --wtach \(did you mean "--watch"\?\)/],
  ] as const)("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv, flags, "x")).toThrow(UsageError);
    expect(() => parseArgs(argv, flags, "x")).toThrow(message);
  });
  it("suggests only close names", () => {
    expect(didYouMean("invoce", ["invoice", "online"])).toBe(' (did you mean "invoice"?)');
    expect(didYouMean("zzz", ["invoice", "online"])).toBe("");
  });
});

describe("progress", () => {
  it("prints one line per stage with its time on stderr, results on stdout", async () => {
    const result = await mpkit("lint", "tiny-tools");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^ {2}· lint {5}tiny-tools: 0 problem\(s\) \(\d+(\.\d)? m?s\)$/m);
    expect(result.stdout).toBe("✓ 1 spec(s) linted, 0 problem(s)\n");
  });
});

describe("the compiled CLI", () => {
  it("runs as plain JavaScript, and `help` loads no OpenAPI library, generator or compiler", async () => {
    const bin = path.join(repoRoot, "generator", "bin", "mpkit.js");
    // The binary rebuilds generator/dist first when the sources changed.
    const { stdout } = await run(process.execPath, [bin, "--version"], { cwd: repoRoot });
    expect(stdout).toBe(`${version}\n`);
    const dist = path.join(repoRoot, "generator", "dist");
    // Follow the static imports of the entry (dynamic `import()` excluded): what `help` loads.
    const loaded = new Set<string>();
    const visit = (file: string): void => {
      const code = readFileSync(path.join(dist, file), "utf8");
      for (const m of code.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (loaded.has(spec)) continue;
        loaded.add(spec);
        if (spec.startsWith("./")) visit(spec.slice(2));
      }
    };
    visit("cli.js");
    expect(loaded).toContain("node:fs");
    expect([...loaded].every((s) => s.startsWith("./") || s.startsWith("node:")), [...loaded].join(", ")).toBe(true);
    expect(readFileSync(path.join(dist, "cli.js"), "utf8")).toMatch(/import\("\.\/pipeline-[A-Z0-9]+\.js"\)/);
  });
});
