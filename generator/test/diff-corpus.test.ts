/**
 * The spec-change corpus: each case's class and bump, and the compiler cross-check — the
 * generated client of every case's before and after spec, plus the case's snippet compiled
 * against both, as ONE TypeScript program (in-process, virtual files, nothing written).
 */
import * as path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { bumpOf, type Change } from "../src/diff/change.js";
import { compareProducts } from "../src/diff/compare.js";
import { formatJson, formatMarkdown, formatTerminal } from "../src/diff/format.js";
import { emitClients } from "../src/emit/emit-client.js";
import { emitTypes } from "../src/emit/emit-types.js";
import type { LoadedProduct } from "../src/load/load-spec.js";
import { buildProductModel } from "../src/model/build-model.js";
import type { ProductModel } from "../src/model/model.js";
import { sides } from "./diff/base-spec.js";
import { CASES, type SpecChangeCase } from "./diff/cases.js";
import { repoRoot } from "./helpers.js";

function model(document: Record<string, unknown>): ProductModel {
  const loaded: LoadedProduct = {
    name: "shop",
    specFile: "specs/shop/openapi.yaml",
    document,
    locate: () => ({ file: "specs/shop/openapi.yaml", line: 1, column: 1 }),
    files: [],
  };
  return buildProductModel(loaded);
}

const slug = (id: string) => id.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
/** Virtual files live inside the repository so that `@mpkit/core` and `openapi-fetch` resolve from its node_modules. */
const virtualRoot = path.join(repoRoot, "generator", "test", ".diff-cases");

interface Compiled {
  before: string[];
  after: string[];
}

const results = new Map<string, { changes: Change[] }>();
const compiled = new Map<string, Compiled>();

async function clientFiles(product: ProductModel, dir: string, files: Map<string, string>): Promise<void> {
  const m = { toolkitVersion: "0.0.0", products: [product] };
  for (const f of [...(await emitTypes(m)), ...emitClients(m)]) {
    files.set(path.join(dir, path.relative(`packages/${product.name}/src`, f.path)), f.contents);
  }
}

function snippet(c: SpecChangeCase, clientDir: string): string {
  return [
    `import * as shop from "../clients/${clientDir}/index.js";`,
    "declare const client: shop.ShopClient;",
    "export async function use(): Promise<unknown> {",
    c.use!,
    "  return undefined;",
    "}",
    "",
  ].join("\n");
}

/** One program over every case: clients before and after, and each snippet against both. */
function compileAll(files: Map<string, string>): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ["mpkit-source"],
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    allowImportingTsExtensions: true,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.directoryExists = (d) => d.startsWith(virtualRoot) || (directoryExists?.call(host, d) ?? true);
  host.getSourceFile = (f, v, onError, create) => {
    const text = files.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, v) : getSourceFile.call(host, f, v, onError, create);
  };
  const roots = [...files.keys()].filter((f) => f.endsWith("use-before.ts") || f.endsWith("use-after.ts"));
  const program = ts.createProgram(roots, options, host);
  const out = new Map<string, string[]>();
  const format: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => virtualRoot, getNewLine: () => "\n" };
  for (const root of roots) {
    const sf = program.getSourceFile(root)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    out.set(root, diagnostics.map((d) => ts.formatDiagnostic(d, format).trimEnd()));
  }
  return out;
}

beforeAll(async () => {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const files = new Map<string, string>();
  // One generated client per distinct document: most cases share the base spec on one side.
  const clients = new Map<string, string>();
  const client = async (product: ProductModel, document: unknown): Promise<string> => {
    const key = JSON.stringify(document);
    let dir = clients.get(key);
    if (dir === undefined) {
      dir = `c${clients.size}`;
      clients.set(key, dir);
      await clientFiles(product, path.join(virtualRoot, "clients", dir), files);
    }
    return dir;
  };
  for (const c of CASES) {
    const { before, after } = sides(c.edits);
    const a = model(before);
    const b = model(after);
    results.set(c.id, { changes: compareProducts(a, b) });
    if (!c.use) continue;
    const dir = path.join(virtualRoot, slug(c.id));
    files.set(path.join(dir, "use-before.ts"), snippet(c, await client(a, before)));
    files.set(path.join(dir, "use-after.ts"), snippet(c, await client(b, after)));
  }
  const t1 = performance.now();
  const cpuMid = process.cpuUsage(cpu0);
  const diagnostics = compileAll(files);
  if (process.env.MPKIT_TIMING) {
    const cpu = process.cpuUsage(cpu0);
    console.log(`${clients.size} clients; models+emit ${Math.round(t1 - t0)} ms, tsc ${Math.round(performance.now() - t1)} ms (wall); cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms, of which emit ${Math.round((cpuMid.user + cpuMid.system) / 1000)} ms`);
  }
  for (const c of CASES.filter((c) => c.use)) {
    const dir = path.join(virtualRoot, slug(c.id));
    compiled.set(c.id, { before: diagnostics.get(path.join(dir, "use-before.ts"))!, after: diagnostics.get(path.join(dir, "use-after.ts"))! });
  }
}, 120_000);

