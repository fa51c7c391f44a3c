/**
 * The Invoice MSW handlers: every operation answers the generated client with a response
 * that validates against the spec, and invalid requests get the Invoice error format.
 */
import { createInvoiceClient } from "@mpkit/invoice";
import { invoiceMock, ProductValidator } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectValidResponses as expectMockedValid, routeOf } from "./support.js";
import { invoiceCalls, invoiceDirect, MERCHANT_ID, testCredentials, TEST_USER } from "../../packages/invoice/test/calls.js";

const SANDBOX = "https://api.sandbox.mobilepay.dk/invoice-restapi";
const server = createMockServer({ stateful: false });
const validator = new ProductValidator(invoiceMock);
const mocked: { request: Request; response: Response }[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("response:mocked", ({ request, response }) => {
    // The handler has read the request body by now: keep only what routing needs.
    mocked.push({ request: new Request(request.url, { method: request.method }), response: response.clone() });
  });
});
afterEach(() => {
  mocked.length = 0;
});
afterAll(() => server.close());

const operationFor = (request: Request) => routeOf(invoiceMock, request);

const expectValidResponses = () => expectMockedValid(invoiceMock, validator, mocked);

const client = createInvoiceClient({ credentials: testCredentials });

describe("Invoice mocks answer the generated client", () => {
  it("have a handler for every operation of the spec", () => {
    expect(invoiceMock.operations.map((o) => o.operationId).sort()).toEqual(Object.keys(invoiceCalls).sort());
  });

  it.each(Object.entries(invoiceCalls))("%s, with a response that validates against the spec", async (_id, call) => {
    await call(client);
    await expectValidResponses();
  });

  it("answer with the ids the request asked for", async () => {
    const invoiceId = "0d9f6a83-57d5-4a1b-9a65-31b7d1c2a4e0";
    const details = await client.getInvoice({ merchantId: MERCHANT_ID, invoiceId });
    expect(details.InvoiceId).toBe(invoiceId);
    expect(details.MerchantId).toBe(MERCHANT_ID);
    await expect(client.getInvoiceStatus({ merchantId: MERCHANT_ID, invoiceId })).resolves.toMatchObject({ InvoiceId: invoiceId });
  });

  it("serve the production base URL too", async () => {
    const production = createInvoiceClient({ environment: "production", credentials: testCredentials });
    await expect(production.getCurrentMerchant()).resolves.toHaveProperty("MerchantId");
  });
});

const headers = {
  Authorization: "Bearer sandbox-access-token",
  "x-ibm-client-id": "id",
  "x-ibm-client-secret": "secret",
  "Content-Type": "application/json",
  CorrelationId: "2a1d07f6-0c44-4c4e-9f3e-5f2b3c9d1e77",
};

interface Refusal {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  status: number;
  /** What the error description must mention. */
  mentions: RegExp;
}

