/**
 * "Bring your own spec" (issue 16): the corpus `generator/test/fixtures/byo` holds small specs
 * as teams bring them (OpenAPI 3.0 and 3.1), one per problem, in ONE redocly.yaml whose APIs
 * relax exactly the lint rules their case needs. Everything runs once for the whole corpus:
 * lint, one generate (into generator/test/.work/byo), one `tsc` program (reporting on the generated
 * files; the repository's own code they import is the repository `tsc`'s), one esbuild
 * build of every client, a client call per operation against the generated mocks (combined as
 * `allHandlers` combines them, so products sharing a host are each routed to their own), one docs build.
 * One case, `broken-docs`, fails on purpose: the others are generated, and the docs build keeps
 * its pages from the previous site (`previous-site/`) as `mpkit generate` and `mpkit docs` do.
 * The runtime cases `specs/rt-*` (paths, bodies, parameter styles, servers, two products on one host)
 * check their client against the mocks in their `expect.ts`.
 *
 * A new case is a folder under `fixtures/byo/specs/` and an entry in its redocly.yaml; the
 * generic checks pick it up. Its own expectations go in `specs/<case>/expect.ts` (a default export
 * taking a `CaseContext`), or in the "cases" block below.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run.js";
import { buildDocsSite } from "../src/docs/build-docs.js";
import { sampleInput } from "../src/docs/samples.js";
import { formatProblem, type SpecProblem } from "../src/load/load-spec.js";
import type { Model, ProductModel } from "../src/model/model.js";
import { buildModel, emitAll } from "../src/pipeline.js";
import { here, repoRoot } from "./helpers.js";

const byoRoot = path.join(here, "fixtures", "byo");
/** The case that fails on purpose (its docs pages come from the previous site). */
const BROKEN = "broken-docs";
const out = path.join(here, ".work", "byo");
const rel = (to: string) => path.relative(out, to).split(path.sep).join("/");

export type Client = Record<string, (input?: unknown, options?: unknown) => Promise<unknown>>;
interface Loaded {
  product: ProductModel;
  client: Client;
  create: (config: Record<string, unknown>) => Client;
  handlers: unknown[];
  /** Where the mocks of a product without `servers` are mounted (and its default client points). */
  mockBaseUrl?: string;
}

let model: Model;
let lint: Map<string, SpecProblem[]>;
const loaded = new Map<string, Loaded>();
/** Every request the mocks saw (`request` is a clone, so its body can still be read). */
const seen: { product: string; method: string; url: string; headers: Record<string, string>; request: Request }[] = [];
const server = setupServer();
const timings: Record<string, number> = {};
const timed = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[stage] = Math.round(performance.now() - started);
  }
};

/** Credentials for every scheme of a product: a key, a basic pair, a token or a digest answer. */
function credentialsOf(product: ProductModel): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(product.securitySchemes).map(([name, scheme]) => [
      name,
      scheme.type === "http" && scheme.scheme === "basic"
        ? { username: "u", password: "p" }
        : scheme.type === "http" && scheme.scheme === "digest"
          ? 'username="u", realm="r", nonce="n", uri="/", response="0123456789abcdef"'
          : "k",
    ]),
  );
}

