/**
 * The stateful Invoice mock through the generated client: create → read back → user simulation
 * → the callback arrives with the right payload → final state → an illegal transition refused
 * with the documented code; plus expiry and redelivery on the mock clock, and the controls.
 */
import { createInvoiceClient, isInvoiceApiError } from "@mpkit/invoice";
import { createInvoiceMock, invoiceMock, ProductValidator } from "@mpkit/mocks";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invoiceDirect, MERCHANT_ID, testCredentials, TEST_USER, TEST_CARD } from "../../packages/invoice/test/calls.js";

const received: { url: string; body: unknown }[] = [];
let answer = 200;
const mock = createInvoiceMock({
  webhookUrl: "https://merchant.example/callbacks/invoice",
  deliver: async (request) => {
    received.push({ url: request.url, body: await request.json() });
    return new Response(null, { status: answer });
  },
});
const server = setupServer(...mock.handlers);
const validator = new ProductValidator(invoiceMock);
const client = createInvoiceClient({ credentials: testCredentials });
const sim = { headers: { AuthenticatedUser: TEST_USER } };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  mock.clock.reset();
  received.length = 0;
  answer = 200;
});

async function created() {
  const { InvoiceId } = await client.createInvoice({ merchantId: MERCHANT_ID, body: { ...invoiceDirect, IssueDate: "2026-01-05", InvoiceNumber: "S-1", TotalAmount: 480 } });
  await mock.clock.settled(); // the Created event
  return InvoiceId;
}

const statuses = () => received.map((r) => (r.body as { Status: string }[])[0]!.Status);
const after = (status: string) => mock.deliveries.filter((d) => (d.payload as { Status: string }[])[0]!.Status === status);

