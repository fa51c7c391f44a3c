/**
 * Fault injection: the client retries exactly as its policy says, on the failures that are
 * worth it, for the calls that are safe to repeat, and reports every attempt.
 */
import { http, HttpResponse, delay } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type AttemptInfo,
  AbortedError,
  ApiError,
  InvalidInputError,
  NetworkError,
  ResponseParseError,
  TimeoutError,
  createPaymentsClient,
  type PaymentsClientConfig,
} from "./payments-fixture.js";

const BASE = "https://sandbox.payments.test/v1";
const PAYMENT_ID = "0f4b8f7e-3d0e-4d6c-9d4e-2f1f3c6b7a10";
const PAYMENT = { paymentId: PAYMENT_ID, status: "Reserved", pollDelayInMs: 1000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const server = setupServer();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  process.off("unhandledRejection", onUnhandled);
  // Every failure above surfaced through the awaited promise; none escaped.
  expect(unhandled).toEqual([]);
});

/** A client with fast, deterministic backoff, recording every attempt. */
function makeClient(overrides: PaymentsClientConfig = {}) {
  const attempts: AttemptInfo[] = [];
  const client = createPaymentsClient({
    credentials: { Integrator: "token-1", GatewayKey: "gateway-key" },
    headers: { "x-system-version": "2.4.1" },
    retryTuning: { random: () => 0.5 },
    policy: { retryDelayMs: 10 },
    onAttempt: (attempt) => attempts.push(attempt),
    ...overrides,
  });
  return { client, attempts };
}

/** Serves `answers` in order (the last one repeats), recording the requests. */
function serve(method: "get" | "post", path: string, ...answers: (() => Response | Promise<Response>)[]) {
  const requests: Request[] = [];
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      requests.push(request.clone());
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!;
      return answer();
    }),
  );
  return requests;
}

const unavailable = () => HttpResponse.json({ code: 1, message: "busy" }, { status: 503 });
const ok = () => HttpResponse.json(PAYMENT);