const refusals: Refusal[] = [
  {
    name: "an amount that is not > 0",
    method: "POST",
    path: `/api/v1/merchants/${MERCHANT_ID}/invoices`,
    body: JSON.stringify({ ...invoiceDirect, TotalAmount: 0 }),
    status: 400,
    mentions: /body\/TotalAmount must be > 0/,
  },
  {
    name: "neither InvoiceNumber nor PaymentReference",
    method: "POST",
    path: `/api/v1/merchants/${MERCHANT_ID}/invoices`,
    body: JSON.stringify({ ...invoiceDirect, InvoiceNumber: undefined, PaymentReference: undefined }),
    status: 400,
    mentions: /InvoiceNumber|PaymentReference/,
  },
  {
    name: "an InvoiceDirect without the payer's ConsumerAlias",
    method: "POST",
    path: `/api/v1/merchants/${MERCHANT_ID}/invoices`,
    body: JSON.stringify({ ...invoiceDirect, ConsumerAlias: undefined }),
    status: 400,
    mentions: /body\/ConsumerAlias must have required property/,
  },
  {
    name: "an unknown field",
    method: "POST",
    path: `/api/v1/merchants/${MERCHANT_ID}/invoices`,
    body: JSON.stringify({ ...invoiceDirect, CountryCode: "DK" }),
    status: 400,
    mentions: /must NOT have unevaluated properties/,
  },
  {
    name: "a body that is not JSON",
    method: "POST",
    path: `/api/v1/merchants/${MERCHANT_ID}/invoices`,
    body: "{ not json",
    status: 400,
    mentions: /not valid JSON/,
  },
  {
    name: "a batch of more than 2000 invoices",
    method: "POST",
    path: `/api/v1/merchants/${MERCHANT_ID}/invoices/batch`,
    body: JSON.stringify(Array.from({ length: 2001 }, () => invoiceDirect)),
    status: 400,
    mentions: /must NOT have more than 2000 items/,
  },
  {
    name: "a merchant id that is not a UUID",
    method: "GET",
    path: "/api/v1/merchants/not-a-uuid/invoiceissuers",
    status: 400,
    mentions: /path\.merchantId must match format "uuid"/,
  },
  {
    name: "a consent list without the required state",
    method: "GET",
    path: "/api/v1/directinvoiceconsents?invoiceIssuerId=efd08c19-24cf-4833-a4a4-bfa7bd58fbb2",
    status: 400,
    mentions: /query\.state must have required property/,
  },
  {
    name: "a user simulation call without AuthenticatedUser",
    method: "PUT",
    path: "/api/v1/consumers/me/invoices/63679ab7-cc49-4f75-80a7-86217fc105ea/reject",
    status: 400,
    mentions: /header\.AuthenticatedUser/,
  },
  {
    name: "a call without a bearer token",
    method: "GET",
    path: "/api/v1/merchants/me",
    headers: { Authorization: undefined },
    status: 401,
    mentions: /credentials/,
  },
];

describe("Invoice mocks refuse invalid requests in the Invoice error format", () => {
  it.each(refusals.map((r) => [r.name, r] as const))("%s", async (_name, refusal) => {
    const sent = Object.fromEntries(
      Object.entries({ ...headers, ...refusal.headers }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const response = await fetch(`${SANDBOX}${refusal.path}`, { method: refusal.method, headers: sent, body: refusal.body });
    expect(response.status).toBe(refusal.status);
    expect(response.headers.get("CorrelationId")).toBe(headers.CorrelationId);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      correlation_id: headers.CorrelationId,
      error: "InputError",
      error_code: null,
      error_context: "Invoices",
    });
    expect(String(body.error_description)).toMatch(refusal.mentions);
    // The refusal itself conforms to the spec's ErrorResponse schema.
    const op = operationFor(new Request(`${SANDBOX}${refusal.path}`, { method: refusal.method }));
    expect(validator.checkResponse(op, refusal.status, body)).toEqual([]);
  });

  it("and the client turns the refusal into a typed ApiError", async () => {
    const error = await client
      .createInvoice({ merchantId: MERCHANT_ID, body: { ...invoiceDirect, TotalAmount: -5 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", status: 400, body: { error: "InputError", error_context: "Invoices" } });
  });

  it("answer another documented response when asked with Prefer: code", async () => {
    const response = await fetch(`${SANDBOX}/api/v1/merchants/${MERCHANT_ID}/invoices`, {
      method: "POST",
      headers: { ...headers, Prefer: "code=409" },
      body: JSON.stringify(invoiceDirect),
    });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: string; error_code: string };
    expect(body.error).toBe("DomainError");
    const op = operationFor(new Request(`${SANDBOX}/api/v1/merchants/${MERCHANT_ID}/invoices`, { method: "POST" }));
    expect(validator.checkResponse(op, 409, body)).toEqual([]);
  });

  it("accept a request again once it is fixed", async () => {
    const response = await fetch(`${SANDBOX}/api/v1/consumers/me/invoices/63679ab7-cc49-4f75-80a7-86217fc105ea/reject`, {
      method: "PUT",
      headers: { ...headers, AuthenticatedUser: TEST_USER },
    });
    expect(response.status).toBe(204);
  });
});
