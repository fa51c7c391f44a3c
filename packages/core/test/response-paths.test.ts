/**
 * The response and redirect paths of the runtime with a stubbed fetch (no server): invalid
 * redirect targets, bodies over the size limit by their declared length, bodies in several
 * chunks, bodies of 204 answers, error bodies that are not JSON, policy layers.
 */
import { describe, expect, it } from "vitest";
import { ApiError, createShopClient, RedirectError, ResponseParseError } from "./shop-fixture.js";

const ITEM = { id: "5b0e5f4e-4a49-4f0c-9d35-0a3e8b6a1f11", name: "Kettle", price: 25.5 };
const TOKEN = "token-5ecret-value";

/** A client whose fetch answers with `respond` (called with each request) and records the requests. */
function clientAnswering(respond: (request: Request, index: number) => Response, config: Parameters<typeof createShopClient>[0] = {}) {
  const requests: Request[] = [];
  const client = createShopClient({
    credentials: { Token: TOKEN, ClientId: "client-abc" },
    fetch: async (request) => respond(request, requests.push(request) - 1),
    retryTuning: { sleep: async () => undefined },
    ...config,
  });
  return { client, requests };
}

/** A body arriving in the given pieces. */
function chunked(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

describe("redirect targets", () => {
  it.each([
    ["a location that is not a URL", "http://[::1", "http://[::1"],
    ["a location that is not http(s)", `ftp://files.test/${TOKEN}`, "ftp://files.test/[redacted]"],
  ])("refuses %s as an invalid location, secrets redacted, nothing sent there", async (_, location, shown) => {
    const { client, requests } = clientAnswering(() => new Response(null, { status: 302, headers: { location } }));
    const error = await client.getItem({ itemId: ITEM.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ kind: "redirect", reason: "invalid-location", status: 302, location: shown, attempts: 1 });
    expect((error as Error).message).toBe(`getItem (GET /items/{itemId}) was redirected to ${shown} (HTTP 302), not followed: invalid-location`);
    expect(requests).toHaveLength(1);
  });
});

describe("response bodies", () => {
  it("refuses a 2xx body whose declared length passes maxResponseBytes, without reading it", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16));
      },
    });
    const { client } = clientAnswering(() => new Response(body, { headers: { "content-length": "4096" } }), { maxResponseBytes: 1024 });
    const error = await client.getItem({ itemId: ITEM.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(String((error as Error).cause)).toMatch(/larger than the 1024-byte limit/);
    // At most what the stream buffered on its own: the client never read it.
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("joins a body that arrives in several chunks", async () => {
    const text = JSON.stringify(ITEM);
    const { client } = clientAnswering(() => new Response(chunked(text.slice(0, 5), text.slice(5, 20), text.slice(20))));
    await expect(client.getItem({ itemId: ITEM.id })).resolves.toEqual(ITEM);
  });

  it("resolves a 204 answer to undefined whatever its body", async () => {
    // WHATWG Response refuses a body with 204; a fetch of another kind may still hand one over.
    const { client } = clientAnswering(() => Object.defineProperty(new Response("not json"), "status", { value: 204 }));
    await expect(client.deleteItem({ itemId: ITEM.id })).resolves.toBeUndefined();
  });

  it("keeps an error body that is not JSON as text, and an empty one as undefined", async () => {
    const { client } = clientAnswering((_, index) => new Response(index === 0 ? "<h1>teapot</h1>" : "", { status: 418 }));
    const first = await client.getItem({ itemId: ITEM.id }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ApiError);
    expect(first).toMatchObject({ status: 418, body: "<h1>teapot</h1>" });
    const second = await client.getItem({ itemId: ITEM.id }).catch((e: unknown) => e);
    expect(second).toMatchObject({ status: 418, body: undefined });
    expect("body" in (second as object)).toBe(true);
  });
});

describe("policy layers", () => {
  it("lowers retries to the smallest maxRetries of any layer, and a call's own retries too", async () => {
    const { client, requests } = clientAnswering(() => new Response(null, { status: 503 }), { policy: { retries: 5, maxRetries: 1 } });
    await expect(client.getItem({ itemId: ITEM.id })).rejects.toMatchObject({ status: 503, attempts: 2 });
    expect(requests).toHaveLength(2);
    await expect(client.getItem({ itemId: ITEM.id }, { retries: 4 })).rejects.toMatchObject({ attempts: 2 });
    await expect(client.getItem({ itemId: ITEM.id }, { retries: 0 })).rejects.toMatchObject({ attempts: 1 });
  });
});
