/**
 * Business rules (`x-mpkit-rules`) and rate limits (`x-mpkit-rate-limit`) in the stateful mocks:
 * each rule answered with its documented status and product error code, each rate limit with 429
 * and `Retry-After`, counted on the mock clock.
 */
import { createInvoiceClient } from "@mpkit/invoice";
import { createInvoiceMock, createOnlineMock, createSubscriptionsMock, type MockOperation, subscriptionsMock } from "@mpkit/mocks";
import { createOnlineClient } from "@mpkit/online";
import { getResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invoiceDirect, MERCHANT_ID, testCredentials } from "../../packages/invoice/test/calls.js";
import { payment, testCredentials as onlineCredentials } from "../../packages/online/test/calls.js";

const invoice = createInvoiceMock();
const online = createOnlineMock();
const subscriptions = createSubscriptionsMock({ validate: false });
const server = setupServer(...invoice.handlers, ...online.handlers);
const client = createInvoiceClient({ credentials: testCredentials });
const onlineClient = createOnlineClient({ credentials: onlineCredentials });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  for (const mock of [invoice, online, subscriptions]) {
    mock.reset();
    mock.clock.reset();
  }
});

const create = (body: Partial<typeof invoiceDirect>) =>
  client.createInvoice({ merchantId: MERCHANT_ID, body: { ...invoiceDirect, DueDate: "2026-02-01", IssueDate: "2026-01-05", ...body } }).catch((e: unknown) => e);

describe("Invoice business rules (createInvoice), on the mock clock (today: 2026-01-05)", () => {
  it.each([
    ["due-date-window, before today", { DueDate: "2026-01-04" }, "10311"],
    ["due-date-window, 400 days ahead", { DueDate: "2027-02-09" }, "10310"],
    ["issue-date-not-in-future", { IssueDate: "2026-01-06" }, "10312"],
    ["max-amount-by-country (DK 300000)", { TotalAmount: 300001, TotalVatAmount: 1 }, "10201"],
  ])("%s → 409 %s", async (_name, body, code) => {
    expect(await create(body)).toMatchObject({ status: 409, body: { error: "DomainError", error_code: code, error_context: "Invoices" } });
  });

  it("accepts the edges of the windows", async () => {
    await expect(create({ DueDate: "2026-01-05", IssueDate: "2026-01-05" })).resolves.toMatchObject({ InvoiceId: expect.any(String) });
    await expect(create({ DueDate: "2027-02-08", InvoiceNumber: "edge" })).resolves.toMatchObject({ InvoiceId: expect.any(String) });
  });

  it("daily-limit-per-consumer: the 11th invoice to one consumer in a day → 409 10314; the next day is fine", async () => {
    for (let i = 0; i < 10; i++) await expect(create({ InvoiceNumber: `D-${i}` })).resolves.toHaveProperty("InvoiceId");
    expect(await create({ InvoiceNumber: "D-10" })).toMatchObject({ status: 409, body: { error_code: "10314" } });
    await invoice.clock.advance("P1D");
    await expect(create({ InvoiceNumber: "D-11" })).resolves.toHaveProperty("InvoiceId");
  });

  it("no-duplicate: an identical invoice → 409 10104", async () => {
    await create({});
    expect(await create({})).toMatchObject({ status: 409, body: { error_code: "10104" } });
  });
});

describe("Online business rules (initiatePayment)", () => {
  it("request-fishing: same merchantId and pspReferenceId with another field → 409; an identical repeat answers the first payment", async () => {
    const first = await onlineClient.initiatePayment({ body: payment });
    await expect(onlineClient.initiatePayment({ body: payment })).resolves.toEqual(first);
    const error = await onlineClient.initiatePayment({ body: { ...payment, amount: payment.amount + 1 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, body: { code: "409" } });
  });
});

const limited = subscriptionsMock.operations.filter((op): op is MockOperation & { rateLimit: NonNullable<MockOperation["rateLimit"]> } => op.rateLimit !== undefined);

describe("Subscriptions rate limits", () => {
  const base = (op: MockOperation) => Object.values(op.servers ?? subscriptionsMock.environments)[0]!;
  const url = (op: MockOperation, id: string) =>
    `${base(op)}${op.path.replace(/\{[^}]+\}/g, id)}${op.rateLimit?.per?.some((p) => /page/i.test(p)) ? "?pageNumber=1&pageSize=10" : ""}`;
  // Hundreds of requests per limit: straight to the product's handlers, without interception.
  const send = async (op: MockOperation, id: string) => {
    const request = new Request(url(op, id), {
      method: op.method.toUpperCase(),
      headers: { "Content-Type": "application/json" },
      body: op.requestBody ? "{}" : undefined,
    });
    return (await getResponse(subscriptions.handlers, request))!;
  };

  it("covers every documented limit", () => expect(limited.length).toBeGreaterThanOrEqual(10));

  it.each(limited.map((op) => [op.operationId, op] as const))("%s: 429 with Retry-After once the limit is reached, per key, on the mock clock", async (_id, op) => {
    const { requests, perSeconds } = op.rateLimit;
    const key = "1b08e244-4aea-4988-99d6-1bd22c6a5b2c";
    const answers = await Promise.all(Array.from({ length: requests }, () => send(op, key)));
    expect(answers.filter((r) => r.status === 429)).toHaveLength(0);
    const refused = await send(op, key);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBe(perSeconds);
    if (op.rateLimit.per?.length) expect((await send(op, "2c19f355-5bfb-4a99-aa2e-2ce33f7b6c3d")).status).not.toBe(429);
    await subscriptions.clock.advance(`PT${perSeconds}S`);
    expect((await send(op, key)).status).not.toBe(429);
  });
});