beforeAll(async () => {
  process.env.REDOCLY_TELEMETRY ??= "off";
  // Lint runs inside generate (load = lint + bundle, with each API's relaxations): lint errors
  // would fail the build, its warnings come back with the product's warnings.
  model = await timed("generate", async () => {
    const m = await buildModel(byoRoot, { partial: true });
    lint = new Map(m.products.map((p) => [p.name, p.warnings.filter((w) => !w.rule.startsWith("mpkit-"))]));
    for (const f of m.failed ?? []) lint.set(f.name, [...f.problems]);
    rmSync(out, { recursive: true, force: true });
    for (const f of await emitAll(m)) {
      mkdirSync(path.dirname(path.join(out, f.path)), { recursive: true });
      writeFileSync(path.join(out, f.path), f.contents);
    }
    return m;
  });
  // The generated mocks import `../runtime/index.js`: the real runtime.
  mkdirSync(path.join(out, "mocks", "src", "runtime"), { recursive: true });
  const runtime = path.relative(path.join(out, "mocks", "src", "runtime"), path.join(repoRoot, "mocks", "src", "runtime", "index.js")).split(path.sep).join("/");
  writeFileSync(path.join(out, "mocks", "src", "runtime", "index.ts"), `export * from ${JSON.stringify(runtime)};\n`);
  // And the per-product entries import `../setup-node.js` / `../setup-browser.js`: the real ones too.
  for (const setup of ["setup-node", "setup-browser"]) {
    const target = path.relative(path.join(out, "mocks", "src"), path.join(repoRoot, "mocks", "src", `${setup}.js`)).split(path.sep).join("/");
    writeFileSync(path.join(out, "mocks", "src", `${setup}.ts`), `export * from ${JSON.stringify(target.startsWith(".") ? target : `./${target}`)};\n`);
  }
  for (const product of model.products) {
    const clientModule = (await import(pathToFileURL(path.join(out, "packages", product.name, "src", "index.ts")).href)) as Record<string, unknown>;
    const mocks = (await import(pathToFileURL(path.join(out, "mocks", "src", product.name, "handlers.gen.ts")).href)) as Record<string, unknown>;
    const create = clientModule[`create${product.pascalName}Client`] as (config: unknown) => Client;
    const mockBaseUrl = product.environments.length === 0 ? `https://${product.name}.no-servers.test` : undefined;
    const handlers = (mocks[`${product.camelName}Handlers`] as (o?: unknown) => unknown[])({ stateful: false, ...(mockBaseUrl ? { baseUrl: mockBaseUrl } : {}) });
    const client = create({ credentials: credentialsOf(product), retries: 0, ...(mockBaseUrl ? { baseUrl: mockBaseUrl } : {}) });
    loaded.set(product.name, { product, handlers, client, create, ...(mockBaseUrl ? { mockBaseUrl } : {}) });
  }
  // As the generated `allHandlers` does: products sharing a host are routed by their own routers.
  // (The runtime through the corpus's own shim, so it is the instance the generated mocks register with.)
  const shim = (await import(pathToFileURL(path.join(out, "mocks", "src", "runtime", "index.ts")).href)) as { combineHandlers: (h: unknown[]) => unknown[] };
  const handlers = shim.combineHandlers([...loaded.values()].flatMap((l) => l.handlers));
  // Anything no mock answers gets a 599, so a case can tell "not matched" from a refusal.
  server.use(...(handlers as Parameters<typeof server.use>), http.all("*", () => new HttpResponse("no mock answered", { status: 599 })));
  server.events.on("request:start", ({ request }) => {
    const product = [...loaded.values()].find((l) => request.url.startsWith(l.product.environments[0]?.url ?? "\0"))?.product.name ?? "?";
    seen.push({ product, method: request.method, url: request.url, headers: Object.fromEntries(request.headers), request: request.clone() });
  });
  server.listen({ onUnhandledRequest: "error" });
}, 120_000);

afterAll(() => {
  server.close();
  rmSync(out, { recursive: true, force: true });
  // Stage times, for the suite's budget (issue 16: at most 15 s of `npm test`).
  console.info(`byo corpus stages (ms): ${JSON.stringify(timings)}`);
});

/**
 * A module that fails to compile when some product's `<P>OperationInputs`/`<P>OperationResults`
 * member differs from `OperationInput`/`OperationResult` of `@mpkit/core` for that operation.
 */
function resolvedTypeChecks(m: Model): string {
  const lines = [
    'import type { InputRenames, OperationInput, OperationResult } from "@mpkit/core";',
    "type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;",
    "type FilledOf<F, K> = K extends keyof F ? Extract<F[K], string> : never;",
    "type RenamesOf<R, K> = K extends keyof R ? (R[K] extends InputRenames ? R[K] : {}) : {};",
    "type Mismatches<Ops, Inputs, Results, Filled, Renames> = {",
    "  [K in keyof Inputs]: K extends keyof Ops & keyof Results",
    "    ? Same<Inputs[K], OperationInput<Ops[K], FilledOf<Filled, K>, RenamesOf<Renames, K>>> extends true",
    "      ? (Same<Results[K], OperationResult<Ops[K]>> extends true ? never : K)",
    "      : K",
    "    : K;",
    "}[keyof Inputs];",
    "type None<T extends never> = T;",
  ];
  m.products.forEach((p, i) => {
    const P = p.pascalName;
    const client = readFileSync(path.join(out, "packages", p.name, "src", "client.gen.ts"), "utf8");
    const renames = client.includes(`export type ${P}InputRenames =`) ? `P${i}.${P}InputRenames` : "{}";
    lines.push(
      `import type * as P${i} from ${JSON.stringify(`@mpkit/${p.name}`)};`,
      `export type Check${i} = None<Mismatches<P${i}.operations, P${i}.${P}OperationInputs, P${i}.${P}OperationResults, P${i}.${P}FilledHeaders, ${renames}>>;`,
    );
  });
  return lines.join("\n") + "\n";
}

