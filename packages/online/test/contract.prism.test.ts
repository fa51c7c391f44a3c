/**
 * Contract test: every Online operation, called through the generated client, against a
 * real Prism server serving specs/online with request validation on (see test/global-setup.ts).
 */
import { createOnlineClient, isOnlineApiError, onlineProduct } from "@mpkit/online";
import { describe, expect, inject, it } from "vitest";
import { ATTEMPT_ID, mit, onlineCalls, PAYMENT_ID, payment, testCredentials } from "./calls.js";

const client = createOnlineClient({ baseUrl: inject("prismUrls").online, credentials: testCredentials });

describe("Online client against Prism", () => {
  it("covers every operation of the spec", () => {
    expect(Object.keys(onlineCalls).sort()).toEqual(Object.keys(onlineProduct.operations).sort());
    expect(Object.keys(onlineProduct.operations)).toHaveLength(32);
  });

  it.each(Object.entries(onlineCalls))("%s", async (_operationId, call) => {
    await call(client);
  });

  it("is refused by Prism when the body breaks the schema, and the client says so in a typed error", async () => {
    const error = await client
      // @ts-expect-error: the currency is not one of the accepted codes
      .initiatePayment({ body: { ...payment, currencyCode: "XYZ" } })
      .catch((e: unknown) => e);
    expect(isOnlineApiError(error, "initiatePayment")).toBe(true);
    expect(error).toMatchObject({ kind: "api", operationId: "initiatePayment" });
    expect([400, 422]).toContain((error as { status: number }).status);
  });

  it("is refused by Prism when a failed attempt lacks its reason", async () => {
    const error = await client
      // @ts-expect-error: succeeded false needs reasonCode and reasonMessage
      .updateAuthorizationAttempt({ paymentId: PAYMENT_ID, authorizationAttemptId: ATTEMPT_ID, body: { succeeded: false } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", operationId: "updateAuthorizationAttempt" });
    expect([400, 422]).toContain((error as { status: number }).status);
  });

  it("is refused by Prism when last4 is not four digits", async () => {
    const error = await client
      .initiateMitPayment({ agreementId: "32484295-ba94-499b-a4e2-3ab87e69ca0c", body: { ...mit, last4: "12345" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", operationId: "initiateMitPayment" });
    expect([400, 422]).toContain((error as { status: number }).status);
  });
});
