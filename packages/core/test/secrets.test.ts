/**
 * Secrets (keys, client secrets, access tokens, Authorization headers) never appear in an
 * error's message, stack, cause chain or serialized form, nor in what the attempt hook hears,
 * even when a server or a token provider repeats them.
 */
import { inspect } from "node:util";
import { clientCredentials } from "@mpkit/core";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type AttemptInfo, createPaymentsClient, paymentsProduct } from "./payments-fixture.js";

const BASE = "https://sandbox.payments.test/v1";
const ID = "0f4b8f7e-3d0e-4d6c-9d4e-2f1f3c6b7a10";
const GATEWAY_KEY = "gw-key-7c1d55e0a9";
const ACCESS_TOKEN = "eyJhbGciOi.access-token-9f8e7d";
const CLIENT_SECRET = "client-secret-1b2c3d4e";
const SECRETS = [GATEWAY_KEY, ACCESS_TOKEN, CLIENT_SECRET, btoa(`integrator:${CLIENT_SECRET}`)];

const server = setupServer();
const logs: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(args.map((a) => inspect(a)).join(" ")));
  }
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  vi.restoreAllMocks();
});

/** Every way an error gets turned into text by a logger or an error tracker. */
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

function expectNoSecret(texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error;
}

describe("no secret leaves the client", () => {
  const attempts: AttemptInfo[] = [];
  const client = (credentials: Parameters<typeof createPaymentsClient>[0] extends infer C ? (C extends { credentials?: infer K } ? K : never) : never, fetch?: (r: Request) => Promise<Response>) =>
    createPaymentsClient({
      credentials,
      headers: { "x-system-version": "1.0.0" },
      onAttempt: (a) => attempts.push(a),
      policy: { retries: 0 },
      ...(fetch ? { fetch } : {}),
    });

  it("when the server echoes the credentials in its error body", async () => {
    server.use(
      http.get(`${BASE}/payments/:paymentId`, ({ request }) =>
        HttpResponse.json(
          { code: 1100, message: `bad request: ${request.headers.get("authorization")} / key ${request.headers.get("x-gateway-key")}` },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(client({ Integrator: ACCESS_TOKEN, GatewayKey: GATEWAY_KEY }).getPayment({ paymentId: ID }));
    expect(error).toMatchObject({ kind: "api", status: 400 });
    expect((error as { body: { message: string } }).body.message).toContain("[redacted]");
    expectNoSecret(renderings(error));
  });

  it("when the network layer's error names them", async () => {
    const fetch = async (request: Request) => {
      throw new TypeError(`connect ECONNRESET while sending ${request.headers.get("authorization")}`, {
        cause: new Error(`socket for key ${GATEWAY_KEY}`),
      });
    };
    const error = await failure(client({ Integrator: ACCESS_TOKEN, GatewayKey: GATEWAY_KEY }, fetch).getPayment({ paymentId: ID }));
    expect(error).toMatchObject({ kind: "network" });
    expectNoSecret(renderings(error));
  });

  it("when a token provider fails with the token in its message", async () => {
    const error = await failure(
      client({
        Integrator: () => {
          throw new Error(`could not refresh ${ACCESS_TOKEN}`);
        },
        GatewayKey: GATEWAY_KEY,
      }).getPayment({ paymentId: ID }),
    );
    expect(error).toMatchObject({ kind: "credential-provider" });
    // The client never saw that token, so it cannot redact it: the provider's message is not
    // kept at all, only the failure's name.
    expectNoSecret(renderings(error));
    expect((error as Error).cause).toMatchObject({ name: "Error" });
  });

  it("when the token endpoint repeats the client secret", async () => {
    server.use(
      http.post(paymentsProduct.securitySchemes.Integrator.tokenUrl, async ({ request }) =>
        HttpResponse.json(
          { error: "invalid_client", error_description: `secret ${CLIENT_SECRET} / ${request.headers.get("authorization")}` },
          { status: 400 },
        ),
      ),
    );
    const source = clientCredentials({
      tokenUrl: paymentsProduct.securitySchemes.Integrator.tokenUrl,
      clientId: "integrator",
      clientSecret: CLIENT_SECRET,
    });
    const error = await failure(client({ Integrator: source, GatewayKey: GATEWAY_KEY }).getPayment({ paymentId: ID }));
    expect(error).toMatchObject({ kind: "credential-provider" });
    expectNoSecret(renderings(error));
  });

  it("in what the attempt hook hears and in console output", () => {
    expect(attempts.length).toBeGreaterThan(0);
    expectNoSecret(attempts.map((a) => JSON.stringify(a)));
    expectNoSecret(logs);
  });
});
