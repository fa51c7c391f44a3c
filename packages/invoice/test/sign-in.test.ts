/**
 * The whole merchant sign-in, as an integrator's server runs it: authorize URL → the merchant's
 * consent at a mock authorization server → code exchange → authenticated Invoice calls →
 * refresh when the access token expires, and one renewal when the API refuses a token.
 */
import { createOidcSignIn, CredentialProviderError, MemoryTokenStore } from "@mpkit/core";
import { createInvoiceClient } from "@mpkit/invoice";
import { createMockServer } from "@mpkit/mocks/node";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TestAuthorizationServer } from "../../../test/authorization-server.js";
import { MERCHANT_ID } from "./calls.js";

let clock = Date.now();
const now = () => clock;

const as = new TestAuthorizationServer({
  base: "https://sandprod-admin.mobilepay.test/account",
  // As with MobilePay, the issuer names neither the discovery host nor the token host.
  issuer: "https://api.mobilepay.test/merchant",
  tokenUrl: "https://api.sandbox.mobilepay.test/merchant-authentication-openidconnect/connect/token",
  clientId: "shopintegrator",
  clientSecret: "oidc-client-secret-value",
  redirectUri: "https://integrator.example.dk/mobilepay/signed-in",
  expiresIn: 300,
  now,
});

