/**
 * Issue 16, the runtime half: the fixture specs under `generator/test/fixtures/any/rt-*` (3.0
 * and 3.1) are generated once, in-process, and each generated client calls its generated mock:
 * path parameter names with `-`/`.`, literal colons, form fields converted by their schema, a
 * body offered in two media types, multipart uploads, every parameter style, server variables,
 * a spec without servers, two products on one host, and a header an apiKey scheme also sends.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel, emitAll } from "../../generator/src/pipeline.js";
import type { ProductMockInstance, StatefulMockOptions } from "../src/runtime/index.js";
import { combineHandlers } from "../src/runtime/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const fixtures = path.join(repo, "generator", "test", "fixtures", "any");
const runtime = pathToFileURL(path.join(repo, "mocks", "src", "runtime", "index.ts")).href;
const names = readdirSync(fixtures).filter((n) => n.startsWith("rt-"));

// Inside the repository (gitignored), so that the generated clients resolve `@mpkit/core`.
mkdirSync(path.join(repo, ".scratch"), { recursive: true });
const root = mkdtempSync(path.join(repo, ".scratch", "rt-"));
for (const name of names) {
  mkdirSync(path.join(root, "specs", name), { recursive: true });
  cpSync(path.join(fixtures, name, "openapi.yaml"), path.join(root, "specs", name, "openapi.yaml"));
}
// The relaxations these fixtures need: no security on most, no servers on one.
writeFileSync(
  path.join(root, "redocly.yaml"),
  [
    "extends:",
    "  - recommended",
    "apis:",
    ...names.flatMap((n) => [`  ${n}:`, `    root: specs/${n}/openapi.yaml`, ...(n === "rt-no-servers" ? ["    rules:", "      no-empty-servers: off"] : [])]),
    "rules:",
    "  security-defined: off",
    "  info-license: off",
    "  info-license-strict: off",
    "",
  ].join("\n"),
);
const files = await emitAll(await buildModel(root));
for (const file of files) {
  const target = path.join(root, file.path);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, file.contents.replace('"../runtime/index.js"', JSON.stringify(runtime)));
}
const source = (p: string) => files.find((f) => f.path === p)!.contents;

type Client = Record<string, (input?: unknown, options?: unknown) => Promise<unknown>>;
type Generated = { client: (config?: Record<string, unknown>) => Client; mock: (options?: StatefulMockOptions) => ProductMockInstance };
async function load(name: string): Promise<Generated> {
  const pascal = name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  const client = (await import(pathToFileURL(path.join(root, "packages", name, "src", "client.gen.ts")).href)) as Record<string, unknown>;
  const mocks = (await import(pathToFileURL(path.join(root, "mocks", "src", name, "handlers.gen.ts")).href)) as Record<string, unknown>;
  return {
    client: client[`create${pascal}Client`] as Generated["client"],
    mock: mocks[`create${pascal}Mock`] as Generated["mock"],
  };
}
const products = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await load(n)] as const)));

/** Every request the mocks saw, and anything no mock answered (599, so a test can tell). */
const seen: Request[] = [];
const mocks = names.filter((n) => n !== "rt-no-servers").map((n) => products[n]!.mock({ stateful: false }));
const noServers = products["rt-no-servers"]!.mock({ stateful: false, baseUrl: "https://local.example.test" });
const server = setupServer(
  ...combineHandlers([...mocks, noServers].flatMap((m) => m.handlers)),
  http.all("*", () => new HttpResponse("no mock answered", { status: 599 })),
);
server.events.on("request:start", ({ request }) => {
  seen.push(request.clone());
});

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

const client = (name: string, config: Record<string, unknown> = {}) => products[name]!.client(config);
const lastRequest = () => seen[seen.length - 1]!;
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Record<string, unknown>);