describe("retries of calls that are safe to repeat", () => {
  it("retries 503 and then succeeds, reporting each attempt", async () => {
    const { client, attempts } = makeClient();
    const requests = serve("get", "/payments/:paymentId", unavailable, ok);
    await expect(client.getPayment({ paymentId: PAYMENT_ID })).resolves.toEqual(PAYMENT);
    expect(requests).toHaveLength(2);
    expect(attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
      [1, 503, "http-error"],
      [2, 200, "success"],
    ]);
    expect(attempts[0]).toMatchObject({ operationId: "getPayment", method: "GET", route: "/payments/{paymentId}" });
    expect(attempts[0]!.retryInMs).toBeGreaterThan(0);
    expect(attempts[1]!.durationMs).toBeGreaterThanOrEqual(0);
    // Every attempt carries the same client-level headers.
    expect(requests.every((r) => r.headers.get("x-system-version") === "2.4.1")).toBe(true);
  });

  it("retries 502 and 504 as well, but not 500 or 400", async () => {
    for (const [status, expected] of [[502, 2], [504, 2], [500, 1], [400, 1]] as const) {
      const { client } = makeClient();
      const requests = serve("get", "/payments/:paymentId", () => HttpResponse.json({ code: 1, message: "x" }, { status }), ok);
      const outcome = await client.getPayment({ paymentId: PAYMENT_ID }).then(
        () => "ok",
        (e: unknown) => (e as ApiError).status,
      );
      expect(requests, `HTTP ${status}`).toHaveLength(expected);
      expect(outcome).toBe(expected === 2 ? "ok" : status);
      server.resetHandlers();
    }
  });

  it("gives up after the product's retries with the last error, counting the attempts", async () => {
    const { client, attempts } = makeClient();
    const requests = serve("get", "/payments/:paymentId", unavailable);
    const error = await client.getPayment({ paymentId: PAYMENT_ID }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, attempts: 3 });
    expect(requests).toHaveLength(3); // the spec's default: 2 retries
    expect(attempts.at(-1)!.retryInMs).toBeUndefined();
  });

  it("backs off exponentially with jitter between the bounds", async () => {
    const delays: number[] = [];
    for (const random of [0, 0.999]) {
      const { client, attempts } = makeClient({ retryTuning: { random: () => random }, policy: { retryDelayMs: 40, retries: 3 } });
      serve("get", "/payments/:paymentId", unavailable);
      await client.getPayment({ paymentId: PAYMENT_ID }).catch(() => undefined);
      delays.push(...attempts.flatMap((a) => (a.retryInMs === undefined ? [] : [a.retryInMs])));
      server.resetHandlers();
    }
    // Retry n waits at least 40 · 2^(n−1) ms and at most half as long again.
    expect(delays).toEqual([40, 80, 160, 60, 120, 240]);
  });

  it("honours Retry-After on 429", async () => {
    const { client, attempts } = makeClient();
    const requests = serve(
      "get",
      "/payments/:paymentId",
      () => HttpResponse.json({ code: 1, message: "slow down" }, { status: 429, headers: { "Retry-After": "1" } }),
      ok,
    );
    const started = performance.now();
    await expect(client.getPayment({ paymentId: PAYMENT_ID })).resolves.toEqual(PAYMENT);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(requests).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ status: 429, retryInMs: 1000 });
  });

  it("does not wait for a Retry-After beyond its limit: it fails with the 429 at once", async () => {
    const { client } = makeClient({ retryTuning: { maxRetryAfterMs: 5000 } });
    const requests = serve("get", "/payments/:paymentId", () =>
      HttpResponse.json({ code: 1, message: "later" }, { status: 429, headers: { "Retry-After": "3600" } }),
    );
    const error = await client.getPayment({ paymentId: PAYMENT_ID }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", status: 429, retryAfterMs: 3_600_000 });
    expect(requests).toHaveLength(1);
  });

  it("retries a reset connection, and reports a NetworkError when it keeps failing", async () => {
    const { client, attempts } = makeClient();
    const flaky = serve("get", "/payments/:paymentId", () => HttpResponse.error(), ok);
    await expect(client.getPayment({ paymentId: PAYMENT_ID })).resolves.toEqual(PAYMENT);
    expect(flaky).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ outcome: "network" });
    server.resetHandlers();

    const dead = serve("get", "/payments/:paymentId", () => HttpResponse.error());
    const error = await client.getPayment({ paymentId: PAYMENT_ID }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(dead).toHaveLength(3);
  });

  it("times out a slow attempt, retries, and reports a TimeoutError when every attempt is slow", async () => {
    const { client, attempts } = makeClient();
    const slowOnce = serve(
      "get",
      "/payments/:paymentId",
      async () => {
        await delay(1000);
        return ok();
      },
      ok,
    );
    await expect(client.getPayment({ paymentId: PAYMENT_ID }, { timeoutMs: 100 })).resolves.toEqual(PAYMENT);
    expect(slowOnce).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ outcome: "timeout" });
    server.resetHandlers();

    serve("get", "/payments/:paymentId", async () => {
      await delay(1000);
      return ok();
    });
    const started = performance.now();
    const error = await client.getPayment({ paymentId: PAYMENT_ID }, { timeoutMs: 80, retries: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: "timeout", timeoutMs: 80, attempts: 2 });
    expect(performance.now() - started).toBeLessThan(900);
  });

  it("leaves a timed-out request without a signal behind, discards its late answer, and aborts later ones on the wire", async () => {
    const sent: Request[] = [];
    const late: ((response: Response) => void)[] = [];
    const fetch = (request: Request) => {
      sent.push(request);
      return new Promise<Response>((resolve) => late.push(resolve));
    };
    const { client } = makeClient({ fetch, policy: { retries: 0, timeoutMs: 20 } });
    await expect(client.getPayment({ paymentId: PAYMENT_ID })).rejects.toMatchObject({ kind: "timeout", attempts: 1 });
    // No signal was given to the first request (undici builds those much slower), so it is not aborted ...
    expect(sent[0]!.signal.aborted).toBe(false);
    // ... and its answer, when it comes, is let go of.
    let cancelled = false;
    const body = new ReadableStream({ pull: () => undefined, cancel: () => void (cancelled = true) });
    late[0]!(new Response(body, { status: 200 }));
    await vi.waitFor(() => expect(cancelled).toBe(true));
    // A server of this client has let an attempt time out: the next requests are aborted on the wire.
    await expect(client.getPayment({ paymentId: PAYMENT_ID })).rejects.toMatchObject({ kind: "timeout" });
    expect(sent[1]!.signal.aborted).toBe(true);
  });

  it("uses the operation's own timeout from the spec (500 ms for reads here)", async () => {
    const { client } = makeClient();
    serve("get", "/payments/:paymentId", async () => {
      await delay(2000);
      return ok();
    });
    const error = await client.getPayment({ paymentId: PAYMENT_ID }, { retries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", timeoutMs: 500 });
  });

  it("does not retry a 2xx answer that is not JSON: the server did the work", async () => {
    const { client } = makeClient();
    const requests = serve("get", "/payments/:paymentId", () => new HttpResponse("{oops", { headers: { "Content-Type": "application/json" } }));
    await expect(client.getPayment({ paymentId: PAYMENT_ID })).rejects.toBeInstanceOf(ResponseParseError);
    expect(requests).toHaveLength(1);
  });

  it("retries a POST the spec marks idempotent", async () => {
    const { client } = makeClient();
    const requests = serve("post", "/payments/:paymentId/cancel", unavailable, () => new HttpResponse(null, { status: 204 }));
    await expect(client.cancelPayment({ paymentId: PAYMENT_ID })).resolves.toBeUndefined();
    expect(requests).toHaveLength(2);
  });
});