const warningsOf = (name: string) => model.products.find((p) => p.name === name)!.warnings;
const productOf = (name: string) => model.products.find((p) => p.name === name)!;

describe("the bring-your-own-spec corpus", () => {
  it("lints every spec with its relaxations: no errors, warnings only where a case relaxed a rule to warn", () => {
    expect(lint.size).toBeGreaterThan(10);
    const errors = [...lint.entries()].filter(([name]) => name !== BROKEN).flatMap(([, problems]) => problems).filter((p) => p.severity === "error");
    expect(errors.map(formatProblem)).toEqual([]);
    const warned = [...lint.entries()].filter(([name, problems]) => name !== BROKEN && problems.length > 0).map(([name]) => name);
    expect(warned).toEqual(["lint-warnings"]);
  });

  it("generates every product in one run (warnings printed, never blocking), all but the one broken on purpose", () => {
    expect(model.failed?.map((f) => f.name)).toEqual([BROKEN]);
    expect(model.failed![0]!.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^specs\/broken-docs\/openapi\.yaml:13:\d+ {2}error {2}mpkit-method-name {2}getStatus: x-mpkit-method-name must be a JavaScript identifier/),
    ]);
    expect(model.products.map((p) => p.name).sort()).toEqual([...lint.keys()].filter((name) => name !== BROKEN).sort());
    expect(warningsOf("lint-warnings").map((w) => w.rule)).toEqual(["operation-summary", "operation-4xx-response"]);
  });

  it("type-checks all generated code as one tsc program", async () => {
    const diagnostics = await timed("tsc", () => {
      const products = model.products.map((p) => p.name);
      const config = {
        extends: rel(path.join(repoRoot, "tsconfig.base.json")),
        compilerOptions: {
          noEmit: true,
          baseUrl: ".",
          paths: {
            // This corpus, then the repository's packages (@mpkit/core).
            "@mpkit/*": ["./packages/*/src/index.ts", `${rel(repoRoot)}/packages/*/src/index.ts`],
          },
        },
        include: ["packages/*/src", "mocks/src", "checks"],
      };
      expect(products.length).toBeGreaterThan(0);
      // The written-out input and result types of every operation equal what the generic helpers compute.
      mkdirSync(path.join(out, "checks"), { recursive: true });
      writeFileSync(path.join(out, "checks", "resolved-types.ts"), resolvedTypeChecks(model));
      writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify(config, null, 2));
      const parsed = ts.getParsedCommandLineOfConfigFile(path.join(out, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
      const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
      // The diagnostics of the generated files (and the checks): the repository's packages/core
      // and mocks runtime they import are type-checked, with the same tsconfig.base.json, by the
      // repository's one `tsc` (test/repository.test.ts); checking their bodies again here was
      // a quarter of this program's CPU. Their declarations are still what the corpus compiles against.
      const ours = program.getSourceFiles().filter((sf) => !path.relative(out, sf.fileName).startsWith(".."));
      expect(ours.length).toBeGreaterThan(products.length);
      const diagnostics = [
        ...parsed.errors,
        ...program.getOptionsDiagnostics(),
        ...program.getGlobalDiagnostics(),
        ...ours.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
      ];
      return diagnostics.map((d) => ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => out, getNewLine: () => "\n" }));
    });
    expect(diagnostics).toEqual([]);
  }, 120_000);

  it("builds every client (one esbuild run)", async () => {
    const result = await timed("build", () =>
      build({
        entryPoints: model.products.map((p) => path.join(out, "packages", p.name, "src", "index.ts")),
        bundle: true,
        write: false,
        outdir: path.join(out, "dist"),
        format: "esm",
        platform: "neutral",
        conditions: ["mpkit-source"],
        mainFields: ["module", "main"],
        logLevel: "silent",
      }),
    );
    expect(result.errors).toEqual([]);
    expect(result.outputFiles.length).toBe(model.products.length);
  });

  it("calls every operation of every product through its client against the generated mocks", async () => {
    await timed("calls", async () => {
      for (const { product, client } of loaded.values()) {
        for (const op of product.operations) {
          const method = client[op.methodName];
          expect(method, `${product.name}.${op.methodName}`).toBeTypeOf("function");
          await expect(method!(sampleInput(product, op)), `${product.name}.${op.operationId}`).resolves.not.toThrow();
        }
      }
    });
  });

  it("builds the docs site once, with a page per product; the broken product's previous pages are kept, the others rebuilt", async () => {
    // The previous site: pages of the broken product and an outdated page of another.
    const site = path.join(out, "site");
    cpSync(path.join(byoRoot, "previous-site"), site, { recursive: true });
    const previous = (file: string) => readFileSync(path.join(byoRoot, "previous-site", file), "utf8");
    // As `mpkit generate` and `mpkit docs` call it: the failed products' pages are kept.
    const pages = await timed("docs", () => buildDocsSite(out, { model, clientsFrom: out, outDir: "site", keep: model.failed!.map((f) => f.name) }));
    for (const p of model.products) expect(pages, p.name).toContain(`${p.name}/index.html`);
    expect(pages).not.toContain(`${BROKEN}/index.html`);
    expect(readFileSync(path.join(site, BROKEN, "index.html"), "utf8")).toBe(previous(`${BROKEN}/index.html`));
    expect(readFileSync(path.join(site, BROKEN, "guide.html"), "utf8")).toBe(previous(`${BROKEN}/guide.html`));
    const rebuilt = readFileSync(path.join(site, "odd-ids", "index.html"), "utf8");
    expect(rebuilt).not.toBe(previous("odd-ids/index.html"));
    expect(rebuilt).toContain('data-product="odd-ids"');
    expect(existsSync(path.join(site, "odd-ids", "spec.js"))).toBe(true);
  }, 120_000);
});

