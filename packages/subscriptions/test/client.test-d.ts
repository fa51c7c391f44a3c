/** Compile-time behaviour of the generated Subscriptions client, as an integrator meets it. */
import { describe, expectTypeOf, it } from "vitest";
import {
  type AgreementPatchOperation,
  type AgreementStatus,
  type ApiError,
  createSubscriptionsClient,
  type ErrorResponse,
  type FacadeRefundError,
  type OneOffPaymentStatusEvent,
  type PaymentStatusChangedPayload,
  type PaymentStatusEvent,
  type SubscriptionPaymentStatusEvent,
  type SubscriptionsClientConfig,
  isSubscriptionsApiError,
  subscriptionsStateMachines,
} from "@mpkit/subscriptions";

const subscriptions = createSubscriptionsClient();
const ids = { providerId: "p", agreementId: "a" };
const links = [
  { rel: "user-redirect" as const, href: "https://x.dk/done" },
  { rel: "success-callback" as const, href: "https://x.dk/ok" },
  { rel: "cancel-callback" as const, href: "https://x.dk/cancel" },
];

describe("the Subscriptions client's types", () => {
  it("allow only replace operations on the documented paths, with values typed per path", () => {
    void subscriptions.updateAgreement({ ...ids, body: [{ op: "replace", path: "/frequency", value: 12 }] });
    // @ts-expect-error: only replace is allowed
    void subscriptions.updateAgreement({ ...ids, body: [{ op: "add", path: "/plan", value: "Premium" }] });
    // @ts-expect-error: /status is not a documented path
    void subscriptions.updateAgreement({ ...ids, body: [{ op: "replace", path: "/status", value: "Active" }] });
    // @ts-expect-error: /frequency takes one of the documented numbers
    void subscriptions.updateAgreement({ ...ids, body: [{ op: "replace", path: "/frequency", value: "monthly" }] });
    // @ts-expect-error: payment requests can only change /amount
    void subscriptions.updatePaymentRequest({ ...ids, paymentId: "x", body: [{ op: "replace", path: "/description", value: "y" }] });
    expectTypeOf<AgreementPatchOperation["path"]>().toEqualTypeOf<
      | "/amount"
      | "/plan"
      | "/description"
      | "/frequency"
      | "/external_id"
      | "/success-callback"
      | "/cancel-callback"
      | "/cancel-redirect"
      | "/disable_notification_management"
    >();
  });

  it("pair currency and country", () => {
    const base = { plan: "Basic", links, expiration_timeout_minutes: 5 };
    void subscriptions.createAgreement({ providerId: "p", body: { ...base, currency: "DKK", country_code: "DK" } });
    void subscriptions.createAgreement({ providerId: "p", body: { ...base, currency: "EUR", country_code: "FI" } });
    // @ts-expect-error: EUR belongs with FI
    void subscriptions.createAgreement({ providerId: "p", body: { ...base, currency: "EUR", country_code: "DK" } });
  });

  it("require path parameters and the simulation's user header", () => {
    // @ts-expect-error: providerId is missing
    void subscriptions.getAgreement({ agreementId: "a" });
    // @ts-expect-error: authenticateduser is required
    void subscriptions.simulateAcceptAgreement({ agreementId: "a", body: { status: "Accepted" } });
    void subscriptions.simulateAcceptAgreement({ agreementId: "a", headers: { authenticateduser: "u" }, body: { status: "Accepted" } });
    void subscriptions.getCurrentMerchant();
  });

  it("tell payment callback events apart by payment_type", () => {
    expectTypeOf<PaymentStatusChangedPayload>().toEqualTypeOf<PaymentStatusEvent[]>();
    const event = {} as PaymentStatusEvent;
    if (event.payment_type === "OneOff") {
      expectTypeOf(event).toExtend<OneOffPaymentStatusEvent>();
      expectTypeOf(event.status_code).toEqualTypeOf<0 | 50001 | 50008 | 50013 | 70003>();
    } else {
      expectTypeOf(event).toExtend<SubscriptionPaymentStatusEvent>();
    }
  });

  it("expose the state machines", () => {
    expectTypeOf<AgreementStatus>().toEqualTypeOf<"Pending" | "Active" | "Rejected" | "Expired" | "Canceled">();
    expectTypeOf(subscriptionsStateMachines.AgreementStatus.final).toExtend<readonly AgreementStatus[]>();
  });

  it("narrow refund errors to both error formats", () => {
    const error: unknown = undefined;
    if (isSubscriptionsApiError(error, "createRefund")) {
      expectTypeOf(error).toExtend<ApiError<ErrorResponse | FacadeRefundError | undefined>>();
    }
  });

  it("type credentials and environments by the spec", () => {
    expectTypeOf<NonNullable<SubscriptionsClientConfig["environment"]>>().toEqualTypeOf<"sandbox" | "production">();
    expectTypeOf<keyof NonNullable<SubscriptionsClientConfig["credentials"]>>().toEqualTypeOf<
      "MerchantOidc" | "IbmClientId" | "IbmClientSecret" | "AccessToken" | "SubscriptionKey"
    >();
  });
});
