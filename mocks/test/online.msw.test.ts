/**
 * The Online MSW handlers: every operation answers the generated client with a response that
 * validates against the spec, and invalid requests get the Online error format.
 */
import { createOnlineClient } from "@mpkit/online";
import { onlineMock, ProductValidator } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectValidResponses as expectMockedValid, routeOf } from "./support.js";
import {
  accountVerification,
  AGREEMENT_ID,
  ATTEMPT_ID,
  checkout,
  MERCHANT_ID,
  mit,
  onlineCalls,
  PAYMENT_ID,
  payment,
  softDecline,
  testCredentials,
} from "../../packages/online/test/calls.js";

const SANDBOX = "https://api.sandbox.mobilepay.dk/cardpassthrough-restapi";
const server = createMockServer({ stateful: false });
const validator = new ProductValidator(onlineMock);
const mocked: { request: Request; response: Response }[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("response:mocked", ({ request, response }) => {
    // The handler has read the request body by now: keep only what routing needs.
    mocked.push({ request: new Request(request.url, { method: request.method }), response: response.clone() });
  });
});
afterEach(() => {
  mocked.length = 0;
});
afterAll(() => server.close());

const operationFor = (request: Request) => routeOf(onlineMock, request);

const expectValidResponses = () => expectMockedValid(onlineMock, validator, mocked);

const client = createOnlineClient({ credentials: testCredentials });

describe("Online mocks answer the generated client", () => {
  it("have a handler for every operation of the spec", () => {
    expect(onlineMock.operations.map((o) => o.operationId).sort()).toEqual(Object.keys(onlineCalls).sort());
    expect(onlineMock.operations).toHaveLength(32);
  });

  it.each(Object.entries(onlineCalls))("%s, with a response that validates against the spec", async (_id, call) => {
    await call(client);
    await expectValidResponses();
  });

  it("answer with the ids the request asked for", async () => {
    const merchantId = "5b1e3f0c-9a7d-4c2e-8f61-0d4b2a9c7e35";
    await expect(client.getMerchant({ merchantId })).resolves.toMatchObject({ merchantId });
  });

  it("accept a Checkout whose delivery address is not allowed, with its reason code", async () => {
    await expect(client.initiatePayment({ body: checkout })).resolves.toHaveProperty("paymentId");
  });

  it("serve the production base URL too", async () => {
    const production = createOnlineClient({ environment: "production", credentials: testCredentials });
    await expect(production.listPlatforms()).resolves.toHaveLength(2);
  });
});

const headers = {
  "x-ibm-client-id": "id",
  "x-ibm-client-secret": "secret",
  "Content-Type": "application/json",
  CorrelationId: "2a1d07f6-0c44-4c4e-9f3e-5f2b3c9d1e77",
};

interface Refusal {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  status: number;
  /** What the error message must mention. */
  mentions: RegExp;
}

const attempt = `/api/v1/payments/${PAYMENT_ID}/authorizationattempts/${ATTEMPT_ID}`;

