/** Compile-time behaviour of the generated PoS client, as an integrator meets it. */
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  type BadRequestError,
  type ConflictError,
  type ConflictErrorCode,
  createPosClient,
  type ErrorResponse,
  type ForbiddenError,
  isPosApiError,
  type NotFoundError,
  type OnUserCheckedInPayload,
  type PaymentState,
  type PosClientConfig,
  posStateMachines,
  type RefundState,
  type ServerError,
} from "@mpkit/pos";

const pos = createPosClient();
const vendor = { "x-mobilepay-client-system-version": "2.1.1" };
const key = { ...vendor, "x-mobilepay-idempotency-key": "4c6b1c1e-8f0a-4bb6-9d3c-6e2f7a8b9c0d" };
const body = {
  posId: "7e6acbde-345e-4641-b2f4-d8df0f3a5147",
  orderId: "A-1",
  amount: 10,
  currencyCode: "DKK" as const,
  plannedCaptureDelay: "None" as const,
};

describe("the PoS client's types", () => {
  it("let the client fill the idempotency key and the vendor headers of the four create calls", () => {
    void pos.initiatePayment({ body });
    void pos.preparePayment({ body: { posId: body.posId, orderId: "A-1", plannedCaptureDelay: "None" } });
    void pos.createRefund({ body: { paymentId: body.posId, amount: 1, currencyCode: "EUR", refundOrderId: "R" } });
    void pos.createPointOfSale({ body: { storeId: body.posId, merchantPosId: "1", name: "Till", supportedBeaconTypes: ["QR"] } });
    // A caller may still choose the key (and override a vendor header) per call.
    void pos.initiatePayment({ headers: key, body });
    expectTypeOf<NonNullable<Parameters<typeof pos.initiatePayment>[0]["headers"]>["x-mobilepay-idempotency-key"]>().toEqualTypeOf<
      string | undefined
    >();
    // @ts-expect-error: the key is a string
    void pos.initiatePayment({ headers: { "x-mobilepay-idempotency-key": 42 }, body });
    // Other calls take none.
    void pos.capturePayment({
      paymentId: "p",
      // @ts-expect-error: not a header of capturePayment
      headers: { ...vendor, "x-mobilepay-idempotency-key": "k" },
      body: { amount: 1 },
    });
  });

  it("require the documented body fields and restrict enums", () => {
    const { plannedCaptureDelay: _delay, ...withoutDelay } = body;
    // @ts-expect-error: plannedCaptureDelay is required
    void pos.initiatePayment({ headers: key, body: withoutDelay });
    // @ts-expect-error: only DKK and EUR
    void pos.initiatePayment({ headers: key, body: { ...body, currencyCode: "SEK" } });
    // @ts-expect-error: unknown beacon type (the pre-2020 values are gone)
    void pos.createPointOfSale({ headers: key, body: { storeId: "s", merchantPosId: "1", name: "T", supportedBeaconTypes: ["BluetoothMP1"] } });
    // @ts-expect-error: the refund filter needs paymentId
    void pos.queryRefundIds({ headers: vendor });
    void pos.queryPaymentIds({ state: "Reserved", headers: vendor });
    expectTypeOf<RefundState>().toEqualTypeOf<
      "Initiated" | "Reserved" | "Captured" | "CancelledByClient" | "CancelledByMobilePay" | "ExpiredAndCaptured"
    >();
    expectTypeOf<PaymentState>().toExtend<(typeof posStateMachines.PaymentState.states)[number]>();
  });

  it("let the sandbox user simulation go without vendor headers", () => {
    void pos.simulateCheckIn({ body: { phoneNumber: "+4520031801", beaconId: "123456789012345" } });
    // @ts-expect-error: the payment to accept must be named
    void pos.simulateAcceptPayment({ body: { phoneNumber: "+4520031801" } });
  });

  it("narrow errors to the documented error bodies of the operation", () => {
    const error: unknown = undefined;
    if (isPosApiError(error, "capturePayment")) {
      expectTypeOf(error).toExtend<
        ApiError<BadRequestError | ErrorResponse | ForbiddenError | NotFoundError | ConflictError | ServerError>
      >();
      if (error.status === 409) expectTypeOf(error.body).toEqualTypeOf<ConflictError>();
      if ("CorrelationId" in error.body) expectTypeOf(error.body.CorrelationId).toEqualTypeOf<string | undefined>();
    }
    expectTypeOf<ConflictError["code"]>().toEqualTypeOf<ConflictErrorCode>();
    // @ts-expect-error: not a documented 409 code
    const code: ConflictErrorCode = "1302";
    void code;
  });

  it("type the check-in notification payload and the client configuration", () => {
    expectTypeOf<OnUserCheckedInPayload["PosId"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<PosClientConfig["environment"]>>().toEqualTypeOf<"sandbox" | "production">();
    expectTypeOf<keyof NonNullable<PosClientConfig["credentials"]>>().toEqualTypeOf<"IntegratorToken" | "IbmClientId">();
  });
});
