/**
 * Per-operation overrides and named scenarios (runtime/scenarios.ts): through the generated
 * Invoice client for the examples, then over every operation of every product with raw
 * requests (validation off, so any request reaches its operation), in stateful and stateless mode.
 * Delays go through an injected sleep: nothing waits.
 */
import { createInvoiceClient, isInvoiceApiError } from "@mpkit/invoice";
import {
  createInvoiceMock,
  drawDelay,
  invoiceMock,
  type MockOperation,
  type ProductMock,
  productMocks,
  ProductValidator,
  createProductMock,
} from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MERCHANT_ID, testCredentials, INVOICE_ID, invoiceDirect } from "../../packages/invoice/test/calls.js";

const slept: number[] = [];
const sleep = async (ms: number) => void slept.push(ms);
const mock = createInvoiceMock({ sleep });
const server = setupServer(...mock.handlers);
const client = createInvoiceClient({ credentials: testCredentials });
const validators = new Map(Object.values(productMocks).map((p) => [p.name, new ProductValidator(p)]));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  server.resetHandlers(...mock.handlers);
  mock.resetOverrides();
  mock.reset();
  slept.length = 0;
});

const failure = (error: unknown) =>
  isInvoiceApiError(error, "getInvoice") || isInvoiceApiError(error, "createInvoice") ? { status: error.status, body: error.body } : error;