const refusals: Refusal[] = [
  {
    name: "a currency that is not accepted",
    method: "POST",
    path: "/api/v3/payments",
    body: { ...payment, currencyCode: "CHF" },
    status: 400,
    mentions: /body\/currencyCode must be equal to one of the allowed values/,
  },
  {
    name: "a logo served over plain HTTP",
    method: "POST",
    path: "/api/v3/payments",
    body: { ...payment, merchantLogoUrl: "http://www.gedekid-smoothies.dk/logo.png" },
    status: 400,
    mentions: /body\/merchantLogoUrl must match pattern "\^https:\/\/"/,
  },
  {
    name: "a merchantUrl longer than 150 characters",
    method: "POST",
    path: "/api/v3/payments",
    body: { ...payment, merchantUrl: `https://www.gedekid-smoothies.dk/${"a".repeat(150)}` },
    status: 400,
    mentions: /body\/merchantUrl must NOT have more than 150 characters/,
  },
  {
    name: "a minimum user age above 150",
    method: "POST",
    path: "/api/v3/payments",
    body: { ...payment, minimumMobilePayUserAge: 151 },
    status: 400,
    mentions: /body\/minimumMobilePayUserAge must be <= 150/,
  },
  {
    name: "an unknown card type",
    method: "POST",
    path: "/api/v3/payments",
    body: { ...payment, allowedCardTypes: [{ name: "AMEX", encryptedPanCallbackUrl: "https://callbacks.nordpay.dk/c" }] },
    status: 400,
    mentions: /body\/allowedCardTypes\/0\/name must be equal to one of the allowed values/,
  },
  {
    name: "a Checkout without address callback",
    method: "POST",
    path: "/api/v3/payments",
    body: { ...payment, isCheckout: true, deliveryAddressAllowed: true },
    status: 400,
    mentions: /body\/addressCallbackUrl must have required property/,
  },
  {
    name: "a disallowed delivery address without reason code",
    method: "POST",
    path: "/api/v3/payments",
    body: { ...checkout, deliveryAddressDisallowedReasonCode: undefined },
    status: 400,
    mentions: /body\/deliveryAddressDisallowedReasonCode must have required property/,
  },
  {
    name: "an unknown field",
    method: "POST",
    path: "/api/v3/payments",
    body: { ...payment, paymentMethod: "card" },
    status: 400,
    mentions: /must NOT have unevaluated properties/,
  },
  {
    name: "a failed attempt without reason",
    method: "PATCH",
    path: attempt,
    body: { succeeded: false },
    status: 400,
    mentions: /body\/reasonCode must have required property/,
  },
  {
    name: "a 1000-range reason code without acquirer data",
    method: "PATCH",
    path: attempt,
    body: { succeeded: false, reasonCode: 1000, reasonMessage: "3-D Secure failed" },
    status: 400,
    mentions: /body\/acquirerVatNumber must have required property/,
  },
  {
    name: "a soft decline without 3-D Secure URL",
    method: "PATCH",
    path: attempt,
    body: { ...softDecline, threeDSecureUrl: undefined },
    status: 400,
    mentions: /body\/threeDSecureUrl must have required property/,
  },
  {
    name: "a capture of 0",
    method: "POST",
    path: `/api/v1/payments/${PAYMENT_ID}/captures`,
    body: { captureIdentifier: "c-1", amount: 0, timestamp: "2026-11-22T14:31:07Z" },
    status: 400,
    mentions: /body\/amount must be >= 1/,
  },
  {
    name: "a refund without its idempotency identifier",
    method: "POST",
    path: `/api/v1/payments/${PAYMENT_ID}/refunds`,
    body: { amount: 2500, timestamp: "2026-11-24T09:12:31Z" },
    status: 400,
    mentions: /body\/refundIdentifier must have required property/,
  },
  {
    name: "an amount that is not whole minor units",
    method: "POST",
    path: `/api/v1/payments/${PAYMENT_ID}/cancels`,
    body: { cancelIdentifier: "c-1", amount: 49.95, timestamp: "2026-11-22T15:02:44Z" },
    status: 400,
    mentions: /body\/amount must be integer/,
  },
  {
    name: "an account verification above 100",
    method: "POST",
    path: `/api/v3/recurring/payments/customer-initiated?agreementId=${AGREEMENT_ID}`,
    body: { ...accountVerification, amount: 500 },
    status: 400,
    mentions: /body\/amount must be <= 100/,
  },
  {
    name: "a last4 that is not four digits",
    method: "POST",
    path: `/api/v3/recurring/payments/merchant-initiated?agreementId=${AGREEMENT_ID}`,
    body: { ...mit, last4: "12345" },
    status: 400,
    mentions: /body\/last4 must NOT have more than 4 characters/,
  },
  {
    name: "an MIT without agreementId",
    method: "POST",
    path: "/api/v3/recurring/payments/merchant-initiated",
    body: mit,
    status: 400,
    mentions: /query\.agreementId must have required property/,
  },
  {
    name: "a merchant category code above 9999",
    method: "POST",
    path: "/api/v1/merchants",
    body: { externalId: "x", merchantCategoryCode: 10000, name: "Shop", billingCurrency: "DKK", countryCode: "DK" },
    status: 400,
    mentions: /body\/merchantCategoryCode must be <= 9999/,
  },
  {
    name: "a merchant name longer than 255 characters",
    method: "POST",
    path: "/api/v1/merchants",
    body: { externalId: "x", merchantCategoryCode: 5499, name: "n".repeat(256), billingCurrency: "DKK", countryCode: "DK" },
    status: 400,
    mentions: /body\/name must NOT have more than 255 characters/,
  },
  {
    name: "a platform name shorter than 3 characters",
    method: "POST",
    path: "/api/v1/psp/platforms",
    body: { name: "ab" },
    status: 400,
    mentions: /body\/name must NOT have fewer than 3 characters/,
  },
  {
    name: "a merchant id that is not a UUID",
    method: "GET",
    path: "/api/v1/merchants/not-a-uuid",
    status: 400,
    mentions: /path\.merchantId must match format "uuid"/,
  },
  {
    name: "a body that is not JSON",
    method: "POST",
    path: "/api/v1/psp/platforms",
    body: "{ not json",
    status: 400,
    mentions: /not valid JSON/,
  },
  {
    name: "a call without the client secret",
    method: "GET",
    path: `/api/v1/merchants/${MERCHANT_ID}`,
    headers: { "x-ibm-client-secret": undefined },
    status: 401,
    mentions: /credentials/,
  },
];

