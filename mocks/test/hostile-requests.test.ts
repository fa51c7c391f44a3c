/**
 * Issue 10, item 6: requests built to break the mocks. Each is answered with a 4xx in the
 * product's own error format (x-mpkit-mock-errors), never a 500 with a stack or a path of the
 * machine. Before the fix each of these got MSW's 500 (`{"name","message","stack"}`) or hung.
 */
import { createProductHandlers, invoiceMock, onlineMock, type ProductMock, ProductValidator, subscriptionsMock } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsFor, LEAK } from "./support.js";

const server = createMockServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const INVOICE = "https://api.sandbox.mobilepay.dk/invoice-restapi/api/v1/merchants/f3dd9011-d930-4063-901d-2a47621e5b76";
const ONLINE = "https://api.sandbox.mobilepay.dk/cardpassthrough-restapi";
const MIB = 1024 * 1024;

function operation(mock: ProductMock, id: string) {
  const op = mock.operations.find((o) => o.operationId === id);
  if (!op) throw new Error(`${mock.name} has no operation ${id}`);
  return op;
}

function headersFor(mock: ProductMock, id: string): Record<string, string> {
  return { ...credentialsFor(mock, operation(mock, id)).headers, "content-type": "application/json" };
}

/** The answer, its parsed body, and the checks every hostile request must pass. */
async function refused(response: Response, status: number): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect(text).not.toMatch(LEAK);
  expect(response.status, text.slice(0, 300)).toBe(status);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Invoice's 400 format: `{ correlation_id, error: "InputError", error_code: null, error_description, error_context }`. */
function expectInvoiceFormat(body: Record<string, unknown>, mentions: RegExp): void {
  expect(Object.keys(body).sort()).toEqual(["correlation_id", "error", "error_code", "error_context", "error_description"]);
  expect(body).toMatchObject({ error: "InputError", error_code: null, error_context: "Invoices" });
  expect(body.error_description).toMatch(mentions);
}

describe("Mocks answer malformed %-escapes in the path with a 400 in the product's format", () => {
  it.each([
    ["a truncated UTF-8 escape", "%E0%A4%A"],
    ["a lone %", "%"],
    ["an escape of non-hex digits", "%zz"],
  ])("%s (`…/invoices/%s`)", async (_name, raw) => {
    const response = await fetch(`${INVOICE}/invoices/${raw}`, { headers: headersFor(invoiceMock, "getInvoice") });
    expectInvoiceFormat(await refused(response, 400), /path\.invoiceId has a malformed %-escape/);
  });

  it("in the merchant id of a POST too", async () => {
    const response = await fetch(`${INVOICE.replace(/[^/]+$/, "%")}/invoices/batch`, {
      method: "POST",
      headers: headersFor(invoiceMock, "createInvoiceBatch"),
      body: "[]",
    });
    expectInvoiceFormat(await refused(response, 400), /path\.merchantId has a malformed %-escape/);
  });
});

describe("Mocks report a bounded number of problems, however many there are", () => {
  it("150,000 invalid items in one array: a 400 listing 20 problems and counting the rest", async () => {
    const invoice = { ConsumerAddressLines: new Array<number>(150_000).fill(1) };
    const response = await fetch(`${INVOICE}/invoices`, {
      method: "POST",
      headers: headersFor(invoiceMock, "createInvoice"),
      body: JSON.stringify(invoice),
    });
    const body = await refused(response, 400);
    expectInvoiceFormat(body, /^body/);
    expect(String(body.error_description).split("; ").length).toBeLessThanOrEqual(21);
    expect(String(body.error_description).length).toBeLessThan(4000);
  });

  it("150,000 invalid items of a referenced schema (Ajv's quadratic error collection) within a second", async () => {
    const response = await fetch(`${INVOICE}/invoices/batch`, {
      method: "POST",
      headers: headersFor(invoiceMock, "createInvoiceBatch"),
      body: JSON.stringify(new Array<number>(150_000).fill(1)),
    });
    expectInvoiceFormat(await refused(response, 400), /^body/);
  }, 10_000);
});