describe("path templates", () => {
  const paths = () => client("rt-paths");
  it("matches parameter names with - and .", async () => {
    await expect(paths().getWidget!({ "widget-id": "w-7" })).resolves.toEqual({ id: "w-1", name: "Sprocket" });
    await expect(paths().getVersionInfo!({ "api.version": "2.1" })).resolves.toMatchObject({ id: "v" });
    expect(await refusal(paths().getWidget!({ "widget-id": "x-7" }))).toMatchObject({ kind: "api", status: 400 });
  });

  it("treats a colon as literal text", async () => {
    await expect(paths().searchItems!({ body: { q: "a" } })).resolves.toHaveLength(1);
    expect(new URL(lastRequest().url).pathname).toBe("/api/items:search");
    const other = await fetch("https://paths.example.test/api/items:delete", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(other.status).toBe(599);
  });
});

describe("request bodies", () => {
  it("converts URL-encoded form fields by their schema (numbers, booleans, arrays, a JSON field)", async () => {
    const form = client("rt-form");
    await expect(
      form.createToken!({ body: { count: 3, active: false, ratio: 1.5, tags: ["a", "b"], ids: [1, 2], meta: { a: "x", b: 2 } } }),
    ).resolves.toEqual({ token: "t-1" });
    expect(await lastRequest().text()).toBe("count=3&active=false&ratio=1.5&tags=a&tags=b&ids=1|2&meta=%7B%22a%22%3A%22x%22%2C%22b%22%3A2%7D");
    const post = (text: string) =>
      fetch("https://form.example.test/tokens", { method: "POST", body: text, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect((await post("count=2&active=true")).status).toBe(200);
    expect((await post("count=2&active=true&ids=1%7C2")).status).toBe(200);
    const bad = await post("count=two&active=maybe&extra=1");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/body\/count must be integer.*body\/active must be boolean/);
  });

  it("accepts each media type a body offers, and refuses others", async () => {
    const bodies = client("rt-bodies");
    await expect(bodies.createNote!({ body: { title: "Hi", priority: 2 } })).resolves.toMatchObject({ title: "Hello" });
    const send = (type: string, body: string) => fetch("https://bodies.example.test/notes", { method: "POST", body, headers: { "content-type": type } });
    expect((await send("application/x-www-form-urlencoded", "title=Hi&priority=3")).status).toBe(201);
    expect((await send("application/x-www-form-urlencoded", "title=Hi&priority=9")).status).toBe(400);
    const other = await send("text/plain", "Hi");
    expect(other.status).toBe(400);
    expect(((await other.json()) as { message: string }).message).toMatch(/application\/json or application\/x-www-form-urlencoded/);
    // A URLSearchParams body goes out as a form, whatever the operation's first media type.
    await expect(bodies.createNote!({ body: new URLSearchParams({ title: "Hi", priority: "4" }) })).resolves.toBeDefined();
  });

  it("sends and checks multipart uploads: files as parts, a JSON part, an array, the boundary set by fetch", async () => {
    const bodies = client("rt-bodies");
    const file = new File(["%PDF-1.4 tiny"], "doc.pdf", { type: "application/pdf" });
    await expect(
      bodies.uploadDocument!({ body: { file, title: "Doc", pages: 2, tags: ["x", "y"], metadata: { author: "Ann" } } }),
    ).resolves.toEqual({ id: "d-1" });
    const sent = lastRequest();
    expect(sent.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const parts = await sent.formData();
    expect((parts.get("file") as File).name).toBe("doc.pdf");
    expect(parts.getAll("tags")).toEqual(["x", "y"]);
    expect(await (parts.get("metadata") as File).text()).toBe('{"author":"Ann"}');
    expect((parts.get("metadata") as File).type).toBe("application/json");

    const tooBig = new File(["x".repeat(1001)], "big.bin");
    expect(await refusal(bodies.uploadDocument!({ body: { file: tooBig, title: "Doc", pages: 0 } }))).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/body\/file must NOT have more than 1000 characters.*body\/pages must be >= 1/) },
    });
    const form = new FormData();
    form.append("title", "Doc");
    expect(await refusal(bodies.uploadDocument!({ body: form }))).toMatchObject({ status: 400, body: { message: expect.stringMatching(/body\/file/) } });
  });

  it("types binary multipart fields as Blob", () => {
    expect(source("packages/rt-bodies/src/schema.gen.ts")).toMatch(/file: Blob;/);
  });
});