describe("cases", () => {
  it("no-operation-id: method names derived from method and path, overridable, with a warning each", async () => {
    const p = productOf("no-operation-id");
    expect(p.operations.map((o) => [o.operationId, o.methodName])).toEqual([
      ["getWidgets", "getWidgets"],
      ["getWidgetsByWidgetIdParts", "getWidgetsByWidgetIdParts"],
      ["postItemsSearch", "searchItems"],
    ]);
    expect(p.warnings.map((w) => `${w.line} ${w.rule}`)).toEqual(["11 mpkit-operation-id", "25 mpkit-operation-id", "44 mpkit-operation-id"]);
    const { client } = loaded.get("no-operation-id")!;
    expect(await client.searchItems!({ body: { q: "bolt" } })).toEqual([{ id: "w1", name: "Bolt" }]);
    expect(await client.getWidgetsByWidgetIdParts!({ "widget-id": "w 1" })).toEqual(["nut"]);
  });

  it("odd-ids: camelCase methods, the spec's id kept in descriptors and docs", async () => {
    const p = productOf("odd-ids");
    expect(p.operations.map((o) => [o.operationId, o.methodName])).toEqual([
      ["list-widgets-v2", "listWidgetsV2"],
      ["2ndCreateWidget", "op2ndCreateWidget"],
      ["find pet by id", "findPetById"],
    ]);
    const { client } = loaded.get("odd-ids")!;
    expect(await client.findPetById!({ id: 7 })).toEqual({ id: 7 });
    expect(seen.at(-1)?.headers["x-api-key"]).toBe("k");
  });

  it("cookies-clash: cookies sent in one Cookie header and checked by the mock; the query `id` is `queryId`; digest credentials sent as given", async () => {
    const p = productOf("cookies-clash");
    expect(p.operations[0]!.parameters.map((x) => [x.in, x.name, x.inputName])).toEqual([
      ["path", "id", undefined],
      ["query", "id", "queryId"],
      ["cookie", "session", undefined],
      ["cookie", "theme", undefined],
    ]);
    expect(p.warnings.map((w) => w.rule)).toEqual(["mpkit-security-scheme"]);
    const { client } = loaded.get("cookies-clash")!;
    expect(await client.getOrder!({ id: "o1", queryId: 42, session: "s 1", theme: "dark" })).toEqual({ id: "o1" });
    const sent = seen.at(-1)!;
    expect(sent.url).toBe("https://cookies.test/orders/o1?id=42");
    expect(sent.headers.cookie).toBe("session=s%201; theme=dark");
    expect(sent.headers.authorization).toMatch(/^Digest username="u"/);
    // The mock reads the cookies: a wrong value and a missing one are refused.
    await expect(client.getOrder!({ id: "o1", queryId: 42, session: "s", theme: "blue" })).rejects.toMatchObject({ status: 400 });
    await expect(client.getOrder!({ id: "o1", queryId: 42 })).rejects.toMatchObject({ status: 400 });
  });

  it("callbacks-links: the callback payload is typed and exported like a webhook's; links are reported", async () => {
    const p = productOf("callbacks-links");
    expect(p.callbacks?.map((c) => c.name)).toEqual(["subscribe.onEvent"]);
    expect(p.warnings.map((w) => `${w.line} ${w.rule}`)).toEqual(["35 mpkit-unsupported"]);
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(path.join(out, "packages", "callbacks-links", "src", "client.gen.ts"), "utf8")).toContain("export type SubscribeOnEventPayload = ");
  });

  it("bad-example: bad examples are reported against the spec line and left out of the mocks", async () => {
    const p = productOf("bad-example");
    expect(p.warnings.map((w) => `${w.line} ${w.rule}`)).toEqual(["27 mpkit-invalid-example", "29 mpkit-invalid-example"]);
    expect(p.operations[0]!.responses[0]!.examples.map((e) => e.name)).toEqual(["good"]);
  });

  it("oas30-keywords: 3.0 keywords are translated for the mocks' validator (no 500), and still enforced", async () => {
    const { client } = loaded.get("oas30-keywords")!;
    const reading = { value: 5, note: null, level: null, tags: null };
    await expect(client.addReading!({ body: reading })).resolves.toBeDefined();
    await expect(client.addReading!({ body: { ...reading, value: 0 } })).rejects.toMatchObject({ status: 400 });
    await expect(client.addReading!({ body: { ...reading, value: 100 } })).rejects.toMatchObject({ status: 400 });
    // nullable beside allOf (anyOf with null) and beside enum (null added to the enum)
    await expect(client.addReading!({ body: { ...reading, owner: null, mode: null } })).resolves.toBeDefined();
    await expect(client.addReading!({ body: { ...reading, owner: { name: "Ann" }, mode: "fast" } })).resolves.toBeDefined();
    await expect(client.addReading!({ body: { ...reading, owner: {}, mode: "fast" } })).rejects.toMatchObject({ status: 400 });
    await expect(client.addReading!({ body: { ...reading, mode: "other" } })).rejects.toMatchObject({ status: 400 });
  });

  it("unsupported: every feature the clients or mocks do not act on is a warning at its line, none ignored silently", () => {
    const warnings = productOf("unsupported").warnings.map((w) => `${w.line} ${w.rule} ${w.message}`);
    expect(warnings).toEqual([
      expect.stringMatching(/^17 mpkit-unsupported parameter "filter": allowReserved is not honoured/),
      expect.stringMatching(/^23 mpkit-unsupported response 200 header "X-Total-Count" is typed and documented only/),
      expect.stringMatching(/^26 mpkit-unsupported response 200 of GET \/notes offers application\/json, text\/csv: the mocks answer with application\/json only/),
      expect.stringMatching(/^51 mpkit-unsupported multipart\/form-data field "text": per-part headers \(X-Part-Id\) are not sent/),
      expect.stringMatching(/^54 mpkit-unsupported POST \/notes answers JSON \(201\) and text\/plain \(202\): the client reads every 2xx answer as JSON/),
      expect.stringMatching(/^77 mpkit-unsupported response 200 of GET \/notes\/export is multipart\/mixed: the client returns it as a Blob/),
      expect.stringMatching(/^90 mpkit-unsupported readOnly is not honoured/),
      expect.stringMatching(/^94 mpkit-unsupported writeOnly is not honoured/),
    ]);
    // A spec using none of them gets none of these warnings.
    expect(productOf("odd-ids").warnings.filter((w) => w.rule === "mpkit-unsupported")).toEqual([]);
  });

  it("large-30: thirty operations of varied shapes", () => {
    expect(productOf("large-30").operations.length).toBe(30);
  });
});