describe("Online mocks refuse invalid requests in the Online error format", () => {
  it.each(refusals.map((r) => [r.name, r] as const))("%s", async (_name, refusal) => {
    const sent = Object.fromEntries(
      Object.entries({ ...headers, ...refusal.headers }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const body = typeof refusal.body === "string" ? refusal.body : refusal.body === undefined ? undefined : JSON.stringify(refusal.body);
    const response = await fetch(`${SANDBOX}${refusal.path}`, { method: refusal.method, headers: sent, body });
    expect(response.status).toBe(refusal.status);
    expect(response.headers.get("CorrelationId")).toBe(headers.CorrelationId);
    const error = (await response.json()) as Record<string, unknown>;
    expect(error).toMatchObject({ code: String(refusal.status), correlationId: headers.CorrelationId });
    expect(String(error.message)).toMatch(refusal.mentions);
    // The refusal itself conforms to the spec's ErrorResponse schema.
    const op = operationFor(new Request(`${SANDBOX}${refusal.path}`, { method: refusal.method }));
    expect(validator.checkResponse(op, refusal.status, error)).toEqual([]);
  });

  it("and the client turns the refusal into a typed ApiError", async () => {
    const error = await client
      .capturePayment({ paymentId: PAYMENT_ID, body: { captureIdentifier: "c-1", amount: -5, timestamp: "2026-11-22T14:31:07Z" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", status: 400, body: { code: "400" } });
  });

  it("need no credentials for the sandbox user simulation", async () => {
    const response = await fetch(`${SANDBOX}/api/v1/product/payments/simulation/enter-phone-and-swipe/${PAYMENT_ID}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ phoneNumber: "4540404040" }),
    });
    expect(response.status).toBe(204);
  });

  it.each([
    ["initiatePayment", "POST", "/api/v3/payments", payment, ["2000", "2010", "2020", "2030", "2040", "2050"]],
    ["invalidatePayment", "PUT", `/api/v1/payments/${PAYMENT_ID}/invalidate`, undefined, ["2100", "2101"]],
  ] as const)("answer %s's documented 409 when asked with Prefer: code", async (_id, method, path, body, codes) => {
    const response = await fetch(`${SANDBOX}${path}`, {
      method,
      headers: { ...headers, Prefer: "code=409" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBe(409);
    const error = (await response.json()) as { code: string };
    expect(codes).toContain(error.code);
    const op = operationFor(new Request(`${SANDBOX}${path}`, { method }));
    expect(validator.checkResponse(op, 409, error)).toEqual([]);
  });
});

describe("operation-level servers", () => {
  it("send the credentials operations to the onboarding API and the rest to the main one", async () => {
    await onlineCalls.createCredentials(client);
    await onlineCalls.listMerchants(client);
    expect(mocked.map((m) => new URL(m.request.url).origin + new URL(m.request.url).pathname.split("/api/")[0])).toEqual([
      "https://api.sandbox.mobilepay.dk/cardpassthrough-kongonboarding-restapi",
      "https://api.sandbox.mobilepay.dk/cardpassthrough-restapi",
    ]);
  });
});
