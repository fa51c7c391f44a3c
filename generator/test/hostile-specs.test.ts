/**
 * The hostile-spec corpus: specs written to make the generator read outside the repository,
 * fetch from the network, exhaust memory, loop, or emit code that breaks or misbehaves. Run
 * in-process. Each refused spec stops with file:line and leaves the previous output exactly as
 * it was; the accepted one generates with warnings (file:line) and output that type-checks (its
 * files are snapshots in the corpus snapshot tree, so the snapshot suite's one `tsc` run covers
 * them) and behaves (the client is not a promise; `__proto__` is an operation like any other).
 *
 * Fixtures: `fixtures/hostile/base` is a small valid project; each folder under
 * `fixtures/hostile/refused` replaces its `specs/hostile/` (`__HTTP__` and `__OUTSIDE__` are
 * filled in with a local server that counts requests and a folder outside the project);
 * `fixtures/hostile/accepted/openapi.yaml` is the spec that generates with warnings.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpecError, type SpecProblem } from "../src/load/load-spec.js";
import { aliasExpansionProblem } from "../src/load/yaml-limits.js";
import type { Model } from "../src/model/model.js";
import { generate, type GenerateResult } from "../src/pipeline.js";
import { here, repoRoot, snapshotRoot } from "./helpers.js";
import { safeLoad } from "yaml-ast-parser";

const HOSTILE = path.join(here, "fixtures", "hostile");
const SPEC = "specs/hostile/openapi.yaml";

const temporary: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Every file under `packages/` and `mocks/` of a project, with its contents. */
function outputOf(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else files[child] = readFileSync(path.join(root, child), "utf8");
    }
  };
  for (const top of ["packages", "mocks"]) if (statSync(path.join(root, top), { throwIfNoEntry: false })) walk(top);
  return files;
}

let requests = 0;
let server: Server;
let http = "";
let outside = "";
/** The base project, generated once: the "previous output" every refused case must leave alone. */
let generatedBase = "";