describe("overrides by operation", () => {
  it("answers a documented status, a body, or a named example, with no URL or MSW import", async () => {
    mock.use({ getInvoice: { status: 404 } });
    const missing = await client.getInvoice({ merchantId: MERCHANT_ID, invoiceId: INVOICE_ID }).catch(failure);
    expect(missing).toMatchObject({ status: 404, body: { error: "DomainError", error_description: "Invoice not found" } });

    mock.use({ listInvoiceIssuers: { InvoiceIssuers: [] } });
    expect(await client.listInvoiceIssuers({ merchantId: MERCHANT_ID })).toEqual({ InvoiceIssuers: [] });

    mock.use({ createInvoice: { status: 409, example: "dailyLimit" } });
    const refused = await client.createInvoice({ merchantId: MERCHANT_ID, body: invoiceDirect }).catch(failure);
    expect(refused).toMatchObject({ status: 409, body: { error_code: "10314" } });

    // Overrides do not touch the state: nothing was stored by the overridden create.
    expect(mock.resources("invoices")).toEqual([]);
    mock.resetOverrides();
    expect((await client.listInvoiceIssuers({ merchantId: MERCHANT_ID })).InvoiceIssuers.length).toBeGreaterThan(0);
  });

  it("adds headers and waits a fixed or distributed delay through the injected sleep", async () => {
    mock.use({ getCurrentMerchant: { headers: { "x-trace": "abc" }, delay: 250 } });
    const response = await fetch(`${invoiceMock.environments.sandbox}/api/v1/merchants/me`, {
      headers: { authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-trace")).toBe("abc");
    expect(slept).toEqual([250]);

    mock.use({ getCurrentMerchant: { delay: { min: 100, max: 200 } } });
    for (let i = 0; i < 5; i++) await client.getCurrentMerchant();
    expect(slept.slice(1)).toHaveLength(5);
    for (const ms of slept.slice(1)) expect(ms).toBeGreaterThanOrEqual(100), expect(ms).toBeLessThanOrEqual(200);
  });

  it("draws delays deterministically by seed, with the distribution asked for", async () => {
    const run = async (seed: number) => {
      const delays: number[] = [];
      const m = createInvoiceMock({ seed, sleep: async (ms) => void delays.push(ms) });
      server.resetHandlers(...m.handlers);
      m.use({ getCurrentMerchant: { delay: { median: 300, p95: 1200 } } });
      for (let i = 0; i < 4; i++) await client.getCurrentMerchant();
      return delays;
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
    // The log-normal's median and 95th percentile over many draws.
    let state = 1;
    const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
    const draws = Array.from({ length: 4000 }, () => drawDelay({ median: 300, p95: 1200 }, random)).sort((a, b) => a - b);
    expect(draws[2000]).toBeGreaterThan(270);
    expect(draws[2000]).toBeLessThan(330);
    expect(draws[3800]).toBeGreaterThan(1000);
    expect(draws[3800]).toBeLessThan(1400);
  });

  it("refuses an unknown operation, an undocumented status, an unknown example or a bad delay, changing nothing", () => {
    mock.use({ listInvoiceIssuers: { InvoiceIssuers: [] } });
    const bad = (overrides: unknown) => () => mock.use(overrides as never);
    expect(bad({ getInvoce: { status: 404 } })).toThrow(/no operation "getInvoce"; did you mean getInvoice/);
    expect(bad({ getInvoice: { status: 418 } })).toThrow(/getInvoice documents no status 418; documented: 200, 400, 401, 404, 500/);
    expect(bad({ createInvoice: { status: 409, example: "dailyLimt" } })).toThrow(/no example "dailyLimt"; known: dueDateInPast, amountLimit, dailyLimit, duplicate, userNotFound/);
    expect(bad({ getInvoice: { delay: { min: 5, max: 1 } } })).toThrow(/delay must be/);
    expect(bad({ listInvoiceIssuers: { status: 500 }, getInvoice: { status: 418 } })).toThrow(/418/);
    // The valid half of the last call was not applied either.
    return client.listInvoiceIssuers({ merchantId: MERCHANT_ID }).then((list) => expect(list).toEqual({ InvoiceIssuers: [] }));
  });

  it("items/generate without the fake-data generator is refused when set, saying what to pass", () => {
    expect(() => createInvoiceMock().use({ listInvoiceIssuers: { items: 3 } })).toThrow(/need the fake-data generator: pass `data: \(\) => import\("@mpkit\/mocks\/data"\)`/);
  });
});

/** A raw request reaching `op` (validation is off in these mocks, so any values do). */
function requestFor(product: ProductMock, op: MockOperation, headers: Record<string, string> = {}): Request {
  const base = Object.values(op.servers ?? product.environments)[0]!.replace(/\/+$/, "");
  const path = op.path.replace(/\{[^}]+\}/g, "3f1c2a9e-6b7d-4e0f-9a21-5c8d7e6f4b30");
  const init: RequestInit = { method: op.method.toUpperCase(), headers: { "content-type": op.requestBody?.contentType ?? "application/json", ...headers } };
  if (op.requestBody && op.method !== "get") init.body = /json/.test(op.requestBody.contentType) ? "{}" : "";
  return new Request(`${base}${path}`, init);
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  return /json/.test(response.headers.get("content-type") ?? "") ? JSON.parse(text) : text;
}

describe.each([true, false])("scenarios over every operation of every product (stateful: %s)", (stateful) => {
  const mocks = Object.values(productMocks).map((p) => ({ product: p, mock: createProductMock(p, { stateful, validate: false, sleep }) }));
  beforeEach(() => {
    server.resetHandlers(...mocks.flatMap((m) => m.mock.handlers));
    for (const { mock: m } of mocks) m.resetOverrides();
  });

  // An error override never reaches the engine: one mode is enough, so it is defined in one only.
  if (stateful) it("errors: each operation answers one of its documented errors, valid against the spec", async () => {
    for (const { product, mock: m } of mocks) {
      m.useScenario("errors");
      const validator = validators.get(product.name)!;
      for (const op of product.operations) {
        const response = await fetch(requestFor(product, op));
        const documented = op.responses.filter((r) => /^[45]/.test(r.status)).map((r) => Number(r.status));
        expect(documented, `${product.name} ${op.operationId}`).toContain(response.status);
        expect(validator.checkResponse(op, response.status, await bodyOf(response)), `${product.name} ${op.operationId}`).toEqual([]);
      }
    }
  });

  it("empty: lists answer without items; slow: every answer waits; happy: back to normal", async () => {
    let lists = 0;
    for (const { product, mock: m } of mocks) {
      const validator = validators.get(product.name)!;
      m.useScenario("empty");
      // Collections: GETs whose path does not end in a parameter.
      for (const op of product.operations.filter((o) => o.method === "get" && !o.path.endsWith("}"))) {
        const response = await fetch(requestFor(product, op));
        const body = await bodyOf(response);
        if (response.status >= 300) continue;
        expect(validator.checkResponse(op, response.status, body), `${product.name} ${op.operationId}`).toEqual([]);
        // The answer's lists: the body itself, or its top-level list fields.
        const arrays = Array.isArray(body) ? [body] : Object.values((body ?? {}) as object).filter(Array.isArray);
        if (arrays.length > 0) lists++;
        // Lists of records are emptied; lists of plain values (card types) are kept.
        for (const list of arrays) expect(list.filter((x: unknown) => typeof x === "object"), `${product.name} ${op.operationId}`).toEqual([]);
      }
      m.useScenario("slow");
      slept.length = 0;
      const op = product.operations[0]!;
      await fetch(requestFor(product, op));
      expect(slept).toHaveLength(1);
      expect(slept[0]).toBeGreaterThan(0);
      m.useScenario("happy");
      slept.length = 0;
      await fetch(requestFor(product, op));
      expect(slept).toEqual([]);
    }
    expect(lists).toBeGreaterThan(2);
  });

  it("a request picks its own scenario with x-mpkit-scenario; an unknown one is a 400 naming the known ones", async () => {
    const { product } = mocks.find((m) => m.product.name === "online")!;
    const op = product.operations.find((o) => o.method === "get" && o.path.includes("{"))!;
    expect((await fetch(requestFor(product, op, { "x-mpkit-scenario": "errors" }))).status).toBeGreaterThanOrEqual(400);
    const unknown = await fetch(requestFor(product, op, { "x-mpkit-scenario": "broken" }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await bodyOf(unknown))).toMatch(/no scenario \\"broken\\"; known: happy, errors, empty, slow/);
  });
});

describe("a documented response with no example", () => {
  it("answers a schema-valid body for every such status of every operation (errors in the product's format)", async () => {
    let checked = 0;
    for (const product of Object.values(productMocks)) {
      const m = createProductMock(product, { validate: false });
      server.resetHandlers(...m.handlers);
      const validator = validators.get(product.name)!;
      for (const op of product.operations) {
        for (const r of op.responses.filter((x) => Object.keys(x.examples).length === 0)) {
          m.use({ [op.operationId]: { status: Number(r.status) } });
          const response = await fetch(requestFor(product, op));
          expect(response.status).toBe(Number(r.status));
          expect(validator.checkResponse(op, response.status, await bodyOf(response)), `${product.name} ${op.operationId} ${r.status}`).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("the combined mocks", () => {
  it("switch every product's scenario, take overrides by product, and still list only products", async () => {
    const all = createMockServer({ sleep });
    expect(Object.keys(all.mocks)).toEqual(["invoice", "online", "pos", "integratorAuth", "subscriptions"]);
    expect(all.mocks.scenarios).toEqual(["happy", "errors", "empty", "slow"]);
    all.mocks.useScenario("errors");
    expect(all.mocks.invoice.scenario).toBe("errors");
    expect(all.mocks.pos.scenario).toBe("errors");
    expect(() => all.mocks.useScenario("nope")).toThrow(/no scenario "nope"; known: happy, errors, empty, slow/);
    expect(all.mocks.scenario).toBe("errors");
    all.mocks.use({ invoice: { listInvoiceIssuers: { InvoiceIssuers: [] } } });
    expect(() => all.mocks.use({ invoce: {} } as never)).toThrow(/no product mock "invoce"; known: invoice, online/);
    server.resetHandlers(...all.listHandlers());
    expect(await client.listInvoiceIssuers({ merchantId: MERCHANT_ID })).toEqual({ InvoiceIssuers: [] });
    const other = await client.getCurrentMerchant().catch((e: unknown) => (e as { status: number }).status);
    expect(other).toBe(500);
    all.mocks.resetOverrides();
    expect(all.mocks.invoice.scenario).toBe("happy");
  });
});
