/**
 * One typed call per PoS operation, with assertions on the typed result. The contract tests
 * run this table against Prism (serving specs/pos) and against the MSW mocks, so both servers
 * are held to the same expectations.
 *
 * The vendor headers are set once in the client configuration (`vendorHeaders`), and the
 * client generates the idempotency key of each create call itself, so no call here passes one.
 */
import { expect, expectTypeOf } from "vitest";
import {
  type CheckIn,
  type CreatePointOfSaleRequest,
  type InitiatePaymentRequest,
  type Payment,
  type PaymentCreated,
  type PaymentIdList,
  type PointOfSale,
  type PointOfSaleCreated,
  type PointOfSaleIdList,
  type PosClient,
  type PosOperationId,
  posStateMachines,
  type Refund,
  type RefundCreated,
  type RefundIdList,
  type Store,
  type StoreIdList,
  type StoreList,
} from "@mpkit/pos";

export const POS_ID = "7e6acbde-345e-4641-b2f4-d8df0f3a5147";
export const PAYMENT_ID = "186d2b31-ff25-4414-9fd1-bfe9807fa8b7";
export const STORE_ID = "2a7e4a0c-7b8d-4f3e-9a55-0d1c2b3a4f5e";
export const REFUND_ID = "9f3b7c2e-1d4a-4e5f-8a6b-7c8d9e0f1a2b";
export const BEACON_ID = "123456789012345";
/** Sandbox PoS test user (DK, credit card), from the PoS reference. */
export const TEST_USER_PHONE = "+4520031801";

/** The vendor headers every PoS v10 call carries, set once in the client configuration. */
export const vendorHeaders = {
  "x-mobilepay-client-system-version": "2.1.1",
  "x-mobilepay-merchant-vat-number": "DK12345678",
} as const;

