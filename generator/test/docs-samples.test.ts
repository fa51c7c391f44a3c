/**
 * The code samples of the docs (x-codeSamples, made by generator/src/docs/samples.ts) cannot rot:
 * every TypeScript sample is type-checked (one TypeScript program for all of them) and run against
 * the generated MSW mocks, and every curl sample is parsed and replayed against the same mocks.
 */
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer } from "@mpkit/mocks/node";
import { codeSamples, type CodeSample } from "../src/docs/samples.js";
import type { Model } from "../src/model/model.js";
import { buildModel } from "../src/pipeline.js";
import { repoRoot } from "./helpers.js";

let model: Model;
// Samples call with the spec's example values (ids included), so they run against the mocks in
// replay mode; try-it in the docs test exercises the stateful mocks (create, then read back).
const server = createMockServer({ stateful: false });
const samples: { product: string; operationId: string; ts: string; curl: string; file: string }[] = [];

beforeAll(async () => {
  model = await buildModel(repoRoot);
  for (const product of model.products) {
    for (const [operationId, list] of codeSamples(product)) {
      const source = (lang: CodeSample["lang"]) => list.find((s) => s.lang === lang)!.source;
      // Virtual files beside the tests, so that @mpkit/* resolve as they do for a user.
      const file = path.join(repoRoot, "generator", "test", "__samples__", product.name, `${operationId}.ts`);
      samples.push({ product: product.name, operationId, ts: source("TypeScript"), curl: source("Shell"), file });
    }
  }
  server.listen({ onUnhandledRequest: "error" });
}, 60_000);
afterAll(() => server.close());

/** Secrets the samples read from the environment, set for the run. */
function withEnvironment<T>(sources: string[], run: () => Promise<T>): Promise<T> {
  const names = new Set(sources.flatMap((s) => [...s.matchAll(/\$?\b(MP_[A-Z0-9_]+)/g)].map((m) => m[1]!)));
  const before = new Map([...names].map((n) => [n, process.env[n]]));
  for (const name of names) process.env[name] = `sample-${name.toLowerCase()}`;
  return run().finally(() => {
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

describe("docs code samples", () => {
  it("every operation has a TypeScript and a curl sample", () => {
    const operations = model.products.flatMap((p) => p.operations.map((op) => `${p.name}.${op.operationId}`));
    expect(samples.map((s) => `${s.product}.${s.operationId}`)).toEqual(operations);
  });

  it("every TypeScript sample type-checks (one program for all)", () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const virtual = new Map(samples.map((s) => [s.file, s.ts]));
    const host = ts.createCompilerHost(parsed.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (file, language, ...rest) =>
      virtual.has(file) ? ts.createSourceFile(file, virtual.get(file)!, language) : getSourceFile(file, language, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (file) => virtual.has(file) || fileExists(file);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => virtual.get(file) ?? readFile(file);
    const program = ts.createProgram({ rootNames: [...virtual.keys()], options: { ...parsed.options, noEmit: true }, host });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && virtual.has(d.file.fileName));
    const messages = diagnostics.map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${path.relative(repoRoot, d.file!.fileName)}:${line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(messages).toEqual([]);
    // The program really saw the samples: a broken one is reported.
    const broken = ts.createProgram({
      rootNames: [samples[0]!.file],
      options: { ...parsed.options, noEmit: true },
      host: { ...host, getSourceFile: (file, language) => (file === samples[0]!.file ? ts.createSourceFile(file, samples[0]!.ts.replace(/\.(\w+)\(/, ".$1Typo("), language) : host.getSourceFile(file, language)) },
    });
    expect(ts.getPreEmitDiagnostics(broken).some((d) => d.file?.fileName === samples[0]!.file)).toBe(true);
  }, 60_000);

  it("every TypeScript sample runs against the mocks", async () => {
    const modules: Record<string, unknown> = { "@mpkit/core": await import("@mpkit/core") };
    for (const product of model.products) modules[product.packageName] = await import(/* @vite-ignore */ product.packageName);
    const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    const failures: string[] = [];
    await withEnvironment(
      samples.map((s) => s.ts),
      async () => {
        for (const sample of samples) {
          // ESM imports → lookups in the modules the test loaded; the rest runs as written.
          const body = sample.ts.replace(/^import \{([^}]+)\} from "([^"]+)";$/gm, (_, names: string, from: string) => `const {${names}} = __modules[${JSON.stringify(from)}];`);
          const logged: unknown[] = [];
          try {
            await new AsyncFunction("__modules", "console", body)(modules, { log: (value: unknown) => logged.push(value) });
            if (logged.length !== 1) failures.push(`${sample.product}.${sample.operationId}: logged ${logged.length} values`);
          } catch (error) {
            failures.push(`${sample.product}.${sample.operationId}: ${error instanceof Error ? `${error.message} ${JSON.stringify((error as { body?: unknown }).body ?? "")}` : String(error)}`);
          }
        }
      },
    );
    expect(failures).toEqual([]);
  }, 60_000);

  it("every curl sample parses and its request is answered 2xx by the mocks", async () => {
    const failures: string[] = [];
    await withEnvironment(
      samples.map((s) => s.curl),
      async () => {
        for (const sample of samples) {
          try {
            const response = await fetch(parseCurl(sample.curl));
            if (!response.ok) failures.push(`${sample.product}.${sample.operationId}: ${response.status} ${await response.text()}`);
          } catch (error) {
            failures.push(`${sample.product}.${sample.operationId}: ${String(error)}`);
          }
        }
      },
    );
    expect(failures).toEqual([]);
  });

  it("the curl parser refuses what it does not understand", () => {
    expect(() => parseCurl("curl -X GET 'https://x.test/a' --insecure")).toThrow(/--insecure/);
    expect(() => parseCurl("wget https://x.test")).toThrow(/curl/);
  });
});

/** Shell words of a command: single and double quotes, `\`-newline continuations, `$VAR` and `$(uuidgen)`. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const text = command.replace(/\\\n/g, " ");
  const expand = (s: string) =>
    s.replace(/\$\(uuidgen\)/g, () => randomUUID()).replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name: string) => process.env[name] ?? "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      word = (word ?? "") + expand(text.slice(i + 1, end));
      i = end;
    } else if (c === "\\") {
      word = (word ?? "") + text[++i];
    } else {
      const match = /^[^\s'"\\]+/.exec(text.slice(i))![0];
      word = (word ?? "") + expand(match);
      i += match.length - 1;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

function parseCurl(command: string): Request {
  const [program, ...args] = shellWords(command);
  if (program !== "curl") throw new Error(`not a curl command: ${program}`);
  let method = "GET";
  let url: string | undefined;
  const headers = new Headers();
  let body: string | undefined;
  const form = new URLSearchParams();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => args[++i] ?? "";
    if (arg === "-X") method = value();
    else if (arg === "-H") {
      const header = value();
      const colon = header.indexOf(":");
      headers.append(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
    } else if (arg === "-u") headers.set("Authorization", `Basic ${Buffer.from(value()).toString("base64")}`);
    else if (arg === "--data") body = value();
    else if (arg === "--data-urlencode") {
      const pair = value();
      const eq = pair.indexOf("=");
      form.append(pair.slice(0, eq), pair.slice(eq + 1));
    } else if (!arg.startsWith("-") && url === undefined) url = arg;
    else throw new Error(`unsupported curl argument ${arg}`);
  }
  if ([...form].length > 0) body = form.toString();
  return new Request(url!, { method, headers, body });
}
