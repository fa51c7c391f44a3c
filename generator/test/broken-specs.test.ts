/**
 * A broken spec names file, line and rule, exits non-zero, and leaves the previous output
 * exactly as it was. The CLI runs in-process (`runCli`) per case; one test spawns the real
 * `mpkit` binary for the exit code and output streams.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run.js";
import { SpecError } from "../src/load/load-spec.js";
import { generate } from "../src/pipeline.js";
import { copyRoot, repoRoot } from "./helpers.js";

const run = promisify(execFile);
const bin = path.join(repoRoot, "generator", "bin", "mpkit.js");
const SPEC = "specs/shop/openapi.yaml";

interface Breakage {
  name: string;
  /** Turns the valid spec text into a broken one. */
  edit: (spec: string) => string;
  want: { file: string; line: number; rule: RegExp; message: RegExp };
}

const breakages: Breakage[] = [
  {
    name: "a YAML syntax error",
    edit: (s) => s.replace("  /items:\n    get:", "  /items:\n    get: [unclosed\n"),
    want: { file: SPEC, line: 25, rule: /yaml-syntax/, message: /missed comma between flow collection entries/ },
  },
  {
    name: "a dangling $ref",
    edit: (s) => s.replace('schema: { $ref: "#/components/schemas/NewItem" }', 'schema: { $ref: "#/components/schemas/NoSuchThing" }'),
    want: { file: SPEC, line: 70, rule: /no-unresolved-refs/, message: /Can't resolve \$ref/ },
  },
  {
    name: "a duplicate operationId",
    edit: (s) => s.replace("operationId: deleteItem", "operationId: getItem"),
    want: { file: SPEC, line: 101, rule: /operation-operationId-unique/, message: /unique/ },
  },
  {
    name: "an example that breaks its schema",
    edit: (s) => s.replace("example: { name: Kettle, price: 25.5 }", "example: { name: Kettle, price: free }"),
    want: { file: SPEC, line: 71, rule: /no-invalid-media-type-examples/, message: /price/ },
  },
  {
    name: "a business rule with an unknown check type",
    edit: (s) => s.replace("check: { type: max-amount-by-country,", "check: { type: max-amount,"),
    want: { file: SPEC, line: 63, rule: /mpkit-rules/, message: /unknown check type "max-amount"/ },
  },
  {
    name: "a state machine naming a state its enum lacks",
    edit: (s) => s.replace("final: [sold, withdrawn]", "final: [sold, gone]"),
    want: { file: SPEC, line: 179, rule: /mpkit-state-machine/, message: /"gone" in `final` is not a value of the enum/ },
  },
  {
    name: "a transition out of a final state",
    edit: (s) => s.replace("{ from: reserved, to: sold,", "{ from: sold, to: listed,"),
    want: { file: SPEC, line: 185, rule: /mpkit-state-machine/, message: /final state "sold" cannot have a transition/ },
  },
  {
    name: "a retry schedule that does not add up",
    edit: (s) => s.replace("delaysSeconds: [5, 60]", "delaysSeconds: [5]"),
    want: { file: SPEC, line: 143, rule: /mpkit-retry/, message: /1 delays given for 2 retries/ },
  },
];

/** Runs `mpkit` in-process in `root`; returns the exit code and what it printed. */
async function mpkit(root: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    env: { ...process.env, MPKIT_ROOT: root },
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
  });
  return { code, stdout, stderr };
}

// The corpus is generated once; each test gets a fresh copy of the generated tree.
let generated: { root: string; dispose: () => void };
beforeAll(async () => {
  generated = copyRoot();
  await generate(generated.root);
});
afterAll(() => generated.dispose());

let fixture: { root: string; dispose: () => void };
beforeEach(() => {
  fixture = copyRoot(generated.root);
});
afterEach(() => fixture.dispose());

function snapshotOutput(root: string): Record<string, string> {
  const files = ["packages/shop/src/client.gen.ts", "packages/shop/src/schema.gen.ts", "mocks/src/shop/handlers.gen.ts"];
  return Object.fromEntries(files.map((f) => [f, readFileSync(path.join(root, f), "utf8")]));
}

