/**
 * Parameter serialisation in every OpenAPI style (the table of the OpenAPI specification's
 * "Style Examples"), bodies as forms and multipart forms, cookie and header parameters, server
 * variables and a spec without servers, all through `createProductRuntime` with small
 * descriptors and a capturing `fetch`.
 */
import { describe, expect, it } from "vitest";
import { component, styled } from "../src/params.js";
import {
  createProductRuntime,
  createRawClient,
  fillServer,
  type ProductDescriptor,
  shapeInput,
  styled as styles,
  writeAnyScheme,
  writeBody,
} from "../src/index.js";

const array = [3, 4, 5];
const object = { role: "admin", firstName: "Alex" };

describe("styled()", () => {
  it.each([
    // [style code, value, expected] for the name `id`
    ["simple", 5, "5"],
    ["simple", array, "3,4,5"],
    ["simple*", array, "3,4,5"],
    ["simple", object, "role,admin,firstName,Alex"],
    ["simple*", object, "role=admin,firstName=Alex"],
    ["label", 5, ".5"],
    ["label", array, ".3,4,5"],
    ["label*", array, ".3.4.5"],
    ["label", object, ".role,admin,firstName,Alex"],
    ["label*", object, ".role=admin.firstName=Alex"],
    ["matrix", 5, ";id=5"],
    ["matrix", array, ";id=3,4,5"],
    ["matrix*", array, ";id=3;id=4;id=5"],
    ["matrix", object, ";id=role,admin,firstName,Alex"],
    ["matrix*", object, ";role=admin;firstName=Alex"],
    ["form", 5, "id=5"],
    ["form", array, "id=3,4,5"],
    ["form*", array, "id=3&id=4&id=5"],
    ["form", object, "id=role,admin,firstName,Alex"],
    ["form*", object, "role=admin&firstName=Alex"],
    ["spaceDelimited", array, "id=3%204%205"],
    ["spaceDelimited", object, "id=role%20admin%20firstName%20Alex"],
    ["pipeDelimited", array, "id=3|4|5"],
    ["pipeDelimited", object, "id=role|admin|firstName|Alex"],
    ["deepObject", object, "id[role]=admin&id[firstName]=Alex"],
    ["json", { a: [1] }, "id=%7B%22a%22%3A%5B1%5D%7D"],
  ])("%s of %j → %s", (code, value, expected) => {
    expect(styled("id", value, code, component)).toBe(expected);
  });

  it("percent-encodes values, delimiters inside them included, and never throws on nesting", () => {
    expect(styled("q", ["a,b", "c d"], "form", component)).toBe("q=a%2Cb,c%20d");
    expect(styled("q", [{ deep: 1 }], "form*", component)).toBe("q=%7B%22deep%22%3A1%7D");
  });
});

function product(op: Partial<ProductDescriptor["operations"][string]>, rest: Partial<ProductDescriptor> = {}): ProductDescriptor {
  return {
    name: "fixture",
    title: "Fixture API",
    environments: { sandbox: "https://api.example.test" },
    securitySchemes: { Key: { type: "apiKey", in: "cookie", name: "session" } },
    operations: { op: { method: "post", path: "/things/{id}", security: [], ...op } },
    ...rest,
  };
}

