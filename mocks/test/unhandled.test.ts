/**
 * A request no mock answers says so: "no mock for this request", its method and URL, and the
 * closest operations of the mocked products, instead of MSW's "Cannot bypass a request when
 * using the error strategy".
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createInvoiceClient } from "@mpkit/invoice";
import { closestOperations, NoMockError, productMocks } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";

const SANDBOX = "https://api.sandbox.mobilepay.dk/invoice-restapi";
const server = createMockServer({ stateful: false });
const errors = vi.spyOn(console, "error").mockImplementation(() => {});

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => errors.mockClear());
afterAll(() => {
  server.close();
  errors.mockRestore();
});

describe("a request no mock answers", () => {
  it("fails with the method, the URL and the closest operations", async () => {
    // A typo in the path of getInvoice ("invoice" for "invoices").
    const url = `${SANDBOX}/api/v1/merchants/m-1/invoice/i-1`;
    const failure = await fetch(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(NoMockError);
    const message = (failure as NoMockError).message;
    expect(message.split("\n")[0]).toBe(`no mock for this request: GET ${url}`);
    expect(message).not.toMatch(/Cannot bypass/);
    expect((failure as NoMockError).closest[0]).toEqual({
      product: "invoice",
      operationId: "getInvoice",
      method: "GET",
      url: `${SANDBOX}/api/v1/merchants/{merchantId}/invoices/{invoiceId}`,
    });
    expect(message).toContain(`invoice getInvoice: GET ${SANDBOX}/api/v1/merchants/{merchantId}/invoices/{invoiceId}`);
    // Printed too, for code that swallows the rejection.
    expect(errors).toHaveBeenCalledWith(expect.stringContaining(`no mock for this request: GET ${url}`));
  });

  it("reaches a client's caller as the cause of its NetworkError", async () => {
    const client = createInvoiceClient({
      baseUrl: "https://invoice.example.test/api",
      credentials: { MerchantOidc: "t", IbmClientId: "i", IbmClientSecret: "s" },
      policy: { retries: 0 },
    });
    const failure = (await client.getCurrentMerchant().catch((error: unknown) => error)) as Error & { kind?: string; cause?: unknown };
    expect(failure.kind).toBe("network");
    expect(failure.cause).toBeInstanceOf(NoMockError);
    expect((failure.cause as NoMockError).message).toMatch(/^no mock for this request: GET https:\/\/invoice\.example\.test\/api\/api\/v1\/merchants\/me\n/);
    expect((failure.cause as NoMockError).closest.map((c) => `${c.product} ${c.operationId}`)).toContain("invoice getCurrentMerchant");
  });

  it("with the warn strategy: printed with the closest operations, then sent on", async () => {
    const warn = createMockServer({ stateful: false });
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    server.close();
    warn.listen();
    try {
      // Nothing listens on port 9 of the loopback: the request goes through and is refused there.
      const failure = await fetch("http://127.0.0.1:9/api/v1/merchants/me").catch((error: unknown) => error);
      expect(failure).not.toBeInstanceOf(NoMockError);
      expect(warnings).toHaveBeenCalledWith(expect.stringMatching(/^\[mpkit mocks\] no mock for this request: GET http:\/\/127\.0\.0\.1:9\/api\/v1\/merchants\/me\n[\s\S]*getCurrentMerchant/));
    } finally {
      warn.close();
      warnings.mockRestore();
      server.listen({ onUnhandledRequest: "error" });
    }
  });

  it("ranks a wrong method on the right path above other paths", () => {
    const closest = closestOperations(productMocks, "POST", `${SANDBOX}/api/v1/merchants/m-1/invoices/i-1`);
    expect(closest[0]).toMatchObject({ product: "invoice", operationId: "getInvoice", method: "GET" });
    expect(closestOperations(productMocks, "GET", "not a url")).toEqual([]);
  });
});