describe("calls that are not safe to repeat", () => {
  it("never retries a plain POST, whatever the failure", async () => {
    for (const answer of [unavailable, () => HttpResponse.error()]) {
      const { client, attempts } = makeClient();
      const requests = serve("post", "/payments/:paymentId/notes", answer, () => new HttpResponse(null, { status: 201 }));
      await expect(client.addPaymentNote({ paymentId: PAYMENT_ID, body: { text: "hi" } })).rejects.toBeDefined();
      expect(requests).toHaveLength(1);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.retryInMs).toBeUndefined();
      server.resetHandlers();
    }
  });

  it("never retries a POST after a timeout", async () => {
    const { client } = makeClient();
    const requests = serve("post", "/payments/:paymentId/notes", async () => {
      await delay(500);
      return new HttpResponse(null, { status: 201 });
    });
    const error = await client.addPaymentNote({ paymentId: PAYMENT_ID, body: { text: "hi" } }, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(requests).toHaveLength(1);
  });

  it("retries a capture only when it carries its idempotency identifier", async () => {
    const { client } = makeClient();
    let requests = serve("post", "/payments/:paymentId/capture", unavailable, () => new HttpResponse(null, { status: 204 }));
    await client.capturePayment({
      paymentId: PAYMENT_ID,
      body: { amount: 100, captureIdentifier: "6f1c2a8e-1b7d-4a55-8a43-9e0f3f0c2b11" },
    });
    expect(requests).toHaveLength(2);
    server.resetHandlers();

    requests = serve("post", "/payments/:paymentId/capture", unavailable, () => new HttpResponse(null, { status: 204 }));
    await expect(client.capturePayment({ paymentId: PAYMENT_ID, body: { amount: 100 } })).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(1);
  });
});

describe("idempotency keys", () => {
  it("are generated per call, sent on every attempt of that call, and make the create retryable", async () => {
    const { client } = makeClient();
    const requests = serve("post", "/payments", unavailable, unavailable, () => HttpResponse.json(PAYMENT, { status: 201 }));
    await client.createPayment({ body: { amount: 1250 } });
    expect(requests).toHaveLength(3);
    const keys = requests.map((r) => r.headers.get("x-idempotency-key"));
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);

    server.resetHandlers();
    const next = serve("post", "/payments", () => HttpResponse.json(PAYMENT, { status: 201 }));
    await client.createPayment({ body: { amount: 1250 } });
    expect(next[0]!.headers.get("x-idempotency-key")).not.toBe(keys[0]);
  });

  it("use the caller's key when one is given, in the input or in the options", async () => {
    const { client } = makeClient();
    const requests = serve("post", "/payments", () => HttpResponse.json(PAYMENT, { status: 201 }));
    await client.createPayment({ body: { amount: 1 }, headers: { "x-idempotency-key": "order-4711" } });
    await client.createPayment({ body: { amount: 1 } }, { idempotencyKey: "order-4712" });
    expect(requests.map((r) => r.headers.get("x-idempotency-key"))).toEqual(["order-4711", "order-4712"]);
  });
});

describe("policy", () => {
  it("lowers configured retries to the product's maximum", async () => {
    const { client } = makeClient({ policy: { retries: 10, retryDelayMs: 1 } });
    const requests = serve("get", "/payments/:paymentId", unavailable);
    await client.getPayment({ paymentId: PAYMENT_ID }).catch(() => undefined);
    expect(requests).toHaveLength(5); // maxRetries 4 in the spec
  });

  it("takes per-call retries", async () => {
    const { client } = makeClient();
    const requests = serve("get", "/payments/:paymentId", unavailable);
    await client.getPayment({ paymentId: PAYMENT_ID }, { retries: 0 }).catch(() => undefined);
    expect(requests).toHaveLength(1);
  });

  it("stops waiting for the next attempt when the caller aborts", async () => {
    const { client } = makeClient({ policy: { retryDelayMs: 5000 } });
    const requests = serve("get", "/payments/:paymentId", unavailable);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await client.getPayment({ paymentId: PAYMENT_ID }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(requests).toHaveLength(1);
  });

  it("survives an attempt hook that throws", async () => {
    const { client } = makeClient({
      onAttempt: () => {
        throw new Error("logger down");
      },
    });
    serve("get", "/payments/:paymentId", ok);
    await expect(client.getPayment({ paymentId: PAYMENT_ID })).resolves.toEqual(PAYMENT);
  });
});

describe("client-level headers", () => {
  it("come from the configuration, may be overridden per call, and are required before sending", async () => {
    const { client } = makeClient();
    const requests = serve("get", "/payments/:paymentId", ok);
    await client.getPayment({ paymentId: PAYMENT_ID });
    await client.getPayment({ paymentId: PAYMENT_ID, headers: { "x-system-version": "9.9.9" } });
    expect(requests.map((r) => r.headers.get("x-system-version"))).toEqual(["2.4.1", "9.9.9"]);

    const fetch = vi.fn<(request: Request) => Promise<Response>>();
    const bare = createPaymentsClient({ credentials: { Integrator: "t", GatewayKey: "k" }, fetch });
    const error = await bare.getPayment({ paymentId: PAYMENT_ID }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fields).toEqual(["x-system-version"]);
    expect(fetch).not.toHaveBeenCalled();
  });
});
