/**
 * Contract test: every Invoice operation, called through the generated client, against a
 * real Prism server serving specs/invoice with request validation on (see test/global-setup.ts).
 */
import { createInvoiceClient, invoiceProduct } from "@mpkit/invoice";
import { describe, expect, inject, it } from "vitest";
import { invoiceCalls, testCredentials } from "./calls.js";

const client = createInvoiceClient({ baseUrl: inject("prismUrls").invoice, credentials: testCredentials });

describe("Invoice client against Prism", () => {
  it("covers every operation of the spec", () => {
    expect(Object.keys(invoiceCalls).sort()).toEqual(Object.keys(invoiceProduct.operations).sort());
    expect(Object.keys(invoiceProduct.operations)).toHaveLength(19);
  });

  it.each(Object.entries(invoiceCalls))("%s", async (_operationId, call) => {
    await call(client);
  });

  it("is refused by Prism when the body breaks the schema, and the client says so in a typed error", async () => {
    const error = await client
      .createInvoice({
        merchantId: "f3dd9011-d930-4063-901d-2a47621e5b76",
        // @ts-expect-error: TotalAmount must be a number
        body: { InvoiceIssuer: "efd08c19-24cf-4833-a4a4-bfa7bd58fbb2", TotalAmount: "free" },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", operationId: "createInvoice" });
    expect([400, 422]).toContain((error as { status: number }).status);
  });
});
