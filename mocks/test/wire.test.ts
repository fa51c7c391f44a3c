/**
 * The product handler (`RoutedHandler`) behaves as an MSW `HttpHandler` to MSW's own API, and
 * the HTTP server's shortcut past the Fetch bodies (runtime/wire.ts) changes no answer: a request
 * the server made carries its body beside it, and its answer keeps its text beside a body-less
 * `Response` with the same status and headers an ordinary request gets.
 */
import { createProductMock, invoiceMock } from "@mpkit/mocks";
import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import { keptText, notedOperation, serverRequest } from "../src/runtime/wire.js";

const base = "https://api.sandbox.mobilepay.dk/invoice-restapi";
const auth = { Authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" };
const consent = JSON.stringify({ InvoiceId: "c0b6e35d-9dfb-47d4-9c9c-1cdfd181e0a4" });

describe("the product handler", () => {
  it("matches through MSW's own test(), and hands resolvers the cookies only when they ask", async () => {
    const [handler] = createProductMock(invoiceMock).handlers.filter((h) => h.info.header.length > 0);
    const request = new Request(`${base}/api/v1/merchants/me`, { headers: { ...auth, cookie: "a=1; b=x%20y" } });
    expect(await handler!.test({ request })).toBe(true);
    expect(await handler!.test({ request: new Request(`${base}/no/such/operation`) })).toBe(false);
    const parsed = (await handler!.parse({ request })) as { cookies: Record<string, string>; match: { matches: boolean } };
    expect(parsed.match.matches).toBe(true);
    expect(parsed.cookies).toEqual({ a: "1", b: "x y" });
  });
});

describe("the server's shortcut past the Fetch bodies", () => {
  const answers = async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
    const mock = createProductMock(invoiceMock, { baseUrl: "http://mpkit.mock/invoice-restapi" });
    const ordinary = (await getResponse(mock.handlers, new Request(url, init)))!;
    const bytes = init.body === undefined ? undefined : new TextEncoder().encode(init.body);
    const mock2 = createProductMock(invoiceMock, { baseUrl: "http://mpkit.mock/invoice-restapi" });
    const request = serverRequest(new URL(url), init.method, Object.entries(init.headers), bytes);
    const shortcut = (await getResponse(mock2.handlers, request))!;
    return { ordinary, shortcut, request };
  };

  it("answers a POST with the body read beside the request: same status, headers and body text", async () => {
    const { ordinary, shortcut, request } = await answers("http://mpkit.mock/invoice-restapi/api/v1/directinvoiceconsents", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", [invoiceMock.correlationHeader ?? "x-correlation-id"]: "c0ffee00-0000-4000-8000-000000000001" },
      body: consent,
    });
    expect(ordinary.status).toBe(201);
    expect(shortcut.status).toBe(ordinary.status);
    expect([...shortcut.headers]).toEqual([...ordinary.headers]);
    expect(shortcut.body).toBeNull();
    expect(keptText(request, shortcut)).toBe(await ordinary.text());
    expect(notedOperation(request)?.op.method).toBe("post");
  });

  it("refuses an invalid body the same way, in the product's error format", async () => {
    const { ordinary, shortcut, request } = await answers("http://mpkit.mock/invoice-restapi/api/v1/directinvoiceconsents", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", [invoiceMock.correlationHeader ?? "x-correlation-id"]: "c0ffee00-0000-4000-8000-000000000001" },
      body: '{"InvoiceId": 12',
    });
    expect(ordinary.status).toBe(400);
    expect(shortcut.status).toBe(400);
    expect([...shortcut.headers]).toEqual([...ordinary.headers]);
    expect(keptText(request, shortcut)).toBe(await ordinary.text());
  });

  it("keeps nothing beside an ordinary request's answer", async () => {
    const { ordinary } = await answers("http://mpkit.mock/invoice-restapi/api/v1/merchants/me", { method: "GET", headers: { ...auth } });
    expect(ordinary.status).toBe(200);
    expect(ordinary.body).not.toBeNull();
    expect(keptText(new Request("http://mpkit.mock/"), ordinary)).toBeUndefined();
  });
});