async function capture(descriptor: ProductDescriptor, input: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<Request> {
  let sent: Request | undefined;
  const runtime = createProductRuntime(
    descriptor,
    {
      ...config,
      fetch: async (request) => {
        sent = request;
        return new Response(null, { status: 204 });
      },
    },
    { bodies: writeBody, servers: fillServer, styles, inputs: shapeInput, schemes: writeAnyScheme },
  );
  await runtime.call("op", input, {});
  return sent!;
}

describe("requests built from the descriptor", () => {
  it("path and query parameters in their styles, credential query parameters after them", async () => {
    const request = await capture(
      product({
        pathParams: [["id", "matrix*"]],
        queryParams: ["plain", ["ids", "form"], ["f", "deepObject"]],
      }),
      { id: [1, 2], plain: "a b", ids: [1, 2], f: { x: 1 }, body: undefined },
    );
    expect(request.url).toBe("https://api.example.test/things/;id=1;id=2?plain=a%20b&ids=1,2&f[x]=1");
  });

  it("the raw client writes styled parameters the same way", async () => {
    let sent: Request | undefined;
    const raw = createRawClient<Record<string, never>>(
      product({ method: "get", pathParams: [["id", "label"]], queryParams: ["plain", ["ids", "pipeDelimited"]] }),
      { fetch: async (request) => ((sent = request), new Response(null, { status: 204 })) },
    );
    await (raw as unknown as { GET: (path: string, init: unknown) => Promise<unknown> }).GET("/things/{id}", {
      params: { path: { id: [1, 2] }, query: { plain: "x", ids: [1, 2] } },
    });
    expect(sent!.url).toBe("https://api.example.test/things/.1,2?plain=x&ids=1|2");
  });

  it("header parameters in the simple style, cookie parameters in the Cookie header next to a cookie credential", async () => {
    const request = await capture(
      product({ headerParams: [["X-Obj", "simple*"]], cookieParams: ["theme", ["ids", "form"]], security: [["Key"]] }),
      { id: "1", theme: "dark", ids: [1, 2], headers: { "X-Obj": { a: 1, b: 2 }, "X-Plain": { c: 3 } } },
      { credentials: { Key: "s3cret" } },
    );
    expect(request.headers.get("x-obj")).toBe("a=1,b=2");
    expect(request.headers.get("x-plain")).toBe("c,3");
    expect(request.headers.get("cookie")).toBe("session=s3cret; theme=dark; ids=1,2");
  });

  it("API keys in the query or a cookie, basic and other HTTP schemes need `schemes: writeAnyScheme`; without it a typed error, nothing sent", async () => {
    let calls = 0;
    const fetch = async () => (calls++, new Response(null, { status: 204 }));
    const runtime = createProductRuntime(product({ security: [["Key"]] }), { fetch, credentials: { Key: "s3cret" } });
    await expect(runtime.call("op", { id: "1" }, {})).rejects.toMatchObject({ kind: "configuration", message: /writeAnyScheme/ });
    expect(calls).toBe(0);
    const basic = product({ security: [["Basic"]] }, { securitySchemes: { Basic: { type: "http", scheme: "basic" } } });
    const request = await capture(basic, { id: "1" }, { credentials: { Basic: { username: "ü", password: "pw" } } });
    expect(request.headers.get("authorization")).toBe(`Basic ${Buffer.from("ü:pw").toString("base64")}`);
  });

  it("bodies: JSON by default (its content type replaceable per call); bytes as given under the operation's own media type, which wins", async () => {
    const json = await capture(product({}), { id: "1", body: { a: 1 } }, { headers: { "Content-Type": "application/vnd.shop+json" } });
    expect(json.headers.get("content-type")).toBe("application/vnd.shop+json");
    expect(await json.text()).toBe('{"a":1}');
    const bytes = await capture(product({ requestContentType: "application/octet-stream" }), { id: "1", body: new Uint8Array([1, 2, 3]) }, {
      headers: { "Content-Type": "text/plain" },
    });
    expect(bytes.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("an URL-encoded body with fields in their encoding styles", async () => {
    const request = await capture(
      product({ requestContentType: "application/x-www-form-urlencoded", requestEncoding: { ids: "pipeDelimited", meta: "json" } }),
      { id: "1", body: { n: 1, ok: true, tags: ["a", "b"], ids: [1, 2], meta: { a: 1 }, skip: undefined } },
    );
    expect(request.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(await request.text()).toBe("n=1&ok=true&tags=a&tags=b&ids=1|2&meta=%7B%22a%22%3A1%7D");
  });

  it("a multipart body: files, text, JSON parts, repeated parts; fetch sets the boundary", async () => {
    const file = new File(["bytes"], "a.bin", { type: "application/octet-stream" });
    const request = await capture(product({ requestContentType: "multipart/form-data" }), {
      id: "1",
      body: { file, n: 2, tags: ["x", "y"], meta: { a: 1 } },
    }, { headers: { "Content-Type": "text/plain" } });
    expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    expect(await (form.get("file") as File).text()).toBe("bytes");
    expect(form.get("n")).toBe("2");
    expect(form.getAll("tags")).toEqual(["x", "y"]);
    expect(await (form.get("meta") as File).text()).toBe('{"a":1}');
  });

  it("server variables: defaults, overrides, enums refused with a ConfigurationError", async () => {
    const vars = { "https://{region}.api.example.test/v{v}": { region: { default: "eu" }, v: { default: "1", enum: ["1", "2"] } } };
    const descriptor = product({}, { environments: { sandbox: "https://{region}.api.example.test/v{v}" }, serverVariables: vars });
    expect((await capture(descriptor, { id: "1" })).url).toBe("https://eu.api.example.test/v1/things/1");
    expect((await capture(descriptor, { id: "1" }, { serverVariables: { region: "us", v: "2" } })).url).toBe("https://us.api.example.test/v2/things/1");
    const servers = { servers: fillServer };
    expect(() => createProductRuntime(descriptor, { serverVariables: { v: "9" } }, servers)).toThrow(expect.objectContaining({ kind: "configuration" }));
    expect(() => createProductRuntime(descriptor, { serverVariables: { zone: "x" } }, servers)).toThrow(/has no server variable zone/);
  });

  it("no servers: relative to a page, so Node needs a baseUrl (a typed error, nothing sent)", async () => {
    const descriptor = product({}, { environments: {} });
    let calls = 0;
    const runtime = createProductRuntime(descriptor, { fetch: async () => (calls++, new Response(null, { status: 204 })) });
    await expect(runtime.call("op", { id: "1" }, {})).rejects.toMatchObject({ kind: "configuration", operationId: "op", message: /baseUrl/ });
    expect(calls).toBe(0);
    expect((await capture(descriptor, { id: "1" }, { baseUrl: "https://local.test/" })).url).toBe("https://local.test/things/1");
  });
});
