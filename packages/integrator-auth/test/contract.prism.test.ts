/**
 * Contract test: every Integrator Authentication operation, called through the generated client,
 * against a real Prism server serving specs/integrator-auth (see test/global-setup.ts).
 */
import { createIntegratorAuthClient, integratorAuthProduct, isIntegratorAuthApiError } from "@mpkit/integrator-auth";
import { describe, expect, inject, it } from "vitest";
import { integratorAuthCalls, testCredentials } from "./calls.js";

const baseUrl = inject("prismUrls")["integrator-auth"];
const client = createIntegratorAuthClient({ baseUrl, credentials: testCredentials });

describe("Integrator Authentication client against Prism", () => {
  it("covers every operation of the spec", () => {
    expect(Object.keys(integratorAuthCalls).sort()).toEqual(Object.keys(integratorAuthProduct.operations).sort());
    expect(Object.keys(integratorAuthProduct.operations)).toHaveLength(3);
  });

  it.each(Object.entries(integratorAuthCalls))("%s", async (_operationId, call) => {
    await call(client);
  });

  it("gets a token with HTTP Basic alone (x-ibm-client-id is optional on the token endpoint)", async () => {
    const basicOnly = createIntegratorAuthClient({ baseUrl, credentials: { ClientBasicAuth: testCredentials.ClientBasicAuth } });
    await expect(basicOnly.requestAccessToken({ body: { grant_type: "client_credentials" } })).resolves.toHaveProperty("token_type", "Bearer");
  });

  it("is refused by Prism when merchant_vat is malformed, and the client says so in a typed error", async () => {
    const error = await client
      .requestAccessToken({ body: { grant_type: "client_credentials", merchant_vat: "DK-12345678" } })
      .catch((e: unknown) => e);
    expect(isIntegratorAuthApiError(error, "requestAccessToken")).toBe(true);
    expect([400, 422]).toContain((error as { status: number }).status);
  });

  it("is refused by Prism when the client is not authenticated", async () => {
    const anonymous = createIntegratorAuthClient({ baseUrl });
    const error = await anonymous.getJsonWebKeySet().catch((e: unknown) => e);
    // The client refuses before sending anything; the server refuses such a request with 401.
    expect(error).toMatchObject({ kind: "credentials", operationId: "getJsonWebKeySet" });
    const response = await fetch(`${baseUrl}/.well-known/openid-configuration/jwks`);
    expect(response.status).toBe(401);
  });
});
