/**
 * The README's "Calling an API" snippets are the files in docs/examples, embedded verbatim
 * (checked here), and each one runs against the mocks: the mock authorization server for the
 * sign-in flows and the generated MSW handlers for the APIs.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createMockServer } from "@mpkit/mocks/node";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TestAuthorizationServer } from "./authorization-server.js";

const root = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const examples = readdirSync(path.join(root, "docs/examples")).filter((f) => f.endsWith(".ts"));

const server = createMockServer({ stateful: false });
const apiRequests: Request[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("request:start", ({ request }) => void apiRequests.push(request.clone()));
});
afterEach(() => {
  server.resetHandlers();
  apiRequests.length = 0;
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

describe("README snippets", () => {
  it.each(examples)("embeds docs/examples/%s verbatim", (file) => {
    const marker = `<!-- example: docs/examples/${file} -->`;
    expect(readme).toContain(marker);
    const block = readme.split(marker)[1]!.match(/^\s*```ts\n([\s\S]*?)```/)?.[1];
    expect(block).toBe(readFileSync(path.join(root, "docs/examples", file), "utf8"));
  });
});

describe("running the snippets", () => {
  it("sign-in-oidc.ts: connect a merchant, exchange the code, call Invoice", async () => {
    vi.stubEnv("MP_OIDC_CLIENT_ID", "shopintegrator");
    vi.stubEnv("MP_OIDC_CLIENT_SECRET", "oidc-secret");
    vi.stubEnv("MP_IBM_CLIENT_ID", "app-id");
    vi.stubEnv("MP_IBM_CLIENT_SECRET", "app-secret");
    const as = new TestAuthorizationServer({
      base: "https://sandprod-admin.mobilepay.dk/account",
      issuer: "https://api.mobilepay.dk/merchant",
      tokenUrl: "https://api.sandbox.mobilepay.dk/merchant-authentication-openidconnect/connect/token",
      clientId: "shopintegrator",
      clientSecret: "oidc-secret",
      redirectUri: "https://integrator.example.dk/mobilepay/signed-in",
      now: Date.now,
    });
    server.use(...as.handlers());
    const example = await import("../docs/examples/sign-in-oidc.js");
    const session = {};
    const url = await example.connectMerchant(session);
    expect(url.searchParams.get("merchant_vat")).toBe("DK12345678");
    await example.onRedirect(await as.consent(url), session, "merchant-42");
    const me = await example.invoiceFor("merchant-42").getCurrentMerchant();
    expect(me.MerchantId).toBeTruthy();
    const call = apiRequests.find((r) => r.url.includes("/invoice-restapi/"))!;
    expect(call.headers.get("authorization")).toBe(`Bearer ${as.issuedAccessTokens[0]}`);
    expect(call.headers.get("x-ibm-client-id")).toBe("app-id");
  });

  it("static-token.ts: a token from elsewhere, gateway keys, typed errors", async () => {
    vi.stubEnv("MP_ACCESS_TOKEN", "token-from-elsewhere");
    vi.stubEnv("MP_IBM_CLIENT_ID", "app-id");
    vi.stubEnv("MP_IBM_CLIENT_SECRET", "app-secret");
    const debug = vi.spyOn(console, "debug").mockImplementation(() => undefined);
    const { invoiceState } = await import("../docs/examples/static-token.js");
    await expect(invoiceState("63679ab7-cc49-4f75-80a7-86217fc105ea")).resolves.toBe("created");
    expect(apiRequests.at(-1)!.headers.get("authorization")).toBe("Bearer token-from-elsewhere");
    expect(debug).toHaveBeenCalledWith(expect.stringMatching(/^GET \/api\/v1\/merchants\/me #1 → 200 in \d+ ms$/));

    server.use(
      http.get("https://api.sandbox.mobilepay.dk/invoice-restapi/api/v1/merchants/:merchantId/invoices/:invoiceId/status", () =>
        HttpResponse.json(
          { error: "InputError", error_code: null, error_description: "not found", error_context: "Invoices", correlation_id: "c" },
          { status: 404 },
        ),
      ),
    );
    await expect(invoiceState("00000000-0000-4000-8000-000000000000")).resolves.toBe("unknown invoice");
    debug.mockRestore();
  });

  it("client-credentials.ts: a PoS payment with a cached integrator token, polled and captured", async () => {
    vi.stubEnv("MP_POS_CLIENT_ID", "acme-pos");
    vi.stubEnv("MP_POS_CLIENT_SECRET", "acme-pos-secret");
    vi.stubEnv("MP_IBM_CLIENT_ID", "app-id");
    let polls = 0;
    server.use(
      http.get("https://api.sandbox.mobilepay.dk/pos/v10/payments/:paymentId", ({ params }) =>
        HttpResponse.json({
          paymentId: params.paymentId,
          posId: "7e6acbde-345e-4641-b2f4-d8df0f3a5147",
          orderId: "2019-10-22-0031",
          amount: 45.5,
          currencyCode: "DKK",
          state: polls++ < 2 ? "IssuedToUser" : "Reserved",
          pollDelayInMs: 50,
        }),
      ),
    );
    const { takePayment } = await import("../docs/examples/client-credentials.js");
    await expect(takePayment("7e6acbde-345e-4641-b2f4-d8df0f3a5147", 45.5, "2019-10-22-0031")).resolves.toBe("Captured");
    const token = apiRequests.filter((r) => r.url.endsWith("/integrator-authentication/connect/token"));
    expect(token).toHaveLength(1);
    expect(new URLSearchParams(await token[0]!.text()).get("merchant_vat")).toBe("DK12345678");
    const pos = apiRequests.filter((r) => r.url.includes("/pos/v10/"));
    expect(pos.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/[0-9a-f-]{36}/g, "{id}")}`)).toEqual([
      "POST /pos/v10/payments",
      "GET /pos/v10/payments/{id}",
      "GET /pos/v10/payments/{id}",
      "GET /pos/v10/payments/{id}",
      "POST /pos/v10/payments/{id}/capture",
    ]);
    expect(pos[0]!.headers.get("x-mobilepay-idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(pos.every((r) => r.headers.get("x-mobilepay-client-system-version") === "2.1.1")).toBe(true);
  });

  it("gateway-keys.ts: an Online capture with gateway credentials only, and a typed 404", async () => {
    vi.stubEnv("MP_IBM_CLIENT_ID", "app-id");
    vi.stubEnv("MP_IBM_CLIENT_SECRET", "app-secret");
    const { capture } = await import("../docs/examples/gateway-keys.js");
    const paymentId = "472e651e-5a1e-424d-8098-23858bf03ad7";
    await expect(capture(paymentId, 1000)).resolves.toBe("captured");
    const sent = apiRequests.at(-1)!;
    expect(sent.headers.get("x-ibm-client-id")).toBe("app-id");
    expect(sent.headers.has("authorization")).toBe(false);
    expect((await sent.json()) as object).toMatchObject({ amount: 1000, captureIdentifier: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    server.use(
      http.post("https://api.sandbox.mobilepay.dk/cardpassthrough-restapi/api/v1/payments/:paymentId/captures", () =>
        HttpResponse.json({ code: "404", message: "Payment not found", correlationId: "c" }, { status: 404 }),
      ),
    );
    await expect(capture(paymentId, 1000)).resolves.toBe("unknown payment");
  });
});