describe("parameter styles", () => {
  it("serialises every style and the mock reads each back", async () => {
    const styles = client("rt-styles");
    await expect(
      styles.getReport!({
        ids: [3, 4],
        window: { from: 1, to: 9 },
        codes: ["a", "c"],
        tags: ["red", "blue"],
        levels: [1, 2],
        words: ["alpha", "beta"],
        range: { min: 1.5, max: 2 },
        page: { size: 10, number: 2 },
        filter: { field: "date" },
        headers: { "X-Trace": { id: 7, span: 8 }, "X-Flags": [true, false] },
      }),
    ).resolves.toEqual({ rows: 3 });
    const url = new URL(lastRequest().url);
    expect(url.pathname).toBe("/reports/.3,4/;from=1;to=9/a,c");
    expect(url.search).toBe(
      "?tags=red,blue&levels=1|2&words=alpha%20beta&range[min]=1.5&range[max]=2&size=10&number=2&filter=%7B%22field%22%3A%22date%22%7D",
    );
    expect(lastRequest().headers.get("x-trace")).toBe("id=7,span=8");
  });

  it("refuses values written in another style", async () => {
    const get = (route: string, query: string) =>
      fetch(`https://styles.example.test/reports/${route}?${query}`, { headers: { "X-Trace": "id=1,span=2", "X-Flags": "true,false" } });
    expect((await get(".3,4/;from=1;to=9/a", "tags=red,blue")).status).toBe(200);
    expect((await get("3,4/;from=1;to=9/a", "")).status).toBe(400);
    expect((await get(".3,4/from=1/a", "")).status).toBe(400);
    expect((await get(".3,4/;from=1;to=9/a", "levels=1,2")).status).toBe(400);
    expect((await get(".3,4/;from=1;to=9/a", "range[max]=2")).status).toBe(400);
    expect((await get(".3,4/;from=1;to=9/a", "size=99")).status).toBe(400);
  });
});

describe("servers", () => {
  it("fills server variables from their defaults, takes overrides, and validates enums", async () => {
    await expect(client("rt-server-vars").ping!()).resolves.toEqual({ pong: true });
    expect(lastRequest().url).toBe("https://vars.example.test/v1/ping");
    await expect(client("rt-server-vars", { serverVariables: { version: "2" } }).ping!()).resolves.toEqual({ pong: true });
    expect(lastRequest().url).toBe("https://vars.example.test/v2/ping");
    const urls: string[] = [];
    const elsewhere = client("rt-server-vars", {
      serverVariables: { host: "eu.vars.example.test", scheme: "http" },
      fetch: async (request: Request) => {
        urls.push(request.url);
        return Response.json({ pong: true });
      },
    });
    await elsewhere.ping!();
    expect(urls).toEqual(["http://eu.vars.example.test/v1/ping"]);
    expect(() => client("rt-server-vars", { serverVariables: { version: "3" } })).toThrow(
      expect.objectContaining({ kind: "configuration", message: expect.stringMatching(/version must be one of 1, 2, not "3"/) }),
    );
    expect(() => client("rt-server-vars", { serverVariables: { hots: "x" } })).toThrow(expect.objectContaining({ kind: "configuration" }));
  });

  it("a spec without servers: a typed error without baseUrl in Node, calls with one", async () => {
    const error = await refusal(client("rt-no-servers").getStatus!());
    expect(error).toMatchObject({ kind: "configuration", attempts: 0, message: expect.stringMatching(/set baseUrl/) });
    await expect(client("rt-no-servers", { baseUrl: "https://local.example.test" }).getStatus!()).resolves.toEqual({ ok: true });
  });

  it("two products on one host: each call answered by its own product", async () => {
    const a = client("rt-host-a");
    const b = client("rt-host-b");
    await expect(b.getItem!({ id: "1" })).resolves.toEqual({ from: "b" });
    expect(lastRequest().url).toBe("https://shared.example.test/b/items/1");
    await expect(a.getSectionItem!({ section: "c", id: "1" })).resolves.toEqual({ from: "a" });
    const onSharedBase = await fetch("https://shared.example.test/api/gadgets/1");
    expect(await onSharedBase.json()).toEqual({ from: "b" });
    expect(await (await fetch("https://shared.example.test/api/widgets/1")).json()).toEqual({ from: "a" });
  });
});

describe("security", () => {
  it("a header parameter an apiKey scheme also sends is demanded once: the credential fills it", async () => {
    const keys = client("rt-apikey-header", { credentials: { ApiKey: "secret-key" } });
    await expect(keys.listThings!()).resolves.toEqual(["one"]);
    expect(lastRequest().headers.get("x-api-key")).toBe("secret-key");
    expect(source("packages/rt-apikey-header/src/client.gen.ts")).toMatch(/listThings: "X-Api-Key";/);
    expect(await refusal(client("rt-apikey-header").listThings!())).toMatchObject({ kind: "credentials" });
  });
});
