/**
 * Sign-in checks from issue 10: the ID token from the token endpoint, and every refreshed one,
 * must name the subject the sign-in started with (OpenID Connect Core §3.3.2.12 and §12.2);
 * a refresh that never answers is bounded by the sign-in's timeout and by the caller's signal.
 */
import { createOidcSignIn, MemoryTokenStore } from "@mpkit/core";
import { delay, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TestAuthorizationServer } from "../../../test/authorization-server.js";

let clock = Date.now();
const now = () => clock;
const as = new TestAuthorizationServer({
  base: "https://login.mobilepay.test/account",
  issuer: "https://api.mobilepay.test/merchant",
  tokenUrl: "https://api.mobilepay.test/connect/token",
  clientId: "shopintegrator",
  clientSecret: "oidc-client-secret-value",
  redirectUri: "https://integrator.example.dk/signed-in",
  expiresIn: 300,
  now,
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  as.tokenEndpointSubject = undefined;
});
afterAll(() => server.close());

function setUp(timeoutMs?: number) {
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
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  return { signIn, store };
}

async function signInAs(signIn: ReturnType<typeof createOidcSignIn>, key: string) {
  const { url, pending } = await signIn.authorizationUrl();
  return signIn.completeSignIn(await as.consent(url), pending, key);
}

describe("issue 10 item 11: the subject of every ID token is the sign-in's", () => {
  it("refuses a token-endpoint ID token whose sub differs from the redirect's, storing nothing", async () => {
    const { signIn, store } = setUp();
    as.tokenEndpointSubject = "6f0f4bb0-someone-else";
    const error = await signInAs(signIn, "m-1").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TokenUnavailableError", code: "subject_mismatch" });
    expect(store.get("m-1")).toBeUndefined();
  });

  it("refuses a refreshed ID token with another sub, keeping the stored tokens as they were", async () => {
    const { signIn, store } = setUp();
    const tokens = await signInAs(signIn, "m-2");
    as.tokenEndpointSubject = "6f0f4bb0-someone-else";
    await expect(signIn.refresh("m-2")).rejects.toMatchObject({ name: "TokenUnavailableError", code: "subject_mismatch" });
    expect(store.get("m-2")).toEqual(tokens);
  });
});

describe("issue 10 item 2: an OIDC refresh that never answers", () => {
  it("is bounded by the sign-in's timeoutMs, and a caller's signal stops only that caller's wait", async () => {
    const { signIn, store } = setUp(200);
    await signInAs(signIn, "m-3");
    const stored = store.get("m-3");
    server.use(http.post(as.options.tokenUrl, async () => delay("infinite")));
    clock += 301_000; // the access token has expired

    const impatient = new AbortController();
    const started = performance.now();
    const first = signIn.accessToken("m-3").getAccessToken({ signal: impatient.signal }).catch((e: unknown) => e);
    const second = signIn.accessToken("m-3").getAccessToken().catch((e: unknown) => e);
    setTimeout(() => impatient.abort(new DOMException("caller gave up", "AbortError")), 20);
    const firstError = await first;
    expect(performance.now() - started).toBeLessThan(150);
    expect(firstError).toMatchObject({ name: "TokenUnavailableError", code: "AbortError" });
    // The other caller still waits for the shared refresh, which ends at the sign-in's timeout.
    expect(await second).toMatchObject({ name: "TokenUnavailableError", code: "TimeoutError" });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(store.get("m-3")).toEqual(stored);
  }, 5000);
});