/** Vendor headers plus a fresh idempotency key, for the four create calls. */
export function createHeaders() {
  return { ...vendorHeaders, "x-mobilepay-idempotency-key": globalThis.crypto.randomUUID() };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAYMENT_STATES: readonly string[] = posStateMachines.PaymentState.states;
const REFUND_STATES: readonly string[] = posStateMachines.RefundState.states;

export const payment: InitiatePaymentRequest = {
  posId: POS_ID,
  orderId: "2019-10-22-0031",
  amount: 45.5,
  currencyCode: "DKK",
  merchantPaymentLabel: "Receipt 0031",
  plannedCaptureDelay: "None",
  restrictions: { debitCardDisallowed: false, creditCardDisallowed: false },
};

export const pointOfSale: CreatePointOfSaleRequest = {
  storeId: STORE_ID,
  merchantPosId: "Till 3",
  name: "Kasse 3 - Nørreport",
  beaconId: BEACON_ID,
  supportedBeaconTypes: ["QR", "NFC"],
  requirePaymentBeforeCheckin: true,
};

export type PosCall = (client: PosClient) => Promise<void>;

export const posCalls = {
  async initiatePayment(client) {
    const created = await client.initiatePayment({ body: payment });
    expectTypeOf(created).toEqualTypeOf<PaymentCreated>();
    expect(created.paymentId).toMatch(UUID);
  },
  async queryPaymentIds(client) {
    const found = await client.queryPaymentIds({ posId: POS_ID, orderId: "2019-10-22-0031", state: "Captured" });
    expectTypeOf(found).toEqualTypeOf<PaymentIdList>();
    for (const id of found.paymentIds) expect(id).toMatch(UUID);
  },
  async preparePayment(client) {
    const created = await client.preparePayment({
      body: { posId: POS_ID, orderId: "2019-10-22-0033", plannedCaptureDelay: "LessThan24Hours" },
    });
    expectTypeOf(created).toEqualTypeOf<PaymentCreated>();
    expect(created.paymentId).toMatch(UUID);
  },
  async getPayment(client) {
    const found = await client.getPayment({ paymentId: PAYMENT_ID });
    expectTypeOf(found).toEqualTypeOf<Payment>();
    expect(found.paymentId).toMatch(UUID);
    expect(PAYMENT_STATES).toContain(found.state);
    expect(found.pollDelayInMs).toBeGreaterThanOrEqual(0);
    if (found.amount !== null) {
      expect(found.amount).toBeGreaterThan(0);
      expect(["DKK", "EUR"]).toContain(found.currencyCode);
    }
  },
  async markPaymentReady(client) {
    const result = await client.markPaymentReady({
      paymentId: PAYMENT_ID,
      body: { amount: 89.95, currencyCode: "DKK", restrictions: { debitCardDisallowed: true } },
    });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async capturePayment(client) {
    const result = await client.capturePayment({ paymentId: PAYMENT_ID, body: { amount: 40 } });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async cancelPayment(client) {
    const result = await client.cancelPayment({ paymentId: PAYMENT_ID });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async createPointOfSale(client) {
    const created = await client.createPointOfSale({ body: pointOfSale });
    expectTypeOf(created).toEqualTypeOf<PointOfSaleCreated>();
    expect(created.posId).toMatch(UUID);
  },
  async findPointOfSaleIds(client) {
    const found = await client.findPointOfSaleIds({ merchantPosId: "Till 3" });
    expectTypeOf(found).toEqualTypeOf<PointOfSaleIdList>();
    for (const id of found.posIds) expect(id).toMatch(UUID);
  },
  async getPointOfSale(client) {
    const pos = await client.getPointOfSale({ posId: POS_ID });
    expectTypeOf(pos).toEqualTypeOf<PointOfSale>();
    expect(pos.posId).toMatch(UUID);
    expect(pos.beaconId).toMatch(/^([0-9]{15}|[0-9a-f-]{36})$/i);
    expect(pos.supportedBeaconTypes.every((t) => ["QR", "NFC", "Bluetooth"].includes(t))).toBe(true);
  },
  async deletePointOfSale(client) {
    const result = await client.deletePointOfSale({ posId: POS_ID });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async getCheckIn(client) {
    const checkIn = await client.getCheckIn({ posId: POS_ID });
    expectTypeOf(checkIn).toEqualTypeOf<CheckIn>();
    expect(typeof checkIn.isUserCheckedIn).toBe("boolean");
    expect(checkIn.pollDelayInMs).toBeGreaterThanOrEqual(0);
  },
  async findStoreIds(client) {
    const found = await client.findStoreIds({ merchantBrandId: "MPPOS12345", merchantLocationId: "12345" });
    expectTypeOf(found).toEqualTypeOf<StoreIdList>();
    for (const id of found.storeIds) expect(id).toMatch(UUID);
  },
  async findStores(client) {
    const found = await client.findStores();
    expectTypeOf(found).toEqualTypeOf<StoreList>();
    for (const store of found.stores) {
      expect(store.storeId).toMatch(UUID);
      expect(store.merchantBrandId).toMatch(/^(MPPOS|POSDK|POSFI)[0-9A-Z]{5}$/);
      expect(store.merchantLocationId).toHaveLength(5);
    }
  },
  async getStore(client) {
    const store = await client.getStore({ storeId: STORE_ID });
    expectTypeOf(store).toEqualTypeOf<Store>();
    expect(store.storeId).toMatch(UUID);
    expect(store.storeName.length).toBeGreaterThan(0);
  },
  async createRefund(client) {
    const created = await client.createRefund({
      body: { paymentId: PAYMENT_ID, amount: 20, currencyCode: "DKK", refundOrderId: "2019-10-22-0031-R1" },
    });
    expectTypeOf(created).toEqualTypeOf<RefundCreated>();
    expect(created.refundId).toMatch(UUID);
  },
  async queryRefundIds(client) {
    const found = await client.queryRefundIds({ paymentId: PAYMENT_ID });
    expectTypeOf(found).toEqualTypeOf<RefundIdList>();
    for (const id of found.refundIds) expect(id).toMatch(UUID);
  },
  async getRefund(client) {
    const refund = await client.getRefund({ refundId: REFUND_ID });
    expectTypeOf(refund).toEqualTypeOf<Refund>();
    expect(refund.refundId).toMatch(UUID);
    expect(REFUND_STATES).toContain(refund.state);
    expect(refund.amount).toBeGreaterThan(0);
    expect(refund.pollDelayInMs).toBeGreaterThanOrEqual(0);
  },
  async captureRefund(client) {
    const result = await client.captureRefund({ refundId: REFUND_ID });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async cancelRefund(client) {
    const result = await client.cancelRefund({ refundId: REFUND_ID });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async simulateCheckIn(client) {
    const result = await client.simulateCheckIn({ body: { phoneNumber: TEST_USER_PHONE, beaconId: BEACON_ID } });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async simulateAcceptPayment(client) {
    const result = await client.simulateAcceptPayment({ body: { phoneNumber: TEST_USER_PHONE, paymentId: PAYMENT_ID } });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async simulateCancelPaymentByUser(client) {
    const result = await client.simulateCancelPaymentByUser({ body: { phoneNumber: "+358200318002", paymentId: PAYMENT_ID } });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
} satisfies Record<PosOperationId, PosCall>;

/** Credentials for every security scheme of the PoS spec (values are test placeholders). */
export const testCredentials = {
  IntegratorToken: () => "sandbox-access-token",
  IbmClientId: "sandbox-client-id",
} as const;
