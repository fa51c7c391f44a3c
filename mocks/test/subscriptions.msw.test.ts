/**
 * The Subscriptions MSW handlers: every operation answers the generated client with a response
 * that validates against the spec, and invalid requests - JSON Patches with another operation
 * than `replace` or an undocumented path among them - get a 4xx in the Subscriptions error format.
 */
import { createSubscriptionsClient } from "@mpkit/subscriptions";
import { ProductValidator, subscriptionsMock } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectValidResponses as expectMockedValid, routeOf } from "./support.js";
import {
  AGREEMENT_ID,
  agreementRequest,
  attachment,
  facadeCredentials,
  ONE_OFF_ID,
  oneOffRequest,
  PAYMENT_ID,
  paymentRequest,
  PROVIDER_ID,
  subscriptionsCalls,
  testCredentials,
  TEST_USER,
} from "../../packages/subscriptions/test/calls.js";

const SANDBOX = "https://api.sandbox.mobilepay.dk/subscriptions";
/** The user simulation is its own API, on its own base URL (path-level `servers` in the spec). */
const SIMULATION = "https://api.sandbox.mobilepay.dk/recurringpayments-restapi";
const server = createMockServer({ stateful: false });
const validator = new ProductValidator(subscriptionsMock);
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

const operationFor = (request: Request) => routeOf(subscriptionsMock, request);

const expectValidResponses = () => expectMockedValid(subscriptionsMock, validator, mocked);

const client = createSubscriptionsClient({ credentials: testCredentials });

describe("Subscriptions mocks answer the generated client", () => {
  it("have a handler for every operation of the spec", () => {
    expect(subscriptionsMock.operations.map((o) => o.operationId).sort()).toEqual(Object.keys(subscriptionsCalls).sort());
  });

  it.each(Object.entries(subscriptionsCalls))("%s, with a response that validates against the spec", async (_id, call) => {
    await call(client);
    await expectValidResponses();
  });

  it("accept the facade credentials as the second security alternative", async () => {
    const facade = createSubscriptionsClient({ credentials: facadeCredentials });
    await expect(facade.getCurrentMerchant({ headers: { "Merchant-Serial-Number": "123456" } })).resolves.toHaveProperty("Id");
  });

  it("serve the production base URL too", async () => {
    const production = createSubscriptionsClient({ environment: "production", credentials: testCredentials });
    await expect(production.getCurrentMerchant()).resolves.toHaveProperty("SubscriptionProviders");
  });
});

const headers = {
  Authorization: "Bearer sandbox-access-token",
  "x-ibm-client-id": "id",
  "x-ibm-client-secret": "secret",
  "Content-Type": "application/json",
  CorrelationId: "2a1d07f6-0c44-4c4e-9f3e-5f2b3c9d1e77",
};

const provider = `/api/providers/${PROVIDER_ID}`;
const agreementPath = `${provider}/agreements/${AGREEMENT_ID}`;

interface Refusal {
  name: string;
  /** Base URL when the operation is not served at the product's own. */
  base?: string;
  method: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  status: number;
  /** What the error message must mention. */
  mentions: RegExp;
}