describe("Mocks refuse a body above the size limit (4 MiB) with 413 in the product's format", () => {
  it("a 10 MB string in a `format: uri` field", async () => {
    const response = await fetch(`${INVOICE}/auth/apikey`, {
      method: "PUT",
      headers: headersFor(invoiceMock, "setCallbackApiKey"),
      body: JSON.stringify({ ApiKey: "key", callbackurl: `https://${"a".repeat(10 * MIB)}` }),
    });
    const body = await refused(response, 413);
    expect(body).toMatchObject({ error: "InputError" });
    expect(body.error_description).toMatch(/larger than 4194304 bytes/);
  });

  it("Online answers 413 with its own code", async () => {
    const response = await fetch(`${ONLINE}/api/v1/merchants`, {
      method: "POST",
      headers: headersFor(onlineMock, "createMerchant"),
      body: JSON.stringify({ filler: "x".repeat(4 * MIB) }),
    });
    const body = await refused(response, 413);
    expect(Object.keys(body).sort()).toEqual(["code", "correlationId", "message"]);
    expect(body.code).toBe("413");
  });

  it("a streamed body without Content-Length is cut off at the limit", async () => {
    const chunk = new TextEncoder().encode("x".repeat(MIB));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 64) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${INVOICE}/invoices`, {
      method: "POST",
      headers: headersFor(invoiceMock, "createInvoice"),
      body: stream,
      duplex: "half",
    } as RequestInit);
    await refused(response, 413);
    expect(sent).toBeLessThan(64);
  });

  it("a body just under the limit is still read and validated", async () => {
    const response = await fetch(`${INVOICE}/invoices`, {
      method: "POST",
      headers: headersFor(invoiceMock, "createInvoice"),
      body: JSON.stringify({ filler: "x".repeat(4 * MIB - 100) }),
    });
    expectInvoiceFormat(await refused(response, 400), /^body/);
  });
});

describe("Validation stays bounded whatever the input", () => {
  const validator = new ProductValidator(invoiceMock);
  const setApiKey = operation(invoiceMock, "setCallbackApiKey");

  it("a 10 MB `format: uri` string fails the format instead of overflowing the regex stack", () => {
    const problems = validator.checkBody(setApiKey, { ApiKey: "key", callbackurl: `https://${"a".repeat(10 * MIB)}` });
    expect(problems).toEqual([{ at: "body/callbackurl", message: 'must match format "uri"' }]);
  });

  it("a URI of 4,096 characters is still checked, a longer one fails", () => {
    const at = (length: number) => `https://example.com/${"a".repeat(length - 20)}`;
    expect(validator.checkBody(setApiKey, { ApiKey: "key", callbackurl: at(4096) })).toEqual([]);
    expect(validator.checkBody(setApiKey, { ApiKey: "key", callbackurl: at(4097) })).toHaveLength(1);
  });

  it("a body nested 100,000 levels deep is refused without recursing into it", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(validator.checkBody(operation(invoiceMock, "createInvoice"), { ConsumerAddressLines: deep })).toEqual([
      { at: "body", message: "is nested deeper than 64 levels" },
    ]);
  });

  it("a webhook named like an Object.prototype member is unknown, not a crash", () => {
    for (const name of ["__proto__", "constructor", "toString"]) {
      expect(new ProductValidator(subscriptionsMock).checkWebhook(name, {})).toEqual([
        { at: "webhook", message: `${subscriptionsMock.title} has no webhook "${name}" with a body` },
      ]);
    }
  });
});

describe("Any unexpected exception in a handler becomes a 400 in the product's format", () => {
  // A mock whose operation names a schema the document does not have: the validator throws.
  const broken: ProductMock = {
    ...invoiceMock,
    operations: invoiceMock.operations.map((op) =>
      op.operationId === "createInvoice" ? { ...op, requestBody: { ...op.requestBody!, schema: "#/components/schemas/Missing" } } : op,
    ),
  };
  const seen: unknown[] = [];
  const own = setupServer(...createProductHandlers(broken, { baseUrl: "https://broken.test", onUnexpectedError: (e) => seen.push(e) }));

  it("without stack or path, and the error goes to onUnexpectedError", async () => {
    // One MSW server at a time: with a second one listening, MSW runs this server's handler twice.
    server.close();
    own.listen({ onUnhandledRequest: "error" });
    try {
      const response = await fetch("https://broken.test/api/v1/merchants/f3dd9011-d930-4063-901d-2a47621e5b76/invoices", {
        method: "POST",
        headers: headersFor(invoiceMock, "createInvoice"),
        body: "{}",
      });
      expectInvoiceFormat(await refused(response, 400), /^The mock could not process this request$/);
      expect(seen).toHaveLength(1);
    } finally {
      own.close();
      server.listen({ onUnhandledRequest: "error" });
    }
  });
});
