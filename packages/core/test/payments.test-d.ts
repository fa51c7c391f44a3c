import { describe, expectTypeOf, it } from "vitest";
import { type ApiError, createPaymentsClient, isPaymentsApiError, type Payment, type PaymentsOperationInput } from "./payments-fixture.js";

const payments = createPaymentsClient();

describe("client-filled headers", () => {
  it("make the idempotency key and client-level headers optional, other inputs stay required", () => {
    void payments.createPayment({ body: { amount: 1 } });
    void payments.createPayment({ body: { amount: 1 }, headers: { "x-idempotency-key": "k", "x-system-version": "1.2.3" } });
    expectTypeOf<PaymentsOperationInput<"createPayment">["headers"]>().toEqualTypeOf<
      { "x-system-version"?: string; "x-idempotency-key"?: string } | undefined
    >();
    void payments.getPayment({ paymentId: "p" });
    // @ts-expect-error: the body is still required
    void payments.createPayment({});
    // A field with a `default` that the spec does not require stays optional.
    void payments.addPaymentNote({ paymentId: "p", body: { text: "t" } });
    void payments.addPaymentNote({ paymentId: "p", body: { text: "t", pinned: true } });
  });
});

describe("polling helpers", () => {
  it("exist for pollable operations only and resolve to the operation's result", () => {
    expectTypeOf(payments.poll.getPayment).returns.resolves.toEqualTypeOf<Payment>();
    void payments.poll.getPayment({ paymentId: "p" }, { until: (p) => p.status === "Reserved", maxWaitMs: 10_000 });
    // @ts-expect-error: not pollable
    void payments.poll.createPayment;
  });
});

describe("errors", () => {
  it("narrow by status to the documented body", () => {
    const error: unknown = undefined;
    if (isPaymentsApiError(error, "createPayment")) {
      expectTypeOf(error.status).toEqualTypeOf<400 | 409>();
      expectTypeOf(error).toExtend<ApiError<{ code: number; message: string }>>();
    }
  });
});