describe("Invoice stateful mock", () => {
  it("runs an invoice's life cycle", async () => {
    const invoiceId = await created();
    const stored = await client.getInvoice({ merchantId: MERCHANT_ID, invoiceId });
    expect(stored).toMatchObject({ InvoiceId: invoiceId, InvoiceNumber: "S-1", TotalAmount: 480, Status: "created", MerchantId: MERCHANT_ID });
    expect(validator.checkResponse(invoiceMock.operations.find((o) => o.operationId === "getInvoice")!, 200, stored)).toEqual([]);

    await client.simulateAcceptInvoice({ invoiceId, ...sim, body: { ConsumerCardId: TEST_CARD } });
    await mock.clock.settled();
    expect(statuses()).toEqual(["Created", "Paid"]);
    expect(received[1]!.url).toBe("https://merchant.example/callbacks/invoice");
    expect(received[1]!.body).toEqual([expect.objectContaining({ InvoiceId: invoiceId, Status: "Paid" })]);
    for (const r of received) expect(validator.checkWebhook("invoiceStatusChanged", r.body)).toEqual([]);

    await expect(client.getInvoiceStatus({ merchantId: MERCHANT_ID, invoiceId })).resolves.toMatchObject({ Status: "paid" });
    const refused = await client.cancelInvoice({ merchantId: MERCHANT_ID, invoiceId }).catch((e: unknown) => e);
    expect(isInvoiceApiError(refused, "cancelInvoice") && refused.status).toBe(409);
    expect(refused).toMatchObject({ body: { error: "DomainError", error_code: "10504", error_context: "Invoices" } });
  });

  it("answers 404 in the Invoice error format for an invoice never created", async () => {
    const error = await client.getInvoice({ merchantId: MERCHANT_ID, invoiceId: "0d9f6a83-57d5-4a1b-9a65-31b7d1c2a4e0" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, body: { error: "DomainError", error_context: "Invoices" } });
  });

  it("cancels once, and refuses the second cancel", async () => {
    const invoiceId = await created();
    await client.cancelInvoice({ merchantId: MERCHANT_ID, invoiceId });
    await expect(client.getInvoice({ merchantId: MERCHANT_ID, invoiceId })).resolves.toMatchObject({ Status: "canceled" });
    await expect(client.cancelInvoice({ merchantId: MERCHANT_ID, invoiceId })).rejects.toMatchObject({ status: 409 });
    await expect(client.simulateRejectInvoice({ invoiceId, ...sim })).rejects.toMatchObject({ status: 409 });
  });

  it("expires an untouched invoice DueDate + 30 days later, on the mock clock", async () => {
    const invoiceId = await created();
    await mock.clock.set("2027-01-18T00:00:00Z");
    await expect(client.getInvoice({ merchantId: MERCHANT_ID, invoiceId })).resolves.toMatchObject({ Status: "created" });
    await mock.clock.advance("P2D");
    await expect(client.getInvoice({ merchantId: MERCHANT_ID, invoiceId })).resolves.toMatchObject({ Status: "expired" });
    expect(statuses()).toEqual(["Created", "Expired"]);
  });

  it("redelivers a failed callback on the documented schedule (8 retries)", async () => {
    const invoiceId = await created();
    answer = 503;
    const start = Date.now();
    await client.simulateRejectInvoice({ invoiceId, ...sim });
    await mock.clock.advance("P3D");
    const attempts = after("Rejected").map((d) => (Date.parse(d.at) - Date.parse(after("Rejected")[0]!.at)) / 1000);
    expect(attempts).toEqual([0, 5, 1145, 3485, 8225, 17765, 36905, 75245, 151985]);
    expect(after("Rejected").every((d) => d.status === 503)).toBe(true);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it("stores each item of a batch, lists and snapshots are deterministic", async () => {
    const batch = await client.createInvoiceBatch({ merchantId: MERCHANT_ID, body: [invoiceDirect, { ...invoiceDirect, InvoiceNumber: "302" }] });
    expect(batch.Accepted).toHaveLength(2);
    expect(batch.Rejected).toEqual([]);
    expect(mock.resources("invoices").map((i) => i.InvoiceNumber)).toEqual(["301", "302"]);
    const snap = mock.snapshot();
    const first = mock.resources("invoices").map((i) => i.InvoiceId);
    mock.reset();
    await client.createInvoiceBatch({ merchantId: MERCHANT_ID, body: [invoiceDirect, { ...invoiceDirect, InvoiceNumber: "302" }] });
    expect(mock.resources("invoices").map((i) => i.InvoiceId)).toEqual(first);
    mock.reset();
    expect(mock.resources("invoices")).toEqual([]);
    mock.restore(snap);
    expect(mock.resources("invoices")).toHaveLength(2);
  });

  it("keeps stored invoices apart from the caller's objects (seed, resources, snapshot) with JSON semantics", () => {
    const extra = JSON.parse('{"__proto__": {"polluted": true}, "Lines": [1, 2]}') as Record<string, unknown>;
    const given = { InvoiceId: "5b0f2c1e-8d4a-4f6b-9c3e-2a1d7e6f5b40", Status: "accepted", InvoiceNumber: "ISO", Gone: undefined, Extra: extra };
    mock.seed({ invoices: [given] } as never);
    given.InvoiceNumber = "CHANGED";
    (extra.Lines as number[]).push(3);
    const [stored] = mock.resources("invoices");
    expect(stored).toMatchObject({ InvoiceNumber: "ISO", Extra: { Lines: [1, 2] } });
    expect(Object.hasOwn(stored!, "Gone")).toBe(false);
    expect(Object.hasOwn(stored!.Extra as object, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    stored!.InvoiceNumber = "MUTATED";
    const snap = mock.snapshot();
    expect(mock.resources("invoices")[0]!.InvoiceNumber).toBe("ISO");
    mock.reset();
    mock.restore(snap);
    mock.resources("invoices")[0]!.InvoiceNumber = "AGAIN";
    mock.reset();
    mock.restore(snap);
    expect(mock.resources("invoices")[0]!.InvoiceNumber).toBe("ISO");
  });

  it("refuses to seed a resource kind the spec does not keep", () => {
    expect(() => mock.seed({ constructor: [{}] } as never)).toThrow(/keep no resource "constructor"; known: invoices/);
  });

  it("serves seeded invoices", async () => {
    mock.seed({ invoices: [{ InvoiceId: "0d9f6a83-57d5-4a1b-9a65-31b7d1c2a4e0", Status: "accepted", InvoiceNumber: "SEED" }] });
    await expect(client.getInvoice({ merchantId: MERCHANT_ID, invoiceId: "0d9f6a83-57d5-4a1b-9a65-31b7d1c2a4e0" })).resolves.toMatchObject({
      InvoiceNumber: "SEED",
      Status: "accepted",
    });
  });
});