const refusals: Refusal[] = [
  {
    name: "an agreement JSON Patch with op add",
    method: "PATCH",
    path: agreementPath,
    body: JSON.stringify([{ op: "add", path: "/plan", value: "Premium" }]),
    status: 400,
    mentions: /body\/0\/op must be equal to constant/,
  },
  {
    name: "an agreement JSON Patch with an undocumented path",
    method: "PATCH",
    path: agreementPath,
    body: JSON.stringify([{ op: "replace", path: "/status", value: "Active" }]),
    status: 400,
    mentions: /body\/0\/path must be equal to constant/,
  },
  {
    name: "an agreement JSON Patch mixing a valid and a remove operation",
    method: "PATCH",
    path: agreementPath,
    body: JSON.stringify([{ op: "replace", path: "/plan", value: "Premium" }, { op: "remove", path: "/description" }]),
    status: 400,
    mentions: /body\/1/,
  },
  {
    name: "an agreement JSON Patch whose value does not fit its path",
    method: "PATCH",
    path: agreementPath,
    body: JSON.stringify([{ op: "replace", path: "/frequency", value: 3 }]),
    status: 400,
    mentions: /body\/0\/value must be equal to one of the allowed values/,
  },
  {
    name: "an empty JSON Patch",
    method: "PATCH",
    path: agreementPath,
    body: "[]",
    status: 400,
    mentions: /body must NOT have fewer than 1 items/,
  },
  {
    name: "a provider JSON Patch with op add",
    method: "PATCH",
    path: provider,
    body: JSON.stringify([{ op: "add", path: "/payment_status_callback_url", value: "https://api.fitnessclub.dk/cb" }]),
    status: 400,
    mentions: /body\/0\/op must be equal to constant/,
  },
  {
    name: "a provider JSON Patch with an undocumented path",
    method: "PATCH",
    path: provider,
    body: JSON.stringify([{ op: "replace", path: "/name", value: "Other name" }]),
    status: 400,
    mentions: /body\/0\/path must be equal to constant/,
  },
  {
    name: "a payment callback URL with the http scheme",
    method: "PATCH",
    path: provider,
    body: JSON.stringify([{ op: "replace", path: "/payment_status_callback_url", value: "http://api.fitnessclub.dk/cb" }]),
    status: 400,
    mentions: /body\/0\/value must match pattern/,
  },
  {
    name: "a payment callback URL on a non-default port",
    method: "PATCH",
    path: provider,
    body: JSON.stringify([{ op: "replace", path: "/payment_status_callback_url", value: "https://api.fitnessclub.dk:8443/cb" }]),
    status: 400,
    mentions: /body\/0\/value must match pattern/,
  },
  {
    name: "a payment request JSON Patch on another path than /amount",
    method: "PATCH",
    path: `${agreementPath}/paymentrequests/${PAYMENT_ID}`,
    body: JSON.stringify([{ op: "replace", path: "/due_date", value: "2026-12-24" }]),
    status: 400,
    mentions: /body\/0\/path must be equal to constant/,
  },
  {
    name: "an agreement whose currency does not match its country",
    method: "POST",
    path: `${provider}/agreements`,
    body: JSON.stringify({ ...agreementRequest, country_code: "FI" }),
    status: 400,
    mentions: /body must match a schema in anyOf/,
  },
  {
    name: "an agreement without a cancel-callback link",
    method: "POST",
    path: `${provider}/agreements`,
    body: JSON.stringify({
      ...agreementRequest,
      links: [...agreementRequest.links.filter((l) => l.rel !== "cancel-callback"), { rel: "cancel-redirect", href: "https://fitnessclub.dk/opsig" }],
    }),
    status: 400,
    mentions: /body\/links must contain at least 1 and no more than 1 valid item/,
  },
  {
    name: "an agreement link that is not HTTPS",
    method: "POST",
    path: `${provider}/agreements`,
    body: JSON.stringify({
      ...agreementRequest,
      links: agreementRequest.links.map((l) => (l.rel === "user-redirect" ? { ...l, href: "http://fitnessclub.dk/done" } : l)),
    }),
    status: 400,
    mentions: /body\/links\/0\/href must match pattern/,
  },
  {
    name: "an amount not in the 0.00 format",
    method: "POST",
    path: `${provider}/agreements`,
    body: JSON.stringify({ ...agreementRequest, amount: "10" }),
    status: 400,
    mentions: /body\/amount must match pattern/,
  },
  {
    name: "an unknown frequency",
    method: "POST",
    path: `${provider}/agreements`,
    body: JSON.stringify({ ...agreementRequest, frequency: 6 }),
    status: 400,
    mentions: /body\/frequency must be equal to one of the allowed values/,
  },
  {
    name: "a plan longer than 30 characters",
    method: "POST",
    path: `${provider}/agreements`,
    body: JSON.stringify({ ...agreementRequest, plan: "P".repeat(31) }),
    status: 400,
    mentions: /body\/plan must NOT have more than 30 characters/,
  },
  {
    name: "notifications on while their management is disabled",
    method: "POST",
    path: `${provider}/agreements`,
    body: JSON.stringify({ ...agreementRequest, disable_notification_management: true, notifications_on: true }),
    status: 400,
    mentions: /body must NOT be valid/,
  },
  {
    name: "an obsolete agreement field",
    method: "POST",
    path: `${provider}/agreements`,
    body: JSON.stringify({ ...agreementRequest, next_payment_date: "2026-12-01" }),
    status: 400,
    mentions: /must NOT have unevaluated properties/,
  },
  {
    name: "a batch of more than 2000 payments",
    method: "POST",
    path: `${provider}/paymentrequests`,
    body: JSON.stringify(Array.from({ length: 2001 }, () => paymentRequest)),
    status: 400,
    mentions: /body must NOT have more than 2000 items/,
  },
  {
    name: "a payment with a grace period of 5 days",
    method: "POST",
    path: `${provider}/paymentrequests`,
    body: JSON.stringify([{ ...paymentRequest, grace_period_days: 5 }]),
    status: 400,
    mentions: /body\/0\/grace_period_days must be equal to one of the allowed values/,
  },
  {
    name: "a payment without a description",
    method: "POST",
    path: `${provider}/paymentrequests`,
    body: JSON.stringify([{ ...paymentRequest, description: undefined }]),
    status: 400,
    mentions: /body\/0\/description must have required property/,
  },
  {
    name: "a one-off of 0.00",
    method: "POST",
    path: `${agreementPath}/oneoffpayments`,
    body: JSON.stringify({ ...oneOffRequest, amount: "0.00" }),
    status: 400,
    mentions: /body\/amount must match pattern/,
  },
  {
    name: "a refund below 0.10",
    method: "POST",
    path: `${agreementPath}/payments/${PAYMENT_ID}/refunds`,
    body: JSON.stringify({ amount: "0.05", status_callback_url: "https://api.fitnessclub.dk/mobilepay/refunds" }),
    status: 400,
    mentions: /body\/amount must match pattern/,
  },
  {
    name: "an attachment with both an external link and a generated PDF",
    method: "PUT",
    path: `${provider}/payments/${PAYMENT_ID}/attachment`,
    body: JSON.stringify({ ...attachment, external_attachment_url: "https://fitnessclub.dk/r.pdf" }),
    status: 400,
    mentions: /body must NOT be valid/,
  },
  {
    name: "an API key that is not a token68",
    method: "PUT",
    path: `${provider}/auth/apikey`,
    body: JSON.stringify({ api_key: "not a token68" }),
    status: 400,
    mentions: /body\/api_key must match pattern/,
  },
  {
    name: "a page size above 2000",
    method: "GET",
    path: `${provider}/agreements?pageSize=2001`,
    status: 400,
    mentions: /query\.pageSize must be <= 2000/,
  },
  {
    name: "a provider id that is not a UUID",
    method: "GET",
    path: "/api/providers/not-a-uuid",
    status: 400,
    mentions: /path\.providerId must match format "uuid"/,
  },
  {
    name: "a body that is not JSON",
    method: "POST",
    path: `${provider}/agreements`,
    body: "{ not json",
    status: 400,
    mentions: /not valid JSON/,
  },
  {
    name: "a user simulation without authenticateduser",
    base: SIMULATION,
    method: "PATCH",
    path: `/api/agreements/v1/${AGREEMENT_ID}`,
    body: JSON.stringify({ status: "Accepted" }),
    status: 400,
    mentions: /header\.authenticateduser/,
  },
  {
    name: "a call without a bearer token",
    method: "GET",
    path: "/api/merchants/me",
    headers: { Authorization: undefined },
    status: 401,
    mentions: /credentials/,
  },
];

