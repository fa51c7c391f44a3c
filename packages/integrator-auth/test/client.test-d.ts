/** Compile-time behaviour of the generated Integrator Authentication client. */
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  createIntegratorAuthClient,
  type IntegratorAuthClientConfig,
  isIntegratorAuthApiError,
  type OAuthError,
  type TokenRequest,
  type TokenResponse,
} from "@mpkit/integrator-auth";

const auth = createIntegratorAuthClient();

describe("the Integrator Authentication client's types", () => {
  it("take the token request as form fields and resolve to the token", () => {
    expectTypeOf(auth.requestAccessToken({ body: { grant_type: "client_credentials" } })).resolves.toEqualTypeOf<TokenResponse>();
    expectTypeOf<TokenRequest["grant_type"]>().toEqualTypeOf<"client_credentials">();
    expectTypeOf<TokenResponse["token_type"]>().toEqualTypeOf<"Bearer">();
  });

  it("need no input for discovery and JWKS", () => {
    void auth.getOpenIdConfiguration();
    void auth.getJsonWebKeySet();
  });

  it("narrow errors to the OAuth error body", () => {
    const error: unknown = undefined;
    if (isIntegratorAuthApiError(error, "requestAccessToken")) {
      expectTypeOf(error).toExtend<ApiError<OAuthError>>();
      expectTypeOf(error.body.error).toEqualTypeOf<
        "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope"
      >();
    }
  });

  it("type credentials by scheme: HTTP Basic takes a username and password", () => {
    expectTypeOf<keyof NonNullable<IntegratorAuthClientConfig["credentials"]>>().toEqualTypeOf<"ClientBasicAuth" | "IbmClientId">();
    createIntegratorAuthClient({ credentials: { ClientBasicAuth: { username: "acme-pos", password: () => "secret" } } });
  });
});
