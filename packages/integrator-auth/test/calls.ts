/**
 * One typed call per Integrator Authentication operation, with assertions on the typed result.
 * The contract tests run this table against Prism (serving specs/integrator-auth) and against
 * the MSW mocks, which act as the mock authorization server.
 */
import { expect, expectTypeOf } from "vitest";
import {
  type IntegratorAuthClient,
  type IntegratorAuthOperationId,
  type JsonWebKeySet,
  type OpenIdConfiguration,
  type TokenRequest,
  type TokenResponse,
} from "@mpkit/integrator-auth";

/** A token request locked to one Danish merchant. */
export const tokenRequest: TokenRequest = { grant_type: "client_credentials", merchant_vat: "DK12345678" };

export type IntegratorAuthCall = (client: IntegratorAuthClient) => Promise<void>;

export const integratorAuthCalls = {
  async requestAccessToken(client) {
    // The body is form-encoded (application/x-www-form-urlencoded): the client is expected to
    // serialise this object as `grant_type=client_credentials&merchant_vat=DK12345678`.
    const token = await client.requestAccessToken({ body: tokenRequest });
    expectTypeOf(token).toEqualTypeOf<TokenResponse>();
    expect(token.access_token.length).toBeGreaterThan(0);
    expect(token.token_type).toBe("Bearer");
    expect(token.expires_in).toBeGreaterThan(0);
  },
  async getOpenIdConfiguration(client) {
    const discovery = await client.getOpenIdConfiguration();
    expectTypeOf(discovery).toEqualTypeOf<OpenIdConfiguration>();
    expect(discovery.token_endpoint).toMatch(/\/connect\/token$/);
    expect(discovery.grant_types_supported).toContain("client_credentials");
  },
  async getJsonWebKeySet(client) {
    const jwks = await client.getJsonWebKeySet();
    expectTypeOf(jwks).toEqualTypeOf<JsonWebKeySet>();
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(key.kty).toBe("RSA");
  },
} satisfies Record<IntegratorAuthOperationId, IntegratorAuthCall>;

/** Credentials for every security scheme of the Integrator Authentication spec (test placeholders). */
export const testCredentials = {
  ClientBasicAuth: { username: "acme-pos", password: "sandbox-client-secret" },
  IbmClientId: "sandbox-client-id",
} as const;
