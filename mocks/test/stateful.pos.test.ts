/**
 * The stateful PoS mock through the generated client: a PoS and a payment are created, read
 * back, the user checks in and accepts (user simulation), the client captures, and cancelling a
 * captured payment is refused with code 1300; the reservation expires after 7 days on the clock.
 * PoS documents no webhook for payment states (only `onUserCheckedIn`, which is no transition).
 */
import { createPosMock } from "@mpkit/mocks";
import { createPosClient } from "@mpkit/pos";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { payment, pointOfSale, testCredentials, TEST_USER_PHONE, vendorHeaders } from "../../packages/pos/test/calls.js";

const mock = createPosMock();
const server = setupServer(...mock.handlers);
const pos = createPosClient({ credentials: testCredentials, headers: vendorHeaders });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  mock.clock.reset();
});

async function paymentOnNewPos() {
  const { posId } = await pos.createPointOfSale({ body: pointOfSale });
  const { paymentId } = await pos.initiatePayment({ body: { ...payment, posId } });
  return { posId, paymentId };
}

describe("PoS stateful mock", () => {
  it("runs a payment's life cycle", async () => {
    const { posId, paymentId } = await paymentOnNewPos();
    await expect(pos.getPointOfSale({ posId })).resolves.toMatchObject({ posId, name: pointOfSale.name, beaconId: pointOfSale.beaconId });
    await expect(pos.getPayment({ paymentId })).resolves.toMatchObject({ paymentId, posId, amount: 45.5, state: "Initiated" });
    await pos.simulateCheckIn({ body: { phoneNumber: TEST_USER_PHONE, beaconId: pointOfSale.beaconId! } });
    await expect(pos.getPayment({ paymentId })).resolves.toMatchObject({ state: "IssuedToUser" });
    await pos.simulateAcceptPayment({ body: { phoneNumber: TEST_USER_PHONE, paymentId } });
    await expect(pos.getPayment({ paymentId })).resolves.toMatchObject({ state: "Reserved" });
    await pos.capturePayment({ paymentId, body: { amount: 45.5 } });
    await expect(pos.getPayment({ paymentId })).resolves.toMatchObject({ state: "Captured" });
    const refused = await pos.cancelPayment({ paymentId }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, body: { code: "1300" } });
  });

  it("refuses a capture before the user accepted, with 1304", async () => {
    const { paymentId } = await paymentOnNewPos();
    await expect(pos.capturePayment({ paymentId, body: { amount: 10 } })).rejects.toMatchObject({ status: 409, body: { code: "1304" } });
  });

  it("lets the user decline, and expires a reservation after 7 days", async () => {
    const first = await paymentOnNewPos();
    await pos.simulateCheckIn({ body: { phoneNumber: TEST_USER_PHONE, beaconId: pointOfSale.beaconId! } });
    await pos.simulateCancelPaymentByUser({ body: { phoneNumber: TEST_USER_PHONE, paymentId: first.paymentId } });
    await expect(pos.getPayment({ paymentId: first.paymentId })).resolves.toMatchObject({ state: "CancelledByUser" });
    const second = await pos.initiatePayment({ body: { ...payment, posId: first.posId } });
    await pos.simulateCheckIn({ body: { phoneNumber: TEST_USER_PHONE, beaconId: pointOfSale.beaconId! } });
    await pos.simulateAcceptPayment({ body: { phoneNumber: TEST_USER_PHONE, paymentId: second.paymentId } });
    await mock.clock.advance("P6DT23H");
    await expect(pos.getPayment({ paymentId: second.paymentId })).resolves.toMatchObject({ state: "Reserved" });
    await mock.clock.advance("PT1H");
    await expect(pos.getPayment({ paymentId: second.paymentId })).resolves.toMatchObject({ state: "ExpiredAndCancelled" });
  });

  it("answers 404 in the PoS format for a payment never created", async () => {
    await expect(pos.getPayment({ paymentId: "186d2b31-ff25-4414-9fd1-bfe9807fa8b7" })).rejects.toMatchObject({ status: 404, body: { code: "1001" } });
  });
});
