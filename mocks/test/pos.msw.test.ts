/**
 * The PoS MSW handlers: every operation answers the generated client with a response that
 * validates against the spec, and invalid requests get the PoS error format.
 */
import { createPosClient } from "@mpkit/pos";
import { posMock, ProductValidator } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectValidResponses as expectMockedValid, routeOf } from "./support.js";
import {
  createHeaders,
  payment,
  PAYMENT_ID,
  pointOfSale,
  POS_ID,
  posCalls,
  testCredentials,
  vendorHeaders,
} from "../../packages/pos/test/calls.js";

const SANDBOX = "https://api.sandbox.mobilepay.dk";
const server = createMockServer({ stateful: false });
const validator = new ProductValidator(posMock);
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

const operationFor = (request: Request) => routeOf(posMock, request);

const expectValidResponses = () => expectMockedValid(posMock, validator, mocked);

const client = createPosClient({ credentials: testCredentials, headers: vendorHeaders });

describe("PoS mocks answer the generated client", () => {
  it("have a handler for every operation of the spec", () => {
    expect(posMock.operations.map((o) => o.operationId).sort()).toEqual(Object.keys(posCalls).sort());
    expect(posMock.operations).toHaveLength(23);
  });

  it.each(Object.entries(posCalls))("%s, with a response that validates against the spec", async (_id, call) => {
    await call(client);
    await expectValidResponses();
  });

  it("answer with the ids the request asked for", async () => {
    const paymentId = "0d9f6a83-57d5-4a1b-9a65-31b7d1c2a4e0";
    await expect(client.getPayment({ paymentId, headers: vendorHeaders })).resolves.toMatchObject({ paymentId });
    const refundId = "5a0c7e0e-2b7f-4c0a-9d51-8f3e2d1c0b9a";
    await expect(client.getRefund({ refundId, headers: vendorHeaders })).resolves.toMatchObject({ refundId });
    const posId = "c0ffee00-1234-4abc-8def-0123456789ab";
    await expect(client.getPointOfSale({ posId, headers: vendorHeaders })).resolves.toMatchObject({ posId });
  });

  it("serve the production base URL too", async () => {
    const production = createPosClient({ environment: "production", credentials: testCredentials, headers: vendorHeaders });
    await expect(production.getStore({ storeId: pointOfSale.storeId, headers: vendorHeaders })).resolves.toHaveProperty("storeName");
  });

  it("accept a create call without the merchant VAT header (token locked to a merchant)", async () => {
    const { "x-mobilepay-merchant-vat-number": _vat, ...headers } = createHeaders();
    await expect(client.initiatePayment({ headers, body: payment })).resolves.toHaveProperty("paymentId");
  });
});

const headers = {
  Authorization: "Bearer sandbox-access-token",
  "x-ibm-client-id": "sandbox-client-id",
  "x-mobilepay-client-system-version": "2.1.1",
  "x-mobilepay-idempotency-key": "4c6b1c1e-8f0a-4bb6-9d3c-6e2f7a8b9c0d",
  "Content-Type": "application/json",
  CorrelationId: "2a1d07f6-0c44-4c4e-9f3e-5f2b3c9d1e77",
};

interface Refusal {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  status: number;
  /** What the error message must mention. */
  mentions: RegExp;
}