/**
 * What a case's own `specs/<case>/expect.ts` receives: its default export runs as one test, after
 * the generic checks (so a new case needs no edit to this file).
 */
export interface CaseContext {
  product: ProductModel;
  /** The case's client, made with a credential for every scheme (`retries: 0`). */
  client: Client;
  /** A client made with exactly this config (no credentials, retries or baseUrl added), of this case or of `name`. */
  createClient: (config?: Record<string, unknown>, name?: string) => Client;
  /** Every request the mocks have seen so far: the last one is the case's latest call. */
  seen: typeof seen;
  /** Where the generated files are (`packages/<case>/src/…`, `mocks/src/<case>/…`). */
  out: string;
  /** For a spec without `servers`: where its mocks are mounted (its `client` uses it as baseUrl). */
  mockBaseUrl?: string;
}

const withExpectations = readdirSync(path.join(byoRoot, "specs")).filter((name) => existsSync(path.join(byoRoot, "specs", name, "expect.ts")));
describe.runIf(withExpectations.length > 0)("case expectations (specs/<case>/expect.ts)", () => {
  it.each(withExpectations)("%s", async (name) => {
    const check = (await import(pathToFileURL(path.join(byoRoot, "specs", name, "expect.ts")).href)) as { default: (ctx: CaseContext) => Promise<void> | void };
    const { product, client, mockBaseUrl } = loaded.get(name)!;
    const createClient = (config: Record<string, unknown> = {}, of = name) => loaded.get(of)!.create(config);
    await check.default({ product, client, createClient, seen, out, ...(mockBaseUrl ? { mockBaseUrl } : {}) });
  });
});

