/**
 * The client against a hostile or broken server: a real `node:http` server on 127.0.0.1 that
 * drips bytes, resets connections before and during the body, sends malformed JSON and
 * oversized bodies, answers 429 with every form of Retry-After, redirects within and across
 * origins and in loops, and fails in storms. Every failure must be a typed error, the total
 * time bounded, the retries counted, and no secret in any rendering of the error. Backoff goes
 * through an injected sleep, so no test waits for it.
 *
 * The first block holds the reproductions of issue 10's client-runtime holes (items 1–5).
 */
import { inspect } from "node:util";
import { clientCredentials } from "@mpkit/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSubscriptionsClient } from "@mpkit/subscriptions";
import { type AttemptInfo, createPaymentsClient, createPaymentsRawClient, type PaymentsClientConfig } from "./payments-fixture.js";
import { HostileServer, json, resetMidBody } from "./hostile-http.js";

const GATEWAY_KEY = "gw-key-7c1d55e0a9f3";
const ACCESS_TOKEN = "at-9f8e7d6c5b4a3921";
const CLIENT_SECRET = "cs-1b2c3d4e5f607182";
const SECRETS = [GATEWAY_KEY, ACCESS_TOKEN, CLIENT_SECRET];
const ID = "0f4b8f7e-3d0e-4d6c-9d4e-2f1f3c6b7a10";
const PAYMENT = { paymentId: ID, status: "Reserved", pollDelayInMs: 1000 };
const PAYMENT_TEXT = JSON.stringify(PAYMENT);

let api: HostileServer;
let other: HostileServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  [api, other] = await Promise.all([HostileServer.start(), HostileServer.start()]);
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  other.on((_req, res) => json(res, 200, PAYMENT));
});
afterAll(async () => {
  await Promise.all([api.close(), other.close()]);
  process.off("unhandledRejection", onUnhandled);
  // Every failure surfaced through the awaited promise; none escaped.
  expect(unhandled).toEqual([]);
});

/** A client of the fixture's Payments API at the hostile server; backoff is recorded, not waited. */
function makeClient(overrides: PaymentsClientConfig = {}) {
  const waits: number[] = [];
  const attempts: AttemptInfo[] = [];
  const config: PaymentsClientConfig = {
    baseUrl: `${api.url}/v1`,
    credentials: { Integrator: ACCESS_TOKEN, GatewayKey: GATEWAY_KEY },
    headers: { "x-system-version": "2.4.1" },
    policy: { timeoutMs: 1000, retries: 2, retryDelayMs: 100 },
    retryTuning: {
      random: () => 0,
      sleep: async (ms, signal) => {
        if (signal?.aborted) throw signal.reason;
        waits.push(ms);
      },
    },
    onAttempt: (attempt) => attempts.push(attempt),
    ...overrides,
  };
  return { client: createPaymentsClient(config), raw: createPaymentsRawClient(config), waits, attempts };
}

/** Every way a logger or an error tracker turns an error into text. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    e.message,
    e.stack ?? "",
    JSON.stringify(e),
    inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
}

/** No secret, nor its first ten characters (what a parser message quotes), in any rendering. */
function expectNoSecret(error: unknown): void {
  for (const text of renderings(error)) {
    for (const secret of SECRETS) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(0, 10));
    }
  }
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    (value) => ({ resolved: value }),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & Record<string, unknown>;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