const PAYMENTS = "/pos/v10/payments";
const refusals: Refusal[] = [
  {
    name: "a create call without an idempotency key",
    method: "POST",
    path: PAYMENTS,
    headers: { "x-mobilepay-idempotency-key": undefined },
    body: JSON.stringify(payment),
    status: 400,
    mentions: /header\.x-mobilepay-idempotency-key must have required property/,
  },
  {
    name: "an idempotency key longer than 36 characters",
    method: "POST",
    path: "/pos/v10/refunds",
    headers: { "x-mobilepay-idempotency-key": "k".repeat(37) },
    body: JSON.stringify({ paymentId: PAYMENT_ID, amount: 20, currencyCode: "DKK", refundOrderId: "R1" }),
    status: 400,
    mentions: /header\.x-mobilepay-idempotency-key must NOT have more than 36 characters/,
  },
  {
    name: "a client system version that is not Major.Minor.Build",
    method: "GET",
    path: `${PAYMENTS}/${PAYMENT_ID}`,
    headers: { "x-mobilepay-client-system-version": "2.1" },
    status: 400,
    mentions: /header\.x-mobilepay-client-system-version must match pattern/,
  },
  {
    name: "a call without the client system version",
    method: "GET",
    path: "/pos/v10/stores",
    headers: { "x-mobilepay-client-system-version": undefined },
    status: 400,
    mentions: /header\.x-mobilepay-client-system-version must have required property/,
  },
  {
    name: "a VAT header with a dash",
    method: "GET",
    path: `/pos/v10/pointofsales/${POS_ID}`,
    headers: { "x-mobilepay-merchant-vat-number": "DK-12345678" },
    status: 400,
    mentions: /header\.x-mobilepay-merchant-vat-number must match pattern/,
  },
  {
    name: "a currency other than DKK or EUR",
    method: "POST",
    path: PAYMENTS,
    body: JSON.stringify({ ...payment, currencyCode: "SEK" }),
    status: 400,
    mentions: /body\/currencyCode must be equal to one of the allowed values/,
  },
  {
    name: "an amount that is not > 0",
    method: "POST",
    path: `${PAYMENTS}/${PAYMENT_ID}/capture`,
    headers: { "x-mobilepay-idempotency-key": undefined },
    body: JSON.stringify({ amount: 0 }),
    status: 400,
    mentions: /body\/amount must be > 0/,
  },
  {
    name: "a payment without plannedCaptureDelay",
    method: "POST",
    path: PAYMENTS,
    body: JSON.stringify({ ...payment, plannedCaptureDelay: undefined }),
    status: 400,
    mentions: /body\/plannedCaptureDelay must have required property/,
  },
  {
    name: "an orderId with a character outside the valid set",
    method: "POST",
    path: PAYMENTS,
    body: JSON.stringify({ ...payment, orderId: "Order €5" }),
    status: 400,
    mentions: /body\/orderId must match pattern/,
  },
  {
    name: "an orderId longer than 36 characters",
    method: "POST",
    path: `${PAYMENTS}/prepare`,
    body: JSON.stringify({ posId: POS_ID, orderId: "o".repeat(37), plannedCaptureDelay: "None" }),
    status: 400,
    mentions: /body\/orderId must NOT have more than 36 characters/,
  },
  {
    name: "an unknown field (the removed userMinimumAge restriction)",
    method: "POST",
    path: PAYMENTS,
    body: JSON.stringify({ ...payment, restrictions: { userMinimumAge: 18 } }),
    status: 400,
    mentions: /must NOT have additional properties/,
  },
  {
    name: "a beacon id that is neither 15 digits nor a GUID",
    method: "POST",
    path: "/pos/v10/pointofsales",
    body: JSON.stringify({ ...pointOfSale, beaconId: "12345" }),
    status: 400,
    mentions: /body\/beaconId must match pattern/,
  },
  {
    name: "a pre-2020 beacon type",
    method: "POST",
    path: "/pos/v10/pointofsales",
    body: JSON.stringify({ ...pointOfSale, supportedBeaconTypes: ["BluetoothMP1"] }),
    status: 400,
    mentions: /body\/supportedBeaconTypes\/0 must be equal to one of the allowed values/,
  },
  {
    name: "a point of sale without supported beacon types",
    method: "POST",
    path: "/pos/v10/pointofsales",
    body: JSON.stringify({ ...pointOfSale, supportedBeaconTypes: [] }),
    status: 400,
    mentions: /body\/supportedBeaconTypes must NOT have fewer than 1 items/,
  },
  {
    name: "a malformed merchantBrandId",
    method: "GET",
    path: "/pos/v10/stores?merchantBrandId=SHOP012345&merchantLocationId=12345",
    status: 400,
    mentions: /query\.merchantBrandId must match pattern/,
  },
  {
    name: "a merchantLocationId that is not 5 characters",
    method: "GET",
    path: "/pos/v10/stores/detailed?merchantBrandId=MPPOS12345&merchantLocationId=1234",
    status: 400,
    mentions: /query\.merchantLocationId must NOT have fewer than 5 characters/,
  },
  {
    name: "a refund lookup without paymentId",
    method: "GET",
    path: "/pos/v10/refunds",
    status: 400,
    mentions: /query\.paymentId must have required property/,
  },
  {
    name: "a payment id that is not a GUID",
    method: "GET",
    path: `${PAYMENTS}/not-a-guid`,
    status: 400,
    mentions: /path\.paymentId must match format "uuid"/,
  },
  {
    name: "a simulated check-in with a phone number that is not DK or FI",
    method: "POST",
    path: "/pos/app/usersimulation/checkin",
    body: JSON.stringify({ phoneNumber: "+4612345678", beaconId: "123456789012345" }),
    status: 400,
    mentions: /body\/phoneNumber must match pattern/,
  },
  {
    name: "a body that is not JSON",
    method: "POST",
    path: PAYMENTS,
    body: "{ not json",
    status: 400,
    mentions: /not valid JSON/,
  },
  {
    name: "a call without a bearer token",
    method: "GET",
    path: "/pos/v10/stores",
    headers: { Authorization: undefined },
    status: 401,
    mentions: /credentials/,
  },
  {
    name: "a call without x-ibm-client-id",
    method: "GET",
    path: `/pos/v10/pointofsales/${POS_ID}/checkin`,
    headers: { "x-ibm-client-id": undefined },
    status: 401,
    mentions: /credentials/,
  },
];

