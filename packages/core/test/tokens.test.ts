/**
 * The client-credentials token source: one token request however many calls start at once,
 * the token reused until shortly before it expires, renewed once after a 401.
 */
import { http, HttpResponse, delay } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clientCredentials } from "@mpkit/core";
import { CredentialProviderError, createPaymentsClient, paymentsProduct } from "./payments-fixture.js";

const TOKEN_URL = paymentsProduct.securitySchemes.Integrator.tokenUrl;
const BASE = "https://sandbox.payments.test/v1";
const PAYMENT = { paymentId: "0f4b8f7e-3d0e-4d6c-9d4e-2f1f3c6b7a10", status: "Reserved", pollDelayInMs: 1000 };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function tokenEndpoint(expiresIn = 3700) {
  const requests: { form: URLSearchParams; authorization: string | null }[] = [];
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      requests.push({ form: new URLSearchParams(await request.text()), authorization: request.headers.get("authorization") });
      await delay(30); // long enough for concurrent callers to pile up
      return HttpResponse.json({
        access_token: `token-${requests.length}`,
        expires_in: expiresIn,
        token_type: "Bearer",
        scope: "integrator_scope",
      });
    }),
  );
  return requests;
}

function api() {
  const seen: (string | null)[] = [];
  server.use(
    http.get(`${BASE}/payments/:paymentId`, ({ request }) => {
      seen.push(request.headers.get("authorization"));
      return HttpResponse.json(PAYMENT);
    }),
  );
  return seen;
}

describe("clientCredentials", () => {
  it("is declared by the spec: the descriptor carries the token URL", () => {
    expect(TOKEN_URL).toBe("https://sandbox.payments.test/connect/token");
  });

  it("makes one token request for 20 parallel calls, with Basic client authentication and merchant_vat", async () => {
    const tokens = tokenEndpoint();
    const seen = api();
    const source = clientCredentials({ tokenUrl: TOKEN_URL, clientId: "integrator", clientSecret: "s3cret", parameters: { merchant_vat: "DK12345678" } });
    const client = createPaymentsClient({
      credentials: { Integrator: source, GatewayKey: "k" },
      headers: { "x-system-version": "1.0.0" },
    });
    await Promise.all(Array.from({ length: 20 }, () => client.getPayment({ paymentId: PAYMENT.paymentId })));
    expect(tokens).toHaveLength(1);
    expect(seen).toEqual(Array(20).fill("Bearer token-1"));
    expect(tokens[0]!.authorization).toBe(`Basic ${btoa("integrator:s3cret")}`);
    expect(Object.fromEntries(tokens[0]!.form)).toEqual({ grant_type: "client_credentials", merchant_vat: "DK12345678" });
  });

  it("reuses the token until shortly before expires_in, then requests a new one", async () => {
    const tokens = tokenEndpoint(3700);
    let clock = 1_000_000;
    const source = clientCredentials({ tokenUrl: TOKEN_URL, clientId: "c", clientSecret: "s", now: () => clock, refreshBeforeExpirySeconds: 60 });
    expect(await source.getAccessToken()).toBe("token-1");
    clock += (3700 - 61) * 1000;
    expect(await source.getAccessToken()).toBe("token-1");
    clock += 2000; // now within 60 s of expiry
    expect(await source.getAccessToken()).toBe("token-2");
    expect(tokens).toHaveLength(2);
    expect(source.current?.expiresAt).toBe(clock + 3_700_000);
  });

  it("renews once after a 401 and shares the renewal between concurrent calls", async () => {
    const tokens = tokenEndpoint();
    server.use(
      http.get(`${BASE}/payments/:paymentId`, ({ request }) =>
        request.headers.get("authorization") === "Bearer token-1"
          ? HttpResponse.json({ code: 1401, message: "expired" }, { status: 401 })
          : HttpResponse.json(PAYMENT),
      ),
    );
    const source = clientCredentials({ tokenUrl: TOKEN_URL, clientId: "c", clientSecret: "s" });
    const client = createPaymentsClient({ credentials: { Integrator: source, GatewayKey: "k" }, headers: { "x-system-version": "1.0.0" } });
    await source.getAccessToken();
    await Promise.all(Array.from({ length: 5 }, () => client.getPayment({ paymentId: PAYMENT.paymentId })));
    expect(tokens).toHaveLength(2);
  });

  it("fails the call with a CredentialProviderError when the token endpoint refuses the client", async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ error: "invalid_client" }, { status: 401 })));
    const seen = api();
    const client = createPaymentsClient({
      credentials: { Integrator: clientCredentials({ tokenUrl: TOKEN_URL, clientId: "c", clientSecret: "wrong-secret" }), GatewayKey: "k" },
      headers: { "x-system-version": "1.0.0" },
    });
    const error = await client.getPayment({ paymentId: PAYMENT.paymentId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialProviderError);
    expect((error as CredentialProviderError).cause).toMatchObject({ code: "invalid_client" });
    expect(seen).toHaveLength(0);
  });
});