const server = createMockServer();
const apiTokens: (string | null)[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("request:start", ({ request }) => {
    if (request.url.includes("/invoice-restapi/")) apiTokens.push(request.headers.get("authorization"));
  });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setUp() {
  server.use(...as.handlers());
  const store = new MemoryTokenStore();
  const signIn = createOidcSignIn({
    discoveryUrl: as.discoveryUrl,
    clientId: as.options.clientId,
    clientSecret: as.options.clientSecret,
    redirectUri: as.options.redirectUri,
    scopes: ["invoice"],
    store,
    now,
  });
  const invoice = createInvoiceClient({
    environment: "sandbox",
    credentials: { MerchantOidc: signIn.accessToken("merchant-1"), IbmClientId: "app-id", IbmClientSecret: "app-secret" },
  });
  return { signIn, store, invoice };
}

async function signInMerchant(signIn: ReturnType<typeof createOidcSignIn>) {
  const { url, pending } = await signIn.authorizationUrl({ merchantVat: "DK12345678" });
  const redirect = await as.consent(url);
  return { url, tokens: await signIn.completeSignIn(redirect, pending, "merchant-1") };
}

describe("OpenID Connect sign-in to the Invoice API", () => {
  it("builds an authorize URL with PKCE, state, nonce, scopes and merchant_vat", async () => {
    const { signIn } = setUp();
    const first = await signIn.authorizationUrl({ merchantVat: "DK12345678" });
    const second = await signIn.authorizationUrl();
    const q = first.url.searchParams;
    expect(`${first.url.origin}${first.url.pathname}`).toBe(as.authorizeUrl);
    expect(Object.fromEntries(q)).toMatchObject({
      response_type: "code id_token",
      response_mode: "form_post",
      client_id: "shopintegrator",
      redirect_uri: as.options.redirectUri,
      scope: "openid invoice offline_access",
      code_challenge_method: "S256",
      merchant_vat: "DK12345678",
      state: first.pending.state,
      nonce: first.pending.nonce,
    });
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("code_challenge")).not.toBe(first.pending.codeVerifier);
    expect(second.pending.state).not.toBe(first.pending.state);
    expect(second.pending.nonce).not.toBe(first.pending.nonce);
    expect(second.url.searchParams.has("merchant_vat")).toBe(false);
  });

  it("signs in, calls the API with the token, refreshes after expiry and stores the new tokens", async () => {
    const { signIn, store, invoice } = setUp();
    const { tokens } = await signInMerchant(signIn);
    expect(tokens.accessToken).toBe(as.issuedAccessTokens.at(-1));
    expect(tokens.refreshToken).toMatch(/^rt-/);
    expect(tokens.expiresAt).toBe(clock + 300_000);
    const exchange = as.tokenRequests.at(-1)!;
    expect(exchange.get("grant_type")).toBe("authorization_code");
    expect(exchange.get("code_verifier")).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    apiTokens.length = 0;
    const me = await invoice.getCurrentMerchant();
    expect(me.MerchantId).toBeDefined();
    await invoice.listInvoiceIssuers({ merchantId: MERCHANT_ID });
    expect(apiTokens).toEqual([`Bearer ${tokens.accessToken}`, `Bearer ${tokens.accessToken}`]);

    // Five minutes later the access token has expired: the next calls refresh it, once.
    clock += 301_000;
    const before = as.tokenRequests.length;
    await Promise.all([invoice.getCurrentMerchant(), invoice.getCurrentMerchant(), invoice.getCurrentMerchant()]);
    expect(as.tokenRequests.slice(before).map((r) => r.get("grant_type"))).toEqual(["refresh_token"]);
    const refreshed = store.get("merchant-1")!;
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(apiTokens.slice(-3)).toEqual(Array(3).fill(`Bearer ${refreshed.accessToken}`));
  });

  it("renews the token once when the API answers 401, and does not loop when it keeps answering 401", async () => {
    const { signIn, store, invoice } = setUp();
    await signInMerchant(signIn);
    const refused = store.get("merchant-1")!.accessToken;
    // The API refuses the first token (e.g. superseded by a newer flow) and accepts later ones.
    server.use(
      http.get("https://api.sandbox.mobilepay.dk/invoice-restapi/api/v1/merchants/me", ({ request }) =>
        request.headers.get("authorization") === `Bearer ${refused}`
          ? HttpResponse.json({ error: "Unauthorized" }, { status: 401 })
          : undefined,
      ),
    );
    const before = as.tokenRequests.length;
    await expect(invoice.getCurrentMerchant()).resolves.toBeDefined();
    expect(as.tokenRequests.length - before).toBe(1);

    server.use(
      http.get("https://api.sandbox.mobilepay.dk/invoice-restapi/api/v1/merchants/me", () =>
        HttpResponse.json({ error: "Unauthorized" }, { status: 401 }),
      ),
    );
    apiTokens.length = 0;
    const error = await invoice.getCurrentMerchant().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", status: 401, attempts: 2 });
    expect(apiTokens).toHaveLength(2);
  });

  it("refuses a redirect whose state does not match, and a code used twice", async () => {
    const { signIn } = setUp();
    const { url, pending } = await signIn.authorizationUrl();
    const redirect = await as.consent(url);
    await expect(signIn.completeSignIn(redirect.clone(), { ...pending, state: "forged" })).rejects.toMatchObject({
      name: "TokenUnavailableError",
    });
    await signIn.completeSignIn(redirect.clone(), pending);
    await expect(signIn.completeSignIn(redirect.clone(), pending)).rejects.toMatchObject({ code: "invalid_grant" });
  });

  it("refuses a redirect whose ID token signature was tampered with", async () => {
    const { signIn } = setUp();
    const { url, pending } = await signIn.authorizationUrl();
    const redirect = new URLSearchParams(await (await as.consent(url)).text());
    const [header, payload, signature] = redirect.get("id_token")!.split(".");
    const forged = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    forged.sub = "someone-else";
    redirect.set("id_token", `${header}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`);
    const before = as.tokenRequests.length;
    await expect(signIn.completeSignIn(redirect, pending)).rejects.toMatchObject({
      name: "TokenUnavailableError",
      message: expect.stringMatching(/signature/i),
    });
    // The code was never exchanged.
    expect(as.tokenRequests.length).toBe(before);
  });

  it("refuses an ID token whose nonce is not the one sent", async () => {
    const { signIn } = setUp();
    const { url, pending } = await signIn.authorizationUrl();
    const redirect = await as.consent(url);
    await expect(signIn.completeSignIn(redirect, { ...pending, nonce: "another-nonce" })).rejects.toMatchObject({
      name: "TokenUnavailableError",
    });
  });

  it("asks for a new sign-in when the refresh token is revoked, forgetting the dead tokens", async () => {
    const { signIn, store, invoice } = setUp();
    await signInMerchant(signIn);
    as.revokeRefreshTokens();
    clock += 301_000;
    const error = await invoice.getCurrentMerchant().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialProviderError);
    expect((error as CredentialProviderError).cause).toMatchObject({ code: "invalid_grant" });
    expect(store.get("merchant-1")).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain("oidc-client-secret-value");
  });
});