describe("one product's problems never block the others", () => {
  /** Two small cases of the corpus in a project of their own, run through the CLI in-process. */
  const root = path.join(here, ".work", "byo-cli");
  const mpkit = async (...argv: string[]) => {
    const io = { stdout: [] as string[], stderr: [] as string[] };
    const code = await runCli(argv, { cwd: root, env: { ...process.env, MPKIT_CACHE: "off" }, out: (l) => io.stdout.push(l), err: (l) => io.stderr.push(l) });
    return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
  };
  const read = (file: string) => readFileSync(path.join(root, file), "utf8");

  beforeAll(() => {
    rmSync(root, { recursive: true, force: true });
    for (const name of ["odd-ids", "lint-warnings"]) cpSync(path.join(byoRoot, "specs", name), path.join(root, "specs", name), { recursive: true });
    const config = readFileSync(path.join(byoRoot, "redocly.yaml"), "utf8");
    const apis = config.split(/^apis:\n/m)[1]!.split(/^ {2}(?=[a-z])/m).filter((b) => b.startsWith("odd-ids:") || b.startsWith("lint-warnings:"));
    writeFileSync(path.join(root, "redocly.yaml"), `${config.split(/^apis:\n/m)[0]}apis:\n${apis.map((b) => `  ${b}`).join("")}`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("generate prints lint warnings and goes ahead; lint and check fail on them", async () => {
    const generated = await mpkit("generate", "--no-docs");
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stderr).toMatch(/^specs\/lint-warnings\/openapi\.yaml:11:5 {2}warning {2}operation-summary {2}/m);
    expect(existsSync(path.join(root, "packages", "lint-warnings", "src", "client.gen.ts"))).toBe(true);
    const lint = await mpkit("lint");
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain("2 problem(s)");
    const check = await mpkit("check");
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/✗ 2 lint warning\(s\)/);
  });

  it("a broken product is reported with file:line:rule and keeps its output; the other is generated", async () => {
    const before = { client: read("packages/lint-warnings/src/client.gen.ts"), registry: read("mocks/src/products.gen.ts") };
    const spec = path.join(root, "specs", "lint-warnings", "openapi.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("operationId: getStatus", "operationId: getStatus\n      x-mpkit-method-name: 12"));
    const odd = path.join(root, "specs", "odd-ids", "openapi.yaml");
    writeFileSync(odd, readFileSync(odd, "utf8").replace("summary: Find a pet", "summary: Find one pet"));
    const result = await mpkit("generate", "--no-docs");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^specs\/lint-warnings\/openapi\.yaml:13:\d+ {2}error {2}mpkit-method-name {2}getStatus: x-mpkit-method-name must be a JavaScript identifier/m);
    expect(result.stderr).toMatch(/nothing was written for lint-warnings \(its previous output is untouched\); generated: odd-ids$/m);
    expect(result.stdout).toBe("");
    expect(read("packages/odd-ids/src/client.gen.ts")).toContain("Find one pet");
    expect(read("packages/lint-warnings/src/client.gen.ts")).toBe(before.client);
    expect(read("mocks/src/products.gen.ts")).toBe(before.registry);
  });
});