describe("issue 10 reproductions (client runtime)", () => {
  it("item 1: a 307 to another origin gets no gateway key, token or body; the call rejects naming the target", async () => {
    api.on((_req, res) => res.writeHead(307, { location: `${other.url}/v1/payments/${ID}/notes` }).end());
    other.on((_req, res) => json(res, 201, {}));
    const { client } = makeClient();
    const error = await failure(client.addPaymentNote({ paymentId: ID, body: { text: "Paid at the counter" } }));
    expect(error).toMatchObject({ kind: "redirect", reason: "cross-origin", status: 307, location: `${other.url}/v1/payments/${ID}/notes` });
    expect(error.message).toContain(`${other.url}/v1/payments/${ID}/notes`);
    expect(other.requests).toEqual([]);

    // A GET is refused the same way.
    api.on((_req, res) => res.writeHead(302, { location: `${other.url}/elsewhere` }).end());
    const read = await failure(client.getPayment({ paymentId: ID }));
    expect(read).toMatchObject({ kind: "redirect", reason: "cross-origin", attempts: 1 });
    expect(other.requests).toEqual([]);
    expectNoSecret(read);
  });

  it("item 2: a token endpoint that never answers is bounded by timeoutMs per attempt and by signal for the call", async () => {
    const tokens = await HostileServer.start();
    try {
      tokens.on(() => undefined); // never answers
      const source = clientCredentials({
        tokenUrl: `${tokens.url}/connect/token`,
        clientId: "integrator",
        clientSecret: CLIENT_SECRET,
        allowInsecureRequests: true,
      });
      const { client, attempts } = makeClient({ credentials: { Integrator: source, GatewayKey: GATEWAY_KEY } });
      api.on((_req, res) => json(res, 200, PAYMENT));

      const [timedOut, elapsed] = await timed(() => failure(client.getPayment({ paymentId: ID }, { timeoutMs: 150, retries: 1 })));
      // Two attempts timed out waiting for the token; no request was sent.
      expect(timedOut).toMatchObject({ kind: "timeout", timeoutMs: 150, attempts: 0 });
      expect(attempts.map((a) => a.outcome)).toEqual(["timeout", "timeout"]);
      expect(elapsed).toBeLessThan(1500);
      expect(api.requests).toEqual([]);

      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const [aborted, abortElapsed] = await timed(() =>
        failure(client.getPayment({ paymentId: ID }, { timeoutMs: 60_000, signal: controller.signal })),
      );
      expect(aborted).toMatchObject({ kind: "aborted" });
      expect(abortElapsed).toBeLessThan(1500);
      expectNoSecret(timedOut);
      expectNoSecret(aborted);
    } finally {
      await tokens.close();
    }
  }, 10_000);

  it("item 2: one caller's abort does not abort the token request another caller waits on; sources have their own timeout", async () => {
    const tokens = await HostileServer.start();
    try {
      let release: (() => void) | undefined;
      tokens.on((_req, res) => {
        release = () => json(res, 200, { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 });
      });
      const source = clientCredentials({
        tokenUrl: `${tokens.url}/connect/token`,
        clientId: "integrator",
        clientSecret: CLIENT_SECRET,
        allowInsecureRequests: true,
      });
      const { client } = makeClient({ credentials: { Integrator: source, GatewayKey: GATEWAY_KEY } });
      api.on((_req, res) => json(res, 200, PAYMENT));

      const impatient = new AbortController();
      const first = failure(client.getPayment({ paymentId: ID }, { signal: impatient.signal }));
      const second = client.getPayment({ paymentId: ID });
      await expect.poll(() => tokens.requests.length).toBe(1);
      impatient.abort();
      expect(await first).toMatchObject({ kind: "aborted" });
      release!();
      await expect(second).resolves.toEqual(PAYMENT);
      expect(tokens.requests).toHaveLength(1);
      expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${ACCESS_TOKEN}`]);

      // The source's own timeout: nobody waits forever for a silent authorization server.
      tokens.on(() => undefined);
      const hasty = clientCredentials({
        tokenUrl: `${tokens.url}/connect/token`,
        clientId: "integrator",
        clientSecret: CLIENT_SECRET,
        allowInsecureRequests: true,
        timeoutMs: 100,
      });
      const [error, elapsed] = await timed(() => failure(hasty.getAccessToken()));
      expect(error).toMatchObject({ name: "TokenUnavailableError", code: "TimeoutError" });
      expect(elapsed).toBeLessThan(1500);
    } finally {
      await tokens.close();
    }
  }, 10_000);

  it("item 3: a connection reset in the middle of a 200 body is a NetworkError, and a GET is retried", async () => {
    api.on((_req, res, index) => (index === 0 ? resetMidBody(res, PAYMENT_TEXT, 20) : json(res, 200, PAYMENT)));
    const { client, attempts, waits } = makeClient();
    await expect(client.getPayment({ paymentId: ID })).resolves.toEqual(PAYMENT);
    expect(api.requests).toHaveLength(2);
    expect(attempts.map((a) => [a.status, a.outcome])).toEqual([
      [200, "network"],
      [200, "success"],
    ]);
    expect(waits).toEqual([100]);

    // A POST that is not safe to repeat is not retried, but it is still a network failure.
    api.on((_req, res) => resetMidBody(res, "{}".padEnd(64, " "), 10));
    const error = await failure(client.addPaymentNote({ paymentId: ID, body: { text: "x" } }));
    expect(error).toMatchObject({ kind: "network", attempts: 1 });
    expect(api.requests).toHaveLength(1);
  });

  it("item 4: a secret deeper than 20 levels, used as a key, or quoted by the JSON parser reaches no rendering", async () => {
    let deep: unknown = { echoed: GATEWAY_KEY };
    for (let level = 0; level < 25; level += 1) deep = { level: deep };
    api.on((_req, res) => json(res, 400, { code: 1100, message: "refused", deep, keyed: { [ACCESS_TOKEN]: true } }));
    const { client } = makeClient();
    const apiError = await failure(client.getPayment({ paymentId: ID }));
    expect(apiError).toMatchObject({ kind: "api", status: 400 });
    expect(JSON.stringify(apiError.body)).toContain("[redacted]");
    expectNoSecret(apiError);

    // The body starts with the key and is not JSON: a parser message would quote its start.
    api.on((_req, res) => json(res, 200, `${GATEWAY_KEY} and then not JSON`));
    const parseError = await failure(client.getPayment({ paymentId: ID }));
    expect(parseError).toMatchObject({ kind: "parse", status: 200 });
    expectNoSecret(parseError);
  });

  it("item 5: ApiError.message carries the product's error code and message, redacted, at most 200 characters, without control characters", async () => {
    const message = `Amount must be positive\u0007\u001b[31m (key ${GATEWAY_KEY} seen)\r\n${" and more".repeat(40)}`;
    api.on((_req, res) => json(res, 400, { code: 1100, message }));
    const { client } = makeClient();
    const error = await failure(client.getPayment({ paymentId: ID }));
    const prefix = "getPayment (GET /payments/{paymentId}) failed with HTTP 400: ";
    expect(error.message.startsWith(`${prefix}1100: Amount must be positive[31m (key [redacted] seen) and more`)).toBe(true);
    expect(Array.from(error.message.slice(prefix.length)).length).toBeLessThanOrEqual(200);
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    expectNoSecret(error);

    // Nested fields, as the Subscriptions templates place them: error, error_description.message.
    const subscriptions = createSubscriptionsClient({
      credentials: { MerchantOidc: ACCESS_TOKEN, IbmClientId: "app-id", IbmClientSecret: CLIENT_SECRET },
      fetch: async () =>
        Response.json(
          { error: "PreconditionFailed", error_description: { message: "Agreement is not active", error_type: "PreconditionError" } },
          { status: 412 },
        ),
      policy: { retries: 0 },
    });
    const precondition = await failure(subscriptions.getCurrentMerchant());
    expect(precondition.message).toMatch(/failed with HTTP 412: PreconditionFailed: Agreement is not active$/);
  });
});

describe("hostile server: slow drip and silence", () => {
  it("a body that drips slower than the attempt timeout ends in a TimeoutError after every retry, in bounded time", async () => {
    api.on((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 20);
      res.on("close", () => clearInterval(timer));
    });
    const { client, attempts, waits } = makeClient({ policy: { timeoutMs: 150, retries: 1, retryDelayMs: 100 } });
    const [error, elapsed] = await timed(() => failure(client.getPayment({ paymentId: ID })));
    expect(error).toMatchObject({ kind: "timeout", timeoutMs: 150, attempts: 2 });
    expect(attempts.map((a) => a.outcome)).toEqual(["timeout", "timeout"]);
    expect(waits).toEqual([100]);
    expect(elapsed).toBeLessThan(1500);
  });

  it("a server that never sends headers is a TimeoutError; the caller's signal stops it at once", async () => {
    api.on(() => undefined);
    const { client } = makeClient({ policy: { timeoutMs: 100, retries: 0 } });
    await expect(client.getPayment({ paymentId: ID })).rejects.toMatchObject({ kind: "timeout", attempts: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const [error, elapsed] = await timed(() =>
      failure(client.getPayment({ paymentId: ID }, { timeoutMs: 60_000, signal: controller.signal })),
    );
    expect(error).toMatchObject({ kind: "aborted" });
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("hostile server: resets", () => {
  it("a reset before any answer is a NetworkError: a GET retries its budget, a POST that is not safe to repeat does not", async () => {
    api.on((req) => req.socket.destroy());
    const { client, waits } = makeClient();
    await expect(client.getPayment({ paymentId: ID })).rejects.toMatchObject({ kind: "network", attempts: 3 });
    expect(api.requests).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    api.on((req) => req.socket.destroy());
    const note = await failure(client.addPaymentNote({ paymentId: ID, body: { text: "x" } }));
    expect(note).toMatchObject({ kind: "network", attempts: 1 });
    expect(api.requests).toHaveLength(1);
    expectNoSecret(note);
  });

  it("a reset during every body ends in a NetworkError, never a ResponseParseError", async () => {
    api.on((_req, res) => resetMidBody(res, PAYMENT_TEXT, 30));
    const { client, attempts } = makeClient();
    await expect(client.getPayment({ paymentId: ID })).rejects.toMatchObject({ kind: "network", attempts: 3 });
    expect(attempts.map((a) => a.outcome)).toEqual(["network", "network", "network"]);
  });

  it("a reset during an error body is a NetworkError too (retried when safe)", async () => {
    api.on((_req, res, index) => {
      if (index === 0) {
        res.writeHead(503, { "content-type": "application/json", "content-length": 200 });
        res.write('{"code": 1', () => setTimeout(() => res.socket?.destroy(), 5));
      } else json(res, 200, PAYMENT);
    });
    const { client, attempts } = makeClient();
    await expect(client.getPayment({ paymentId: ID })).resolves.toEqual(PAYMENT);
    expect(attempts.map((a) => [a.status, a.outcome])).toEqual([
      [503, "network"],
      [200, "success"],
    ]);
  });
});

describe("hostile server: malformed and oversized bodies", () => {
  it("a complete 200 body that is not JSON is a ResponseParseError, not retried, whose cause quotes nothing", async () => {
    const broken = '{"paymentId": "0f4b8f7e", "status": Reserved';
    api.on((_req, res) => json(res, 200, broken));
    const { client } = makeClient();
    const error = await failure(client.getPayment({ paymentId: ID }));
    expect(error).toMatchObject({ kind: "parse", status: 200, attempts: 1 });
    expect(api.requests).toHaveLength(1);
    expect(String((error.cause as Error).message)).toBe(`the ${broken.length}-byte body is not valid JSON`);
    for (const text of renderings(error)) expect(text).not.toContain("Reserved");
  });

  it("a 200 body over maxResponseBytes is refused, whether announced or streamed", async () => {
    const { client } = makeClient({ maxResponseBytes: 1024 });
    api.on((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }); // chunked: no length announced
      res.end(JSON.stringify({ ...PAYMENT, padding: "x".repeat(4096) }));
    });
    const streamed = await failure(client.getPayment({ paymentId: ID }));
    expect(streamed).toMatchObject({ kind: "parse", status: 200, attempts: 1 });
    expect(String((streamed.cause as Error).message)).toMatch(/larger than the 1024-byte limit/);

    // Announced as 50 MB and never sent: refused from the header, without waiting for the bytes.
    api.on((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 50_000_000 });
      res.write("{");
    });
    const [announced, elapsed] = await timed(() => failure(client.getPayment({ paymentId: ID })));
    expect(announced).toMatchObject({ kind: "parse", status: 200 });
    expect(elapsed).toBeLessThan(500);
  });

  it("a __proto__ key in an error body stays a plain property of ApiError.body, polluting nothing", async () => {
    api.on((_req, res) => json(res, 400, '{"code": 1100, "message": "no", "__proto__": {"polluted": true, "code": 1}}'));
    const { client } = makeClient();
    const error = await failure(client.getPayment({ paymentId: ID }));
    const body = error.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.hasOwn(body, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(error.message).toMatch(/HTTP 400: 1100: no$/);
  });

  it("an oversized error body leaves ApiError.body undefined and the status still drives retries", async () => {
    api.on((_req, res, index) =>
      index === 0 ? json(res, 503, { code: 1, message: "x".repeat(4096) }) : json(res, 200, PAYMENT),
    );
    const { client, attempts } = makeClient({ maxResponseBytes: 1024 });
    await expect(client.getPayment({ paymentId: ID })).resolves.toEqual(PAYMENT);
    expect(attempts.map((a) => a.status)).toEqual([503, 200]);
    api.on((_req, res) => json(res, 400, { code: 1, message: "x".repeat(4096) }));
    const error = await failure(client.getPayment({ paymentId: ID }));
    expect(error).toMatchObject({ kind: "api", status: 400, body: undefined });
  });
});

describe("hostile server: 429 and Retry-After", () => {
  // Dates are made when the test runs, so "5 s ahead" is still ahead when the server sends it.
  const cases: [string, () => string, (waits: number[]) => void, number][] = [
    ["delay-seconds", () => "2", (w) => expect(w).toEqual([2000]), 2],
    ["an HTTP date 5 s ahead", () => new Date(Date.now() + 5000).toUTCString(), (w) => expect(w[0]).toBeGreaterThan(3000), 2],
    ["an HTTP date in the past", () => new Date(Date.now() - 60_000).toUTCString(), (w) => expect(w).toEqual([0]), 2],
    ["garbage", () => "soon, maybe", (w) => expect(w).toEqual([100]), 2],
    ["a negative number", () => "-5", (w) => expect(w).toEqual([100]), 2],
    ["a fraction", () => "1.5", (w) => expect(w).toEqual([100]), 2],
    ["a date in a format HTTP does not allow", () => "2030-01-01T00:00:00Z", (w) => expect(w).toEqual([100]), 2],
  ];
  it.each(cases)("Retry-After as %s", async (_name, value, check, requests) => {
    const header = value();
    api.on((_req, res, index) => (index === 0 ? json(res, 429, { code: 429, message: "slow down" }, { "retry-after": header }) : json(res, 200, PAYMENT)));
    const { client, waits } = makeClient();
    await expect(client.getPayment({ paymentId: ID })).resolves.toEqual(PAYMENT);
    check(waits);
    expect(api.requests).toHaveLength(requests);
  });

  it("a Retry-After beyond the limit (or beyond any number) is not waited for: the 429 is the answer", async () => {
    for (const value of ["86400", "9".repeat(400)]) {
      api.on((_req, res) => json(res, 429, { code: 429, message: "come back tomorrow" }, { "retry-after": value }));
      const { client, waits } = makeClient();
      const [error, elapsed] = await timed(() => failure(client.getPayment({ paymentId: ID })));
      expect(error).toMatchObject({ kind: "api", status: 429, attempts: 1 });
      expect((error.retryAfterMs as number) > 60_000).toBe(true);
      expect(waits).toEqual([]);
      expect(elapsed).toBeLessThan(500);
    }
  });
});

describe("hostile server: redirects", () => {
  it("follows a same-origin redirect of a GET with every credential re-applied", async () => {
    api.on((req, res) =>
      req.url!.startsWith("/v1/payments/")
        ? res.writeHead(301, { location: `/v2/payments/${ID}?from=v1` }).end()
        : json(res, 200, PAYMENT),
    );
    const { client } = makeClient();
    await expect(client.getPayment({ paymentId: ID })).resolves.toEqual(PAYMENT);
    expect(api.requests.map((r) => r.url)).toEqual([`/v1/payments/${ID}`, `/v2/payments/${ID}?from=v1`]);
    for (const request of api.requests) {
      expect(request.headers).toMatchObject({ authorization: `Bearer ${ACCESS_TOKEN}`, "x-gateway-key": GATEWAY_KEY, "x-system-version": "2.4.1" });
    }
  });

  it("follows at most 5 hops: 5 are followed, a 6th or a loop is refused", async () => {
    const chain = (hops: number) =>
      api.on((req, res, index) => (index < hops ? res.writeHead(302, { location: `/v1/hop/${index + 1}` }).end() : json(res, 200, PAYMENT)));
    const { client } = makeClient();
    chain(5);
    await expect(client.getPayment({ paymentId: ID })).resolves.toEqual(PAYMENT);
    expect(api.requests).toHaveLength(6);
    chain(6);
    await expect(client.getPayment({ paymentId: ID })).rejects.toMatchObject({ kind: "redirect", reason: "too-many-redirects" });
    expect(api.requests).toHaveLength(6);
    api.on((req, res) => res.writeHead(307, { location: req.url }).end());
    const [loop, elapsed] = await timed(() => failure(client.getPayment({ paymentId: ID })));
    expect(loop).toMatchObject({ kind: "redirect", reason: "too-many-redirects", attempts: 1 });
    expect(api.requests).toHaveLength(6);
    expect(elapsed).toBeLessThan(1000);
  });

  it("never follows a redirect of a POST, even to the same origin: the body is sent once", async () => {
    api.on((_req, res) => res.writeHead(307, { location: `/v1/payments/${ID}/notes-again` }).end());
    const { client } = makeClient();
    const error = await failure(client.addPaymentNote({ paymentId: ID, body: { text: "once" } }));
    expect(error).toMatchObject({ kind: "redirect", reason: "unsafe-method", status: 307 });
    expect(api.requests).toHaveLength(1);
  });

  it("a cross-origin hop after same-origin ones is refused too, and a secret in the Location is redacted", async () => {
    api.on((_req, res, index) =>
      index === 0
        ? res.writeHead(302, { location: "/v1/moved" }).end()
        : res.writeHead(302, { location: `${other.url}/collect?key=${GATEWAY_KEY}` }).end(),
    );
    const { client } = makeClient();
    const error = await failure(client.getPayment({ paymentId: ID }));
    expect(error).toMatchObject({ kind: "redirect", reason: "cross-origin", location: `${other.url}/collect?key=[redacted]` });
    expect(other.requests).toEqual([]);
    expectNoSecret(error);
  });

  it("refuses locations that are not http(s) or not URLs", async () => {
    const { client } = makeClient();
    for (const location of ["file:///etc/passwd", "javascript:alert(1)", "http://[::1"]) {
      api.on((_req, res) => res.writeHead(302, { location }).end());
      await expect(client.getPayment({ paymentId: ID })).rejects.toMatchObject({ kind: "redirect" });
    }
  });

  it("with crossOriginRedirects: 'follow', the other origin gets a bare GET: no credentials, no configured headers", async () => {
    api.on((_req, res) => res.writeHead(302, { location: `${other.url}/v1/payments/${ID}` }).end());
    const { client } = makeClient({ crossOriginRedirects: "follow" });
    await expect(client.getPayment({ paymentId: ID })).resolves.toEqual(PAYMENT);
    expect(other.requests).toHaveLength(1);
    const headers = other.requests[0]!.headers;
    expect(headers.authorization).toBeUndefined();
    expect(headers["x-gateway-key"]).toBeUndefined();
    expect(headers["x-system-version"]).toBeUndefined();
    // Still never for a POST.
    api.on((_req, res) => res.writeHead(307, { location: `${other.url}/v1/notes` }).end());
    await expect(client.addPaymentNote({ paymentId: ID, body: { text: "x" } })).rejects.toMatchObject({ reason: "unsafe-method" });
    expect(other.requests).toHaveLength(1);
  });

  it("in a browser (an opaque redirect, target hidden), every redirect is refused", async () => {
    // What `fetch(…, { redirect: "manual" })` resolves to in a browser: type "opaqueredirect", status 0.
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    Object.defineProperty(opaque, "status", { value: 0 });
    const seen: Request[] = [];
    const { client } = makeClient({
      fetch: async (request) => {
        seen.push(request);
        return opaque;
      },
    });
    const error = await failure(client.getPayment({ paymentId: ID }));
    expect(error).toMatchObject({ kind: "redirect", reason: "hidden-by-browser", status: 0 });
    expect(seen.map((r) => r.redirect)).toEqual(["manual"]);
  });

  it("the raw client follows the same rules", async () => {
    api.on((_req, res) => res.writeHead(308, { location: `${other.url}/v1/payments/${ID}` }).end());
    const { raw } = makeClient();
    const error = await failure(
      raw.GET("/payments/{paymentId}", { params: { path: { paymentId: ID }, header: { "x-system-version": "2.4.1" } } }),
    );
    expect(error).toMatchObject({ kind: "redirect", reason: "cross-origin", operationId: "getPayment" });
    expect(other.requests).toEqual([]);
    expectNoSecret(error);
  });
});

describe("hostile authorization server", () => {
  it("a token endpoint that redirects is refused: the client secret is sent to the token URL only", async () => {
    const tokens = await HostileServer.start();
    try {
      tokens.on((_req, res) => res.writeHead(307, { location: `${other.url}/connect/token` }).end());
      api.on((_req, res) => json(res, 200, PAYMENT));
      const source = clientCredentials({
        tokenUrl: `${tokens.url}/connect/token`,
        clientId: "integrator",
        clientSecret: CLIENT_SECRET,
        allowInsecureRequests: true,
      });
      const { client } = makeClient({ credentials: { Integrator: source, GatewayKey: GATEWAY_KEY } });
      const error = await failure(client.getPayment({ paymentId: ID }));
      expect(error).toMatchObject({ kind: "credential-provider", attempts: 0 });
      expect(tokens.requests).toHaveLength(1);
      expect(other.requests).toEqual([]);
      expect(api.requests).toEqual([]);
      expectNoSecret(error);
    } finally {
      await tokens.close();
    }
  });
});

describe("hostile server: 5xx storms", () => {
  it("10 parallel reads against a 503 storm: each retries exactly its budget with growing backoff, all fail typed", async () => {
    api.on((_req, res) => json(res, 503, { code: 503, message: "storm" }));
    const { client, waits } = makeClient({ policy: { retries: 4, retryDelayMs: 100, timeoutMs: 1000 } });
    const [errors, elapsed] = await timed(() =>
      Promise.all(Array.from({ length: 10 }, () => failure(client.getPayment({ paymentId: ID })))),
    );
    for (const error of errors) {
      expect(error).toMatchObject({ kind: "api", status: 503, attempts: 5 });
      expect(error.message).toMatch(/HTTP 503: 503: storm$/);
      expectNoSecret(error);
    }
    expect(api.requests).toHaveLength(50);
    expect(waits.sort((a, b) => a - b)).toEqual([100, 200, 400, 800].flatMap((w) => Array(10).fill(w)));
    expect(elapsed).toBeLessThan(3000);
  });

  it("500, 502 and 504 in turn: only the gateway statuses are retried", async () => {
    const statuses = [502, 504, 500];
    api.on((_req, res, index) => json(res, statuses[index] ?? 500, { code: 1, message: "down" }));
    const { client, attempts } = makeClient({ policy: { retries: 4 } });
    await expect(client.getPayment({ paymentId: ID })).rejects.toMatchObject({ kind: "api", status: 500, attempts: 3 });
    expect(attempts.map((a) => a.status)).toEqual([502, 504, 500]);
  });

  it("a server that echoes every header into every kind of failure leaks nothing", async () => {
    const echo = (req: { headers: Record<string, unknown> }) => JSON.stringify(req.headers);
    const answers = [
      (req: Parameters<typeof echo>[0], res: import("node:http").ServerResponse) => json(res, 401, { code: 1401, message: echo(req) }),
      (req: Parameters<typeof echo>[0], res: import("node:http").ServerResponse) => json(res, 200, `${echo(req)} <- not JSON`),
      (req: Parameters<typeof echo>[0], res: import("node:http").ServerResponse) =>
        res.writeHead(302, { location: `${other.url}/?h=${encodeURIComponent(echo(req))}` }).end(),
    ];
    for (const answer of answers) {
      api.on((req, res) => answer(req, res));
      const { client } = makeClient({ policy: { retries: 0 } });
      expectNoSecret(await failure(client.getPayment({ paymentId: ID })));
    }
  });
});