const describeChanges = (changes: Change[]) => changes.map((c) => `  ${c.class} ${c.code} ${c.operation ?? "(product)"} ${c.where}: ${c.message}`).join("\n");

describe("spec-change corpus", () => {
  it("has at least 40 cases, each with a distinct name", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => slug(c.id))).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const { changes } = results.get(c.id)!;
    const report = `changes found:\n${describeChanges(changes) || "  (none)"}`;
    expect(bumpOf(changes), report).toBe(c.want.bump);
    if (c.want.class === "none") {
      expect(changes, report).toEqual([]);
      return;
    }
    expect(changes[0]?.class, report).toBe(c.want.class);
    const main = changes.filter((ch) => ch.code === c.want.code && ch.class === c.want.class);
    expect(main.length, report).toBeGreaterThan(0);
    if (c.want.runtimeOnly !== undefined) expect(main.some((ch) => ch.runtimeOnly === true), report).toBe(c.want.runtimeOnly);
    if (c.reportedAt) expect([...new Set(main.map((ch) => ch.operation))].sort(), report).toEqual([...c.reportedAt].sort());
    // Compiler cross-check: the old client accepts the snippet; the new one agrees with the class.
    if (c.want.class === "breaking" && !c.want.runtimeOnly) expect(c.use, "a breaking case needs a snippet").toBeDefined();
    const result = compiled.get(c.id);
    if (!result) return;
    expect(result.before, `against the old client:\n${result.before.join("\n")}`).toEqual([]);
    if (c.want.class === "breaking" && !c.want.runtimeOnly) {
      expect(result.after.length, "a breaking change must stop the snippet compiling against the new client").toBeGreaterThan(0);
    } else {
      expect(result.after, `against the new client:\n${result.after.join("\n")}`).toEqual([]);
    }
  });

  it("reports a shared $ref change at every operation it reaches, in each one's direction", () => {
    const { changes } = results.get("shared enum gains a value: fine in the request, breaking in every response")!;
    const request = changes.find((c) => c.operation === "createOrder" && c.where.startsWith("request body"));
    expect(request).toMatchObject({ class: "non-breaking", code: "enum-value-added", where: "request body.currency" });
    expect(changes.filter((c) => c.class === "breaking").map((c) => `${c.operation} ${c.where}`).sort()).toEqual([
      "createOrder response 201 body.currency",
      "getOrder response 200 body.currency",
      "listOrders response 200 body.orders[].currency",
    ]);
  });

  it("prints the report for a terminal, as Markdown and as JSON", () => {
    const { changes } = results.get("webhook payload field renamed (Status → State)")!;
    const report = { base: "main", products: [{ product: "shop", packageName: "@mpkit/shop", specFile: "specs/shop/openapi.yaml", changes, bump: bumpOf(changes) }] };
    expect(formatTerminal(report)).toBe(
      "@mpkit/shop (specs/shop/openapi.yaml): 1 breaking, 0 non-breaking, 0 docs only → major bump\n" +
        `  ✗ breaking     ${"webhook orderPaid".padEnd(28)} payload.status: renamed to state: code that reads status no longer compiles\n`,
    );
    expect(formatMarkdown(report)).toContain("| 🔴 breaking | `webhook orderPaid` | payload.status | renamed to state: code that reads status no longer compiles |");
    expect(JSON.parse(formatJson(report))).toEqual({
      base: "main",
      products: [{ product: "shop", packageName: "@mpkit/shop", specFile: "specs/shop/openapi.yaml", bump: "major",
        changes: [{ class: "breaking", code: "field-renamed", operation: "webhook orderPaid", where: "payload.status", message: "renamed to state: code that reads status no longer compiles" }] }],
    });
  });
});