beforeAll(async () => {
  server = createServer((_request, response) => {
    requests += 1;
    response.setHeader("content-type", "application/yaml");
    response.end("type: string\ndescription: fetched from the network\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  http = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  outside = tempDir("mpkit-outside-");
  writeFileSync(path.join(outside, "name.yaml"), "type: string\ndescription: read from outside the repository\n");
  generatedBase = tempDir("mpkit-hostile-");
  cpSync(path.join(HOSTILE, "base"), generatedBase, { recursive: true });
  await generate(generatedBase);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the generated base project with `refused/<name>` as its spec folder. */
function project(name: string | undefined, setup?: (specDir: string) => void): string {
  const root = tempDir("mpkit-hostile-");
  cpSync(generatedBase, root, { recursive: true });
  const specDir = path.join(root, "specs", "hostile");
  // A case may be all setup (a folder of its own would hold nothing, and git keeps no empty folder).
  if (name !== undefined && existsSync(path.join(HOSTILE, "refused", name))) {
    const from = path.join(HOSTILE, "refused", name);
    for (const file of readdirSync(from)) {
      // latin1 round-trips every byte, so a fixture that is not UTF-8 stays as it is.
      const text = readFileSync(path.join(from, file), "latin1").replaceAll("__HTTP__", http).replaceAll("__OUTSIDE__", outside);
      writeFileSync(path.join(specDir, file), Buffer.from(text, "latin1"));
    }
  }
  setup?.(specDir);
  return root;
}

interface Refusal {
  name: string;
  why: string;
  setup?: (specDir: string) => void;
  want: { file: string; line: number; rule: string; message: RegExp };
}

const OUTSIDE_REPO = /is outside the repository \(the folder holding redocly\.yaml\)/;
const URL_REFUSED = /is a URL: mpkit never fetches references/;

const refusals: Refusal[] = [
  // Item 7: references that leave the repository.
  { name: "ref-http", why: "a $ref to an http:// URL", want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: URL_REFUSED } },
  {
    name: "ref-http-in-extension",
    why: "a $ref to a URL inside an x- extension",
    want: { file: SPEC, line: 6, rule: "no-unresolved-refs", message: URL_REFUSED },
  },
  {
    name: "ref-http-in-example",
    why: "a $ref to a URL inside an example value (data to the linter, a reference to openapi-typescript)",
    want: { file: SPEC, line: 26, rule: "mpkit-ref-outside-repo", message: /\$ref http:\/\/127\.0\.0\.1:\d+\/example\.yaml was not inlined/ },
  },
  {
    name: "external-value-http",
    why: "an example's externalValue naming a URL",
    want: { file: SPEC, line: 28, rule: "bundler", message: URL_REFUSED },
  },
  { name: "ref-file-url", why: "a $ref to a file:// URL", want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: URL_REFUSED } },
  {
    name: "ref-absolute-path",
    why: "a $ref to an absolute path outside the repository",
    want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: OUTSIDE_REPO },
  },
  {
    name: "ref-relative-escape",
    why: "a $ref climbing out of the repository with ../",
    want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: OUTSIDE_REPO },
  },
  {
    name: "ref-url-encoded-traversal",
    why: "a $ref climbing out with URL-encoded dots (taken literally: a file that does not exist)",
    want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: /specs\/hostile\/%2e%2e\/%2e%2e\/%2e%2e\/name\.yaml does not exist/ },
  },
  {
    name: "ref-symlink-file",
    why: "a $ref to a symbolic link whose target is outside the repository",
    setup: (dir) => symlinkSync(path.join(outside, "name.yaml"), path.join(dir, "linked.yaml")),
    want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: /specs\/hostile\/linked\.yaml is a symbolic link .* outside the repository/ },
  },
  {
    name: "ref-symlink-folder",
    why: "a $ref into a symbolically linked folder outside the repository",
    setup: (dir) => symlinkSync(outside, path.join(dir, "lib")),
    want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: /specs\/hostile\/lib\/name\.yaml is a symbolic link .* outside the repository/ },
  },
  {
    name: "root-spec-symlink",
    why: "a root spec that is a symbolic link to a file outside the repository",
    setup: (dir) => {
      cpSync(path.join(dir, "openapi.yaml"), path.join(outside, "spec.yaml"));
      rmSync(path.join(dir, "openapi.yaml"));
      symlinkSync(path.join(outside, "spec.yaml"), path.join(dir, "openapi.yaml"));
    },
    want: { file: SPEC, line: 1, rule: "mpkit-ref-outside-repo", message: /symbolic link .* outside the repository/ },
  },
  {
    name: "ref-huge-file",
    why: "a $ref to a file larger than 10 MB",
    setup: (dir) => writeFileSync(path.join(dir, "huge.yaml"), `type: string\ndescription: ${"x".repeat(11 * 1024 * 1024)}\n`),
    want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: /specs\/hostile\/huge\.yaml is \d+ bytes, more than a spec file may be/ },
  },
  { name: "ref-folder", why: "a $ref to a folder", want: { file: SPEC, line: 34, rule: "no-unresolved-refs", message: /specs\/hostile is a folder/ } },
  // Item 8: YAML that expands without bound.
  {
    name: "alias-bomb",
    why: "a YAML alias bomb at the spec root (72 aliases, 9^9 nodes)",
    want: { file: SPEC, line: 10, rule: "yaml-alias-limit", message: /aliases expand to more than 10000 nodes \(this alias, \*d,/ },
  },
  {
    name: "alias-bomb-in-referenced-file",
    why: "an alias bomb in a file the spec refers to",
    want: { file: "specs/hostile/name.yaml", line: 6, rule: "no-unresolved-refs", message: /Failed to parse: aliases expand to more than 10000 nodes/ },
  },
  {
    name: "recursive-alias",
    why: "an alias inside the node it names",
    want: { file: SPEC, line: 6, rule: "yaml-alias-limit", message: /alias \*loop refers to a node that contains it/ },
  },
  { name: "deep-nesting", why: "200 levels of nesting", want: { file: SPEC, line: 6, rule: "yaml-syntax", message: /nesting exceeded maxDepth/ } },
  { name: "duplicate-key", why: "a duplicate key", want: { file: SPEC, line: 4, rule: "yaml-syntax", message: /duplicated mapping key/ } },
  { name: "not-utf8", why: "a byte that is not UTF-8", want: { file: SPEC, line: 18, rule: "mpkit-encoding", message: /not UTF-8/ } },
  { name: "empty-file", why: "an empty spec", want: { file: SPEC, line: 1, rule: "mpkit-spec-shape", message: /the spec is empty/ } },
  // Loops of references.
  {
    name: "ref-cycle",
    why: "schemas that are only $refs to each other",
    want: { file: SPEC, line: 34, rule: "mpkit-ref-cycle", message: /Loop1 → #\/components\/schemas\/Loop2 → #\/components\/schemas\/Loop1/ },
  },
  {
    name: "paths-ref-cycle",
    why: "`paths` that is a $ref to itself",
    want: { file: SPEC, line: 14, rule: "mpkit-ref-cycle", message: /#\/paths → #\/paths/ },
  },
  // Names.
  {
    name: "operation-id-with-quotes",
    why: "an operationId with quotes, a backtick and ${",
    want: { file: SPEC, line: 16, rule: "operation-operationId-url-safe", message: /URL invalid characters/ },
  },
  {
    name: "renamed-method-clash",
    why: "operations `then` and `then_`, which the renaming would give one method",
    want: { file: SPEC, line: 29, rule: "mpkit-operation-id-clash", message: /operationId "then" \(.*\) and operationId "then_" \(.*\) would both be the client method then_\(\)/ },
  },
];

describe("a hostile spec that is refused", () => {
  it.each(refusals)("$name ($why): stops with file:line and leaves the previous output untouched", async ({ name, setup, want }) => {
    const root = project(name, setup);
    const before = outputOf(root);
    // CPU time, not wall time: what the refusal costs, however busy the machine is.
    const started = process.cpuUsage();
    const error = await generate(root).catch((e: unknown) => e);
    const spent = process.cpuUsage(started);
    const elapsed = (spent.user + spent.system) / 1000;
    expect(error, String(error)).toBeInstanceOf(SpecError);
    const problems = (error as SpecError).problems;
    const problem = problems.find((p: SpecProblem) => p.rule === want.rule && p.file === want.file);
    expect(problem, (error as Error).message).toBeDefined();
    expect(problem).toMatchObject({ file: want.file, line: want.line, severity: "error" });
    expect(problem?.message).toMatch(want.message);
    // No message shows the machine's own paths.
    for (const p of problems) expect(p.message).not.toContain(root);
    expect(outputOf(root)).toEqual(before);
    if (name.startsWith("alias-bomb")) expect(elapsed).toBeLessThan(1000);
  });

  it("fetched nothing from the network", () => {
    expect(requests).toBe(0);
  });
});

describe("the alias expansion limit", () => {
  it("counts the nodes aliases expand to, not the aliases", () => {
    // 8 aliases of a 3-item list: 32 nodes; 2 levels of 8 × 8 aliases: 64 × 4 + 8 nodes.
    const few = "a: &a [1, 2, 3]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n";
    expect(aliasExpansionProblem(safeLoad(few) as never, 32)).toBeUndefined();
    expect(aliasExpansionProblem(safeLoad(few) as never, 31)).toMatchObject({ rule: "yaml-alias-limit" });
    const nested = `a: &a [1, 2, 3]\nb: &b [${Array(8).fill("*a").join(", ")}]\nc: [${Array(8).fill("*b").join(", ")}]\n`;
    // 8 aliases under b (32 nodes) + 8 aliases of b (8 × 33 nodes).
    expect(aliasExpansionProblem(safeLoad(nested) as never, 32 + 8 * 33)).toBeUndefined();
    const over = aliasExpansionProblem(safeLoad(nested) as never, 32 + 8 * 33 - 1);
    // The alias at which the count goes over: the last *b, on line 3.
    expect(over?.offset).toBe(nested.lastIndexOf("*b"));
  });
});

describe("a hostile spec that is generated with warnings", () => {
  let root = "";
  let result: GenerateResult;
  let model: Model;

  beforeAll(async () => {
    root = project(undefined, (dir) => cpSync(path.join(HOSTILE, "accepted", "openapi.yaml"), path.join(dir, "openapi.yaml")));
    result = await generate(root);
    model = result.model;
    // So that the generated client can be imported: @mpkit/core and openapi-fetch from the repository.
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
  });

  /** The examples of an operation's first response, in the model. */
  function examples(operationId: string): unknown[] {
    return model.products[0]!.operations.find((op) => op.operationId === operationId)!.responses[0]!.examples;
  }

  function warning(rule: string, line: number): SpecProblem | undefined {
    return result.warnings.find((w) => w.rule === rule && w.line === line);
  }

  it("renames reserved operation ids with a trailing _ and warns with file:line", () => {
    for (const [id, line] of [["then", 60], ["__proto__", 78], ["constructor", 89], ["toString", 100], ["poll", 157]] as const) {
      const found = warning("mpkit-reserved-operation-id", line);
      expect(found, JSON.stringify(result.warnings)).toMatchObject({ file: SPEC, severity: "warn" });
      expect(found?.message).toContain(`the client method is ${id}_()`);
    }
  });

  it("stops sampled recursion at a valid point: an empty list, an optional property left out", async () => {
    expect(examples("listTrees")).toEqual([{ name: "sampled", value: { name: "string", children: [] } }]);
    expect(examples("getPair")).toEqual([{ name: "sampled", value: { b: {} } }]);
  });

  it("leaves out an example no valid value exists for, and warns with file:line", async () => {
    expect(warning("mpkit-sampled-example", 54)?.message).toMatch(/no example could be sampled that is valid against the schema/);
    expect(examples("getKnot")).toEqual([]);
  });

  it("samples no example that would be enormous (a 300 MB string, 30 million items, a $ref fan-out), and warns", () => {
    for (const [operationId, line, asks] of [
      ["getHuge", 119, /a string of at least 300000000 characters/],
      ["getMany", 137, /a list of at least 30000000 items/],
      ["getFanOut", 151, /more than 10000 values/],
    ] as const) {
      expect(warning("mpkit-sampled-example", line)?.message, operationId).toMatch(asks);
      expect(examples(operationId)).toEqual([]);
    }
    expect(readFileSync(path.join(root, "mocks/src/hostile/mock.gen.js"), "utf8").length).toBeLessThan(50_000);
  });

  it("keeps every original id in the descriptor, __proto__ included, as an own entry", async () => {
    const { hostileProduct } = (await import(pathToFileURL(path.join(root, "packages/hostile/src/client.gen.ts")).href)) as {
      hostileProduct: { operations: Record<string, { path: string }> };
    };
    expect(Object.keys(hostileProduct.operations)).toEqual([
      ...["listTrees", "getPair", "getKnot", "then", "__proto__", "constructor", "toString"],
      ...["getHuge", "getMany", "getFanOut", "poll"],
    ]);
    expect(Object.getPrototypeOf(hostileProduct.operations)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(hostileProduct.operations, "__proto__")?.value.path).toBe("/proto");
  });

  it("makes a client that is not a promise: awaiting it sends nothing; its methods call the original ids", async () => {
    const { createHostileClient } = (await import(pathToFileURL(path.join(root, "packages/hostile/src/client.gen.ts")).href)) as {
      createHostileClient: (config: object) => Record<string, (input?: object) => Promise<unknown>>;
    };
    const sent: string[] = [];
    const client = createHostileClient({
      fetch: async (request: Request) => {
        sent.push(`${request.method} ${new URL(request.url).pathname}`);
        return new Response(null, { status: 204 });
      },
    });
    let resolved: unknown = "pending";
    void Promise.resolve(client).then((value) => (resolved = value));
    await new Promise((next) => setImmediate(next));
    expect(resolved).toBe(client);
    expect(sent).toEqual([]);
    expect("then" in client).toBe(false);
    expect(Object.getPrototypeOf(client)).toBe(Object.prototype);
    await client.then_!();
    await client.__proto___!();
    await client.constructor_!();
    await client.toString_!();
    await client.poll_!();
    expect(sent).toEqual(["GET /then", "GET /proto", "GET /constructor", "GET /to-string", "GET /poll"]);
    expect(String(client)).toBe("[object Object]");
  });

  it("looks operations up among the table's own entries only", async () => {
    const { hostileProduct } = (await import(pathToFileURL(path.join(root, "packages/hostile/src/client.gen.ts")).href)) as { hostileProduct: never };
    const { createProductRuntime } = await import("@mpkit/core");
    const runtime = createProductRuntime(hostileProduct, { fetch: async () => new Response(null, { status: 204 }) });
    await expect(runtime.call("hasOwnProperty", {}, {})).rejects.toThrow(/has no operation "hasOwnProperty"/);
    await expect(runtime.call("__proto__", {}, {})).resolves.toBeUndefined();
  });

  it("keeps the original ids in the docs: the method's comment names the spec's operation", () => {
    const client = readFileSync(path.join(root, "packages/hostile/src/client.gen.ts"), "utf8");
    expect(client).toContain("Operation `then` of the spec (renamed: an object must not carry that member).");
  });

  it("escapes spec text in comments: no */ ends a comment early", () => {
    for (const file of ["packages/hostile/src/client.gen.ts", "packages/hostile/src/schema.gen.ts", "mocks/src/hostile/handlers.gen.ts", "mocks/src/hostile/mock.gen.js"]) {
      const text = readFileSync(path.join(root, file), "utf8");
      for (const comment of text.match(/\/\*\*[\s\S]*?\*\//g) ?? []) expect(comment.slice(3, -2), file).not.toContain("*/");
    }
  });

  it.each([
    "packages/hostile/src/client.gen.ts",
    "packages/hostile/src/schema.gen.ts",
    "packages/hostile/src/index.ts",
    "mocks/src/hostile/handlers.gen.ts",
    "mocks/src/hostile/mock.gen.js",
    "mocks/src/hostile/mock.gen.d.ts",
  ])("%s matches its snapshot (type-checked by the snapshot suite)", async (file) => {
    await expect(readFileSync(path.join(root, file), "utf8")).toMatchFileSnapshot(path.join(snapshotRoot, file));
  });
});

describe("a huge enum", () => {
  it("generates, every value kept", async () => {
    const root = project(undefined, (dir) => {
      const values = Array.from({ length: 1000 }, (_, i) => `v${i}`);
      const spec = readFileSync(path.join(dir, "openapi.yaml"), "utf8").replace(
        "name: { type: string }",
        `name: { type: string, enum: [${values.join(", ")}] }`,
      );
      writeFileSync(path.join(dir, "openapi.yaml"), spec);
    });
    await generate(root);
    const types = readFileSync(path.join(root, "packages/hostile/src/schema.gen.ts"), "utf8");
    expect(types).toContain('"v0"');
    expect(types).toContain('"v999"');
  });
});
