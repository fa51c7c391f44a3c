/**
 * Contract test: every Subscriptions operation, called through the generated client, against a
 * real Prism server serving specs/subscriptions with request validation on (see test/global-setup.ts).
 */
import { createSubscriptionsClient, subscriptionsProduct } from "@mpkit/subscriptions";
import { describe, expect, inject, it } from "vitest";
import { AGREEMENT_ID, agreementRequest, facadeCredentials, PROVIDER_ID, subscriptionsCalls, testCredentials } from "./calls.js";

const baseUrl = inject("prismUrls").subscriptions;
const client = createSubscriptionsClient({ baseUrl, credentials: testCredentials });

describe("Subscriptions client against Prism", () => {
  it("covers every operation of the spec", () => {
    expect(Object.keys(subscriptionsCalls).sort()).toEqual(Object.keys(subscriptionsProduct.operations).sort());
    // The 27 documented merchant routes plus the sandbox user simulation.
    expect(Object.keys(subscriptionsProduct.operations)).toHaveLength(28);
  });

  it.each(Object.entries(subscriptionsCalls))("%s", async (_operationId, call) => {
    await call(client);
  });

  it("works with the facade credentials and the Merchant-Serial-Number header", async () => {
    const facade = createSubscriptionsClient({ baseUrl, credentials: facadeCredentials });
    const page = await facade.listAgreements({ providerId: PROVIDER_ID, pageNumber: 1, headers: { "Merchant-Serial-Number": "123456" } });
    expect(page.length).toBeGreaterThan(0);
  });

  it("is refused by Prism when the body breaks the schema, and the client says so in a typed error", async () => {
    const error = await client
      .createAgreement({
        providerId: PROVIDER_ID,
        // @ts-expect-error: DKK belongs with DK, not FI
        body: { ...agreementRequest, country_code: "FI" },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", operationId: "createAgreement" });
    expect([400, 422]).toContain((error as { status: number }).status);
  });

  it("is refused by Prism when a JSON Patch uses another operation than replace", async () => {
    const error = await client
      .updateAgreement({
        providerId: PROVIDER_ID,
        agreementId: AGREEMENT_ID,
        // @ts-expect-error: only op "replace" is allowed
        body: [{ op: "add", path: "/plan", value: "Premium" }],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", operationId: "updateAgreement" });
    expect([400, 422]).toContain((error as { status: number }).status);
  });
});
