/**
 * What a PoS integrator relies on from day one, run against the generated mocks (the PoS API
 * and the Integrator Authentication token endpoint): one token for many parallel calls, the
 * same idempotency key when a create is retried, and polling at the server's pace.
 */
import { clientCredentials } from "@mpkit/core";
import { createMockServer } from "@mpkit/mocks/node";
import { createPosClient, PollTimeoutError, posProduct } from "@mpkit/pos";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PAYMENT_ID, payment, vendorHeaders } from "./calls.js";

const TOKEN_URL = posProduct.securitySchemes.IntegratorToken.tokenUrl;
const POS_API = "https://api.sandbox.mobilepay.dk/pos/v10";
const server = createMockServer({ stateful: false });
const requests: Request[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("request:start", ({ request }) => void requests.push(request.clone()));
});
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
});
afterAll(() => server.close());

function integratorClient(merchantVat?: string) {
  const token = clientCredentials({
    tokenUrl: TOKEN_URL,
    clientId: "acme-pos",
    clientSecret: "acme-pos-secret",
    headers: { "x-ibm-client-id": "gateway-client-id" },
    ...(merchantVat ? { parameters: { merchant_vat: merchantVat } } : {}),
  });
  const pos = createPosClient({
    environment: "sandbox",
    credentials: { IntegratorToken: token, IbmClientId: "gateway-client-id" },
    headers: vendorHeaders,
  });
  return { token, pos };
}

const tokenRequests = () => requests.filter((r) => r.url === TOKEN_URL);
const posRequests = () => requests.filter((r) => r.url.startsWith(POS_API));

describe("the client-credentials token provider against the mock authorization server", () => {
  it("asks for one token for 20 parallel calls and sends it on all of them", async () => {
    const { pos } = integratorClient("DK12345678");
    await Promise.all(Array.from({ length: 20 }, () => pos.getPayment({ paymentId: PAYMENT_ID })));
    expect(tokenRequests()).toHaveLength(1);
    const form = new URLSearchParams(await tokenRequests()[0]!.text());
    expect(Object.fromEntries(form)).toEqual({ grant_type: "client_credentials", merchant_vat: "DK12345678" });
    expect(tokenRequests()[0]!.headers.get("authorization")).toBe(`Basic ${btoa("acme-pos:acme-pos-secret")}`);
    const bearer = new Set(posRequests().map((r) => r.headers.get("authorization")));
    expect(posRequests()).toHaveLength(20);
    expect(bearer.size).toBe(1);
    expect([...bearer][0]).toMatch(/^Bearer eyJ/);
  });

  it("keeps using the token until shortly before it expires", async () => {
    const { pos, token } = integratorClient();
    await pos.getPayment({ paymentId: PAYMENT_ID });
    await pos.getPayment({ paymentId: PAYMENT_ID });
    expect(tokenRequests()).toHaveLength(1);
    expect(token.current?.expiresAt).toBeGreaterThan(Date.now() + 60_000);
  });
});

describe("idempotency keys on the four create calls", () => {
  it("are generated, and the same key is sent again when the call is retried", async () => {
    const { pos } = integratorClient();
    let calls = 0;
    server.use(
      // The first attempt meets a gateway hiccup; later ones reach the generated mock.
      http.post(`${POS_API}/payments`, () => (calls++ === 0 ? HttpResponse.json({ message: "busy" }, { status: 503 }) : undefined)),
    );
    const created = await pos.initiatePayment({ body: payment });
    expect(created.paymentId).toBeDefined();
    const attempts = posRequests().filter((r) => r.method === "POST" && r.url === `${POS_API}/payments`);
    expect(attempts).toHaveLength(2);
    const keys = attempts.map((r) => r.headers.get("x-mobilepay-idempotency-key"));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);

    requests.length = 0;
    await pos.initiatePayment({ body: payment });
    expect(posRequests()[0]!.headers.get("x-mobilepay-idempotency-key")).not.toBe(keys[0]);
  });
});

describe("polling a payment", () => {
  function states(pollDelayInMs: number, ...sequence: string[]) {
    let polls = 0;
    server.use(
      http.get(`${POS_API}/payments/:paymentId`, ({ params }) => {
        const state = sequence[Math.min(polls++, sequence.length - 1)];
        return HttpResponse.json({
          paymentId: params.paymentId,
          posId: payment.posId,
          orderId: payment.orderId,
          amount: payment.amount,
          currencyCode: "DKK",
          state,
          pollDelayInMs,
        });
      }),
    );
  }

  it("waits pollDelayInMs between polls and stops on a final state", async () => {
    const { pos } = integratorClient();
    states(150, "Initiated", "IssuedToUser", "Reserved", "Captured");
    const done = await pos.poll.getPayment({ paymentId: PAYMENT_ID });
    expect(done.state).toBe("Captured");
    const polls = posRequests().filter((r) => r.method === "GET");
    expect(polls).toHaveLength(4);
  });

  it("measures the waits between polls", async () => {
    const { pos } = integratorClient();
    states(200, "Initiated", "Initiated", "CancelledByUser");
    const times: number[] = [];
    await pos.poll.getPayment({ paymentId: PAYMENT_ID }, { onResult: () => times.push(performance.now()) });
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(195);
  });

  it("stops at the caller's deadline with the last state", async () => {
    const { pos } = integratorClient();
    states(100, "IssuedToUser");
    const error = await pos.poll.getPayment({ paymentId: PAYMENT_ID }, { maxWaitMs: 250 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError<{ state: string }>).last.state).toBe("IssuedToUser");
  });

  it("stops on the caller's condition", async () => {
    const { pos } = integratorClient();
    states(50, "Initiated", "Reserved", "Captured");
    const reserved = await pos.poll.getPayment({ paymentId: PAYMENT_ID }, { until: (p) => p.state === "Reserved" });
    expect(reserved.state).toBe("Reserved");
  });
});

describe("the PoS client policy from the spec", () => {
  it("is PoS's documented one: 2 retries, never more than 5, 2 s per call and 0.5 s for reads", () => {
    expect(posProduct.policy).toEqual({ retries: 2, maxRetries: 5, timeoutMs: 2000 });
    expect(posProduct.operations.getPayment.policy).toEqual({ timeoutMs: 500 });
  });

  it("retries a failing read twice by default, and at most 5 times whatever is configured", async () => {
    server.use(http.get(`${POS_API}/payments/:paymentId`, () => HttpResponse.json({ message: "busy" }, { status: 503 })));
    const { pos } = integratorClient();
    await expect(pos.getPayment({ paymentId: PAYMENT_ID }, { timeoutMs: 1000 })).rejects.toMatchObject({ status: 503, attempts: 3 });
    const eager = createPosClient({
      credentials: { IntegratorToken: "t", IbmClientId: "i" },
      headers: vendorHeaders,
      policy: { retries: 10, retryDelayMs: 1 },
    });
    await expect(eager.getPayment({ paymentId: PAYMENT_ID })).rejects.toMatchObject({ status: 503, attempts: 6 });
  });
});