describe.each(breakages)("$name", ({ edit, want }) => {
  it("is reported with file, line and rule, and nothing is written", async () => {
    const before = snapshotOutput(fixture.root);
    const specPath = path.join(fixture.root, SPEC);
    writeFileSync(specPath, edit(readFileSync(specPath, "utf8")));
    // The spec also changes something that would alter the output, had generation gone ahead.
    const error = await generate(fixture.root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const problem = (error as SpecError).problems.find((p) => want.rule.test(p.rule));
    expect(problem, (error as Error).message).toBeDefined();
    expect(problem).toMatchObject({ file: want.file, line: want.line });
    expect(problem?.message).toMatch(want.message);
    expect(snapshotOutput(fixture.root)).toEqual(before);
  });

  it("makes `mpkit generate` exit 1 with file:line on stderr", async () => {
    const specPath = path.join(fixture.root, SPEC);
    writeFileSync(specPath, edit(readFileSync(specPath, "utf8")));
    const result = await mpkit(fixture.root, "generate", "--no-docs");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${want.file}:${want.line}:`);
    expect(result.stderr).toMatch(/nothing was written/);
  });
});

describe("the mpkit binary", () => {
  it("exits 1 on a broken spec, with file:line and the verdict on stderr and nothing on stdout", async () => {
    const specPath = path.join(fixture.root, SPEC);
    writeFileSync(specPath, breakages[0]!.edit(readFileSync(specPath, "utf8")));
    const result = await run(process.execPath, [bin, "generate", "--no-docs"], {
      cwd: fixture.root,
      env: { ...process.env, MPKIT_ROOT: fixture.root },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect("code" in result ? result.code : 0).toBe(1);
    expect(result.stderr).toMatch(/^specs\/shop\/openapi\.yaml:25:\d+ {2}error {2}yaml-syntax {2}/m);
    expect(result.stderr).toMatch(/^✗ 1 problem\(s\) in the specs; nothing was written for shop \(its previous output is untouched\); generated: /m);
    expect(result.stdout).toBe("");
  }, 60_000);
});

const PAYMENTS = "specs/payments/openapi.yaml";
const clientExtensionBreakages: Breakage[] = [
  {
    name: "an idempotency identifier the request body does not have",
    edit: (s) => s.replace("x-mpkit-idempotent: { bodyField: captureIdentifier }", "x-mpkit-idempotent: { bodyField: captureId }"),
    want: { file: PAYMENTS, line: 80, rule: /mpkit-idempotent/, message: /the request body has no field "captureId"/ },
  },
  {
    name: "a retry policy whose retries exceed its own maximum",
    edit: (s) => s.replace("{ retries: 2, maxRetries: 4,", "{ retries: 5, maxRetries: 4,"),
    want: { file: PAYMENTS, line: 20, rule: /mpkit-client-defaults/, message: /retries \(5\) exceed maxRetries \(4\)/ },
  },
  {
    name: "a poll delay field the response does not have",
    edit: (s) => s.replace("delayField: pollDelayInMs,", "delayField: pollDelay,"),
    want: { file: PAYMENTS, line: 63, rule: /mpkit-poll/, message: /the response has no field "pollDelay"/ },
  },
  {
    name: "a rate limit counted per an input the operation does not have",
    edit: (s) => s.replace("      operationId: getPayment\n", "      operationId: getPayment\n      x-mpkit-rate-limit: { requests: 10, perSeconds: 60, per: [orderId] }\n"),
    want: { file: PAYMENTS, line: 59, rule: /mpkit-rate-limit/, message: /"orderId" in `per` is not a parameter/ },
  },
  {
    name: "a client-level flag on a path parameter",
    edit: (s) => s.replace("      in: path\n      required: true\n", "      in: path\n      required: true\n      x-mpkit-client-header: true\n"),
    want: { file: PAYMENTS, line: 154, rule: /mpkit-client-header/, message: /applies to headers only/ },
  },
];

describe.each(clientExtensionBreakages)("$name", ({ edit, want }) => {
  it("is reported with file, line and rule, and nothing is written", async () => {
    const specPath = path.join(fixture.root, want.file);
    const before = readFileSync(path.join(fixture.root, "packages/payments/src/client.gen.ts"), "utf8");
    const edited = edit(readFileSync(specPath, "utf8"));
    expect(edited).not.toBe(readFileSync(specPath, "utf8"));
    writeFileSync(specPath, edited);
    const error = await generate(fixture.root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const problem = (error as SpecError).problems.find((p) => want.rule.test(p.rule));
    expect(problem, (error as Error).message).toBeDefined();
    expect(problem).toMatchObject({ file: want.file, line: want.line });
    expect(problem?.message).toMatch(want.message);
    expect(readFileSync(path.join(fixture.root, "packages/payments/src/client.gen.ts"), "utf8")).toBe(before);
  });
});

describe("generation errors found after linting", () => {
  it("name the spec line of an input-name clash", async () => {
    const specPath = path.join(fixture.root, SPEC);
    const spec = readFileSync(specPath, "utf8").replace("        - name: limit\n", "        - name: body\n");
    writeFileSync(specPath, spec);
    const error = (await generate(fixture.root).catch((e: unknown) => e)) as SpecError;
    expect(error).toBeInstanceOf(SpecError);
    expect(error.problems[0]).toMatchObject({ file: SPEC, line: 29, rule: "mpkit-input-name-clash" });
  });
});

describe("mpkit lint", () => {
  const lint = (root: string) => mpkit(root, "lint");

  it("passes a clean corpus", async () => {
    expect(await lint(fixture.root)).toMatchObject({ code: 0, stdout: expect.stringContaining("0 problem(s)") });
  });

  it("fails on a warning too, printing file:line:col, severity and rule", async () => {
    // Make one rule a warning, then break it.
    const config = path.join(fixture.root, "redocly.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("rules:\n", "rules:\n  tag-description: warn\n"));
    const specPath = path.join(fixture.root, SPEC);
    writeFileSync(specPath, readFileSync(specPath, "utf8").replace("    description: Things that are sold.\n", ""));
    const result = await lint(fixture.root);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^specs\/shop\/openapi\.yaml:\d+:\d+ {2}warning {2}tag-description {2}/m);
    expect(result.stdout).toContain("1 problem(s)");
  });
});
