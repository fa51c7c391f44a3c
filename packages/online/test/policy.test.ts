/**
 * The Online client follows the PSP retry policy the spec documents: 2 retries (never more
 * than 6), 2 s per attempt, at least 1 s between attempts, and only for calls that are safe
 * to repeat (here: those carrying their idempotency identifier).
 */
import { createMockServer } from "@mpkit/mocks/node";
import { createOnlineClient, onlineProduct } from "@mpkit/online";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testCredentials } from "./calls.js";

const API = "https://api.sandbox.mobilepay.dk/cardpassthrough-restapi";
const PAYMENT_ID = "472e651e-5a1e-424d-8098-23858bf03ad7";
const server = createMockServer({ stateful: false });
const attempts: number[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  attempts.length = 0;
});
afterAll(() => server.close());

/** Fails the first call to a route with 503, then lets the generated mock answer. */
function failOnce(method: "post" | "get", path: string) {
  let calls = 0;
  server.use(
    http[method](`${API}${path}`, () => {
      attempts.push(performance.now());
      return calls++ === 0 ? HttpResponse.json({ code: "503", message: "busy", correlationId: "c" }, { status: 503 }) : undefined;
    }),
  );
}

describe("the Online client policy from the spec", () => {
  it("is the documented one", () => {
    expect(onlineProduct.policy).toEqual({ retries: 2, maxRetries: 6, timeoutMs: 2000, retryDelayMs: 1000 });
    expect(onlineProduct.operations.capturePayment.idempotencyField).toBe("captureIdentifier");
  });

  it("retries a capture that carries its identifier, waiting at least 1 s", async () => {
    failOnce("post", "/api/v1/payments/:paymentId/captures");
    const online = createOnlineClient({ credentials: testCredentials });
    await online.capturePayment({
      paymentId: PAYMENT_ID,
      body: { amount: 1000, captureIdentifier: "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f", timestamp: "2024-02-20T14:31:07Z" },
    });
    expect(attempts).toHaveLength(2);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(990);
  });

  it("does not retry a call that creates something", async () => {
    failOnce("post", "/api/v1/merchants");
    const online = createOnlineClient({ credentials: testCredentials });
    const error = await online
      .createMerchant({
        body: {
          externalId: "aarhus-trading-20018",
          merchantCategoryCode: 5499,
          name: "Gedekid og Smoothies",
          billingCurrency: "DKK",
          countryCode: "DK",
          vatNumber: "11102248",
          platformId: "32a6e381-64f4-4911-86b6-3bf681b64d23",
        },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", status: 503, attempts: 1 });
    expect(attempts).toHaveLength(1);
  });
});
