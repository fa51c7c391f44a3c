/** Compile-time checks of overrides: each operation takes only its documented statuses, examples and bodies. */
import { createInvoiceMock, type InvoiceMockOverrides } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { createMockWorker } from "@mpkit/mocks/invoice/browser";
import { describe, expectTypeOf, it } from "vitest";

const mock = createInvoiceMock();

describe("override types", () => {
  it("accept documented statuses, example names, bodies, headers and delays", () => {
    mock.use({ getInvoice: { status: 404 } });
    mock.use({ getInvoice: { status: 404, example: "invoiceNotFound" } });
    mock.use({ createInvoice: { status: 409, example: "dailyLimit" } });
    mock.use({ listInvoiceIssuers: { InvoiceIssuers: [] } });
    mock.use({ listInvoiceIssuers: { items: 25, delay: { median: 200, p95: 900 } } });
    mock.use({ getCurrentMerchant: { delay: 300, headers: { "x-trace": "1" } } });
    mock.use({ createInvoiceBatch: { example: "partlyRejected" } });
    expectTypeOf<InvoiceMockOverrides["createInvoice"]>().not.toBeAny();
  });

  it("refuse what the operation does not document", () => {
    // @ts-expect-error: getInvoice documents no 418
    mock.use({ getInvoice: { status: 418 } });
    // @ts-expect-error: the 409 of createInvoice has no example "dailyLimt"
    mock.use({ createInvoice: { status: 409, example: "dailyLimt" } });
    // @ts-expect-error: "invoiceAlreadyPaid" is an example of cancelInvoice's 409, not of getInvoice's 404
    mock.use({ getInvoice: { status: 404, example: "invoiceAlreadyPaid" } });
    // @ts-expect-error: the body of listInvoiceIssuers is an object with InvoiceIssuers, not a list
    mock.use({ listInvoiceIssuers: [] });
    // @ts-expect-error: no operation getInvoce
    mock.use({ getInvoce: { status: 404 } });
    // @ts-expect-error: a delay is milliseconds or a distribution
    mock.use({ getInvoice: { delay: "slow" } });
  });

  it("carry over to the combined mocks and the per-product entries", () => {
    const server = createMockServer();
    server.mocks.use({ invoice: { getInvoice: { status: 404 } }, pos: {} });
    // @ts-expect-error: the Invoice override checked under its product
    server.mocks.use({ invoice: { getInvoice: { status: 418 } } });
    server.mocks.invoice.useScenario("errors");
    expectTypeOf(server.mocks.scenarios).toEqualTypeOf<readonly string[]>();
    const worker = createMockWorker();
    worker.mocks.invoice.use({ createInvoice: { status: 409, example: "duplicate" } });
    // @ts-expect-error: the per-product worker mocks Invoice only
    void worker.mocks.pos;
  });
});