const ERROR_KIND: Record<number, { error: string; error_type: string }> = {
  400: { error: "BadRequest", error_type: "InputError" },
  401: { error: "Unauthorized", error_type: "InputError" },
};

describe("Subscriptions mocks refuse invalid requests in the Subscriptions error format", () => {
  it.each(refusals.map((r) => [r.name, r] as const))("%s", async (_name, refusal) => {
    const sent = Object.fromEntries(
      Object.entries({ ...headers, ...refusal.headers }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const base = refusal.base ?? SANDBOX;
    const response = await fetch(`${base}${refusal.path}`, { method: refusal.method, headers: sent, body: refusal.body });
    expect(response.status).toBe(refusal.status);
    expect(response.headers.get("CorrelationId")).toBe(headers.CorrelationId);
    const body = (await response.json()) as { error: string; error_description: Record<string, unknown> };
    expect(body).toMatchObject({
      error: ERROR_KIND[refusal.status]?.error,
      error_description: { error_type: ERROR_KIND[refusal.status]?.error_type, correlation_id: headers.CorrelationId },
    });
    expect(String(body.error_description.message)).toMatch(refusal.mentions);
    // The refusal itself conforms to the spec's ErrorResponse schema.
    const op = operationFor(new Request(`${base}${refusal.path}`, { method: refusal.method }));
    expect(validator.checkResponse(op, refusal.status, body)).toEqual([]);
  });

  it("and the client turns a refused JSON Patch into a typed ApiError", async () => {
    const error = await client
      .updateAgreement({
        providerId: PROVIDER_ID,
        agreementId: AGREEMENT_ID,
        // @ts-expect-error: only op "replace" is allowed
        body: [{ op: "add", path: "/plan", value: "Premium" }],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: "api",
      status: 400,
      operationId: "updateAgreement",
      body: { error: "BadRequest", error_description: { error_type: "InputError" } },
    });
  });

  it("answer another documented response when asked with Prefer: code", async () => {
    const path = `${agreementPath}/oneoffpayments/${ONE_OFF_ID}/capture`;
    const response = await fetch(`${SANDBOX}${path}`, { method: "POST", headers: { ...headers, Prefer: "code=412" } });
    expect(response.status).toBe(412);
    const body = (await response.json()) as { error: string; error_description: { error_type: string } };
    expect(body).toMatchObject({ error: "PreconditionFailed", error_description: { error_type: "PreconditionError" } });
    expect(validator.checkResponse(operationFor(new Request(`${SANDBOX}${path}`, { method: "POST" })), 412, body)).toEqual([]);
  });

  it("answer 404 without a body, as the service does", async () => {
    const response = await fetch(`${SANDBOX}${agreementPath}`, { headers: { ...headers, Prefer: "code=404" } });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("");
  });

  it("serve the user simulation only where the spec declares it, and the client calls it there", async () => {
    const onProductBase = await fetch(`${SANDBOX}/api/agreements/v1/${AGREEMENT_ID}`, {
      method: "PATCH",
      headers: { ...headers, authenticateduser: TEST_USER },
      body: JSON.stringify({ status: "Accepted" }),
    }).catch((e: unknown) => e);
    // No handler on the product's base URL: MSW refuses the unhandled request.
    expect(onProductBase).toBeInstanceOf(Error);
    const production = createSubscriptionsClient({ environment: "production", credentials: testCredentials });
    await expect(
      production.simulateAcceptAgreement({ agreementId: AGREEMENT_ID, headers: { authenticateduser: TEST_USER }, body: { status: "Accepted" } }),
    ).rejects.toMatchObject({ kind: "invalid-input", fields: ["environment"] });
  });

  it("accept a request again once it is fixed", async () => {
    const response = await fetch(`${SIMULATION}/api/agreements/v1/${AGREEMENT_ID}`, {
      method: "PATCH",
      headers: { ...headers, authenticateduser: TEST_USER },
      body: JSON.stringify({ status: "Accepted" }),
    });
    expect(response.status).toBe(204);
  });
});

describe("Subscriptions mocks echo the ids of the path", () => {
  it("into snake_case fields of the same name (agreementId → agreement_id)", async () => {
    const otherAgreement = "0b7e6d5c-4a3b-4c2d-9e1f-0a9b8c7d6e5f";
    const payment = await client.getOneOffPayment({ providerId: PROVIDER_ID, agreementId: otherAgreement, paymentId: ONE_OFF_ID });
    expect(payment.agreement_id).toBe(otherAgreement);
  });
});
