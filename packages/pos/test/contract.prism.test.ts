/**
 * Contract test: every PoS operation, called through the generated client, against a real
 * Prism process serving specs/pos with request validation on (see test/global-setup.ts).
 */
import { createPosClient, createPosRawClient, isPosApiError, posProduct } from "@mpkit/pos";
import { describe, expect, inject, it } from "vitest";
import { payment, PAYMENT_ID, posCalls, testCredentials, vendorHeaders } from "./calls.js";

const client = createPosClient({ baseUrl: inject("prismUrls").pos, credentials: testCredentials, headers: vendorHeaders });

describe("PoS client against Prism", () => {
  it("covers every operation of the spec", () => {
    expect(Object.keys(posCalls).sort()).toEqual(Object.keys(posProduct.operations).sort());
    expect(Object.keys(posProduct.operations)).toHaveLength(23);
  });

  it.each(Object.entries(posCalls))("%s", async (_operationId, call) => {
    await call(client);
  });

  it("is refused by Prism when the body breaks the schema, and the client says so in a typed error", async () => {
    const error = await client
      .initiatePayment({
        // @ts-expect-error: SEK is not a PoS currency
        body: { ...payment, currencyCode: "SEK" },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", operationId: "initiatePayment" });
    expect([400, 422]).toContain((error as { status: number }).status);
  });

  it("cannot send a create call without an idempotency key: the client adds one, and Prism requires it", async () => {
    // Through the client: no key passed, one is sent, Prism accepts the call.
    await expect(
      client.createRefund({ body: { paymentId: PAYMENT_ID, amount: 20, currencyCode: "DKK", refundOrderId: "R1" } }),
    ).resolves.toHaveProperty("refundId");
    // Around the client (the raw openapi-fetch client adds credentials, not keys): Prism refuses.
    const raw = createPosRawClient({ baseUrl: inject("prismUrls").pos, credentials: testCredentials, headers: vendorHeaders });
    const { error, response } = await raw.POST("/pos/v10/refunds", {
      // @ts-expect-error: the raw client keeps the spec's types, where the key is required
      params: { header: vendorHeaders },
      body: { paymentId: PAYMENT_ID, amount: 20, currencyCode: "DKK", refundOrderId: "R1" },
    });
    expect(error).toBeDefined();
    expect([400, 422]).toContain(response.status);
  });

  it("is refused by Prism when the client system version is not Major.Minor.Build", async () => {
    const error = await client
      .getPayment({ paymentId: PAYMENT_ID, headers: { "x-mobilepay-client-system-version": "2.1" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", operationId: "getPayment" });
    expect([400, 422]).toContain((error as { status: number }).status);
  });
});
