import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  AbortedError,
  ApiError,
  createShopClient,
  createShopRawClient,
  CredentialProviderError,
  InvalidInputError,
  MissingCredentialsError,
  NetworkError,
  ResponseParseError,
} from "./shop-fixture.js";

const SANDBOX = "https://sandbox.shop.test/api";
const ITEM = { id: "5b0e5f4e-4a49-4f0c-9d35-0a3e8b6a1f11", name: "Kettle", price: 25.5 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Created before the server listens on purpose: the default fetch must still be intercepted.
const client = createShopClient({ credentials: { Token: async () => "token-123", ClientId: "client-abc" } });
const seen: Request[] = [];
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

function answer(method: "get" | "post" | "delete", path: string, respond: () => Response) {
  server.use(
    http[method](`${SANDBOX}${path}`, ({ request }) => {
      seen.push(request.clone());
      return respond();
    }),
  );
}

describe("operation-named methods", () => {
  it("send path, query, body, credentials and a correlation id, and resolve to the parsed body", async () => {
    answer("post", "/items", () => HttpResponse.json(ITEM, { status: 201 }));
    const item = await client.createItem({ body: { name: "Kettle", price: 25.5 } });
    expect(item).toEqual(ITEM);
    const request = seen[0]!;
    expect(request.headers.get("authorization")).toBe("Bearer token-123");
    expect(request.headers.get("x-client-id")).toBe("client-abc");
    expect(request.headers.get("correlationid")).toMatch(UUID);
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(await request.json()).toEqual({ name: "Kettle", price: 25.5 });
  });

  it("serialises query parameters and fills path templates", async () => {
    answer("get", "/items", () => HttpResponse.json({ items: [ITEM] }));
    await client.listItems({ colour: "red", limit: 5 });
    const query = new URL(seen[0]!.url).searchParams;
    expect([query.get("colour"), query.get("limit")]).toEqual(["red", "5"]);

    answer("get", "/items/:itemId", () => HttpResponse.json(ITEM));
    await client.getItem({ itemId: ITEM.id });
    expect(new URL(seen[1]!.url).pathname).toBe(`/api/items/${ITEM.id}`);
  });

  it("uses the caller's correlation id when one is given", async () => {
    answer("get", "/items/:itemId", () => HttpResponse.json(ITEM));
    await client.getItem({ itemId: ITEM.id }, { correlationId: "7d7f1c3e-0000-4000-8000-000000000001" });
    expect(seen[0]!.headers.get("correlationid")).toBe("7d7f1c3e-0000-4000-8000-000000000001");
  });

  it("resolves a 204 to undefined and a binary answer to a Blob", async () => {
    answer("delete", "/items/:itemId", () => new HttpResponse(null, { status: 204 }));
    await expect(client.deleteItem({ itemId: ITEM.id })).resolves.toBeUndefined();

    answer("get", "/items/:itemId/label", () => new HttpResponse("%PDF-1.4", { headers: { "Content-Type": "application/pdf" } }));
    const label = await client.getItemLabel({ itemId: ITEM.id });
    expect(label).toBeInstanceOf(Blob);
    expect(await label.text()).toBe("%PDF-1.4");
    // The label operation declares `security: []`: no credentials leave the client.
    expect(seen[1]!.headers.has("authorization")).toBe(false);
  });

  it("chooses the base URL from the environment, or a custom one", async () => {
    server.use(http.get("https://shop.test/api/items/:itemId", () => HttpResponse.json(ITEM)));
    server.use(http.get("http://127.0.0.1:9/custom/items/:itemId", () => HttpResponse.json({ ...ITEM, name: "Custom" })));
    const credentials = { Token: "t", ClientId: "c" };
    const production = createShopClient({ environment: "production", credentials });
    const custom = createShopClient({ baseUrl: "http://127.0.0.1:9/custom/", credentials });
    await expect(production.getItem({ itemId: ITEM.id })).resolves.toEqual(ITEM);
    await expect(custom.getItem({ itemId: ITEM.id })).resolves.toMatchObject({ name: "Custom" });
    // @ts-expect-error: not an environment of the spec
    expect(() => createShopClient({ environment: "staging" })).toThrow(/Unknown environment "staging"/);
  });
});

describe("failures are typed", () => {
  it("rejects a non-2xx answer with an ApiError carrying status, body and request context", async () => {
    answer("get", "/items/:itemId", () => HttpResponse.json({ code: "not_found", message: "No such item" }, { status: 404 }));
    const error = await client.getItem({ itemId: ITEM.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError<{ code: string }>;
    expect(apiError).toMatchObject({
      kind: "api",
      status: 404,
      body: { code: "not_found", message: "No such item" },
      operationId: "getItem",
      method: "GET",
      route: "/items/{itemId}",
    });
    expect(apiError.correlationId).toBe(seen[0]!.headers.get("correlationid"));
  });

  it("rejects a connection failure with a NetworkError", async () => {
    answer("get", "/items/:itemId", () => HttpResponse.error());
    await expect(client.getItem({ itemId: ITEM.id })).rejects.toBeInstanceOf(NetworkError);
  });

  it("rejects an aborted call with an AbortedError", async () => {
    answer("get", "/items/:itemId", () => HttpResponse.json(ITEM));
    const controller = new AbortController();
    controller.abort();
    await expect(client.getItem({ itemId: ITEM.id }, { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it("rejects a 2xx answer that is not valid JSON with a ResponseParseError", async () => {
    answer("get", "/items/:itemId", () => new HttpResponse("{not json", { headers: { "Content-Type": "application/json" } }));
    const error = await client.getItem({ itemId: ITEM.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect((error as ResponseParseError).status).toBe(200);
  });

  it("refuses to send a call whose credentials are not configured", async () => {
    const fetch = vi.fn<(request: Request) => Promise<Response>>();
    const anonymous = createShopClient({ credentials: { Token: "t" }, fetch });
    const error = await anonymous.getItem({ itemId: ITEM.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingCredentialsError);
    expect((error as MissingCredentialsError).missing).toEqual(["ClientId"]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("refuses, without sending, a call whose path parameters are missing (callers without types)", async () => {
    const fetch = vi.fn<(request: Request) => Promise<Response>>();
    const untyped = createShopClient({ credentials: { Token: "t", ClientId: "c" }, fetch });
    const error = await untyped.getItem({} as { itemId: string }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fields).toEqual(["itemId"]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("wraps a failing token provider without repeating what it said", async () => {
    const leaky = createShopClient({
      credentials: {
        Token: () => {
          throw new Error("refresh failed for secret s3cr3t-value");
        },
        ClientId: "c",
      },
    });
    const error = await leaky.getItem({ itemId: ITEM.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialProviderError);
    expect((error as Error).message).not.toContain("s3cr3t-value");
    expect(JSON.stringify(error)).not.toContain("s3cr3t-value");
  });
});

describe("the raw openapi-fetch client", () => {
  it("shares credentials and headers and keeps the { data, error } style", async () => {
    answer("get", "/items/:itemId", () => HttpResponse.json({ code: "not_found", message: "gone" }, { status: 404 }));
    const raw = createShopRawClient({ credentials: { Token: async () => "token-123", ClientId: "client-abc" } });
    const { data, error, response } = await raw.GET("/items/{itemId}", { params: { path: { itemId: ITEM.id } } });
    expect(data).toBeUndefined();
    expect(error).toEqual({ code: "not_found", message: "gone" });
    expect(response.status).toBe(404);
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer token-123");
    expect(seen[0]!.headers.get("correlationid")).toMatch(UUID);
  });
});