describe("PoS mocks refuse invalid requests in the PoS error format", () => {
  it.each(refusals.map((r) => [r.name, r] as const))("%s", async (_name, refusal) => {
    const sent = Object.fromEntries(
      Object.entries({ ...headers, ...refusal.headers }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const response = await fetch(`${SANDBOX}${refusal.path}`, { method: refusal.method, headers: sent, body: refusal.body });
    expect(response.status).toBe(refusal.status);
    expect(response.headers.get("CorrelationId")).toBe(headers.CorrelationId);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ CorrelationId: headers.CorrelationId });
    if (refusal.status === 400) expect(body.code).toBe("1099");
    expect(String(body.message)).toMatch(refusal.mentions);
    // The refusal itself conforms to the error schema the spec documents for that status.
    const op = operationFor(new Request(`${SANDBOX}${refusal.path}`, { method: refusal.method }));
    expect(validator.checkResponse(op, refusal.status, body)).toEqual([]);
  });

  it("and the client turns the refusal into a typed ApiError", async () => {
    const error = await client
      .capturePayment({ paymentId: PAYMENT_ID, headers: vendorHeaders, body: { amount: -5 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "api", status: 400, body: { code: "1099" } });
  });

  it("answer another documented response when asked with Prefer: code", async () => {
    const response = await fetch(`${SANDBOX}${PAYMENTS}`, {
      method: "POST",
      headers: { ...headers, Prefer: "code=409" },
      body: JSON.stringify(payment),
    });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { code: string };
    expect(body.code).toBe("1301");
    const op = operationFor(new Request(`${SANDBOX}${PAYMENTS}`, { method: "POST" }));
    expect(validator.checkResponse(op, 409, body)).toEqual([]);
  });

  it("accept the user simulation with the client id only", async () => {
    const response = await fetch(`${SANDBOX}/pos/app/usersimulation/acceptpayment`, {
      method: "POST",
      headers: { "x-ibm-client-id": "sandbox-client-id", "Content-Type": "application/json" },
      body: JSON.stringify({ phoneNumber: "+4520031801", paymentId: PAYMENT_ID }),
    });
    expect(response.status).toBe(200);
  });
});
