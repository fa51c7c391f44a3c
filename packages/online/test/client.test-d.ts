/** Compile-time behaviour of the generated Online client, as an integrator meets it. */
import { describe, expectTypeOf, it } from "vitest";
import {
  type AgreementState,
  type ApiError,
  type ConflictErrorResponse,
  createOnlineClient,
  type ErrorResponse,
  type InitiatePaymentRequest,
  isOnlineApiError,
  type MastercardTokenDataPayload,
  type OnlineClientConfig,
  type OnlineErrorCode,
  type VisaTokenDataPayload,
} from "@mpkit/online";

const online = createOnlineClient();
const base: InitiatePaymentRequest = {
  merchantId: "c3073b9d-edd0-49f2-a28d-b7ded8ff9a8b",
  merchantName: "Gedekid og Smoothies",
  merchantLogoUrl: "https://www.gedekid-smoothies.dk/logo.png",
  merchantOrderId: "ORD-1",
  merchantUrl: "https://www.gedekid-smoothies.dk",
  pspReferenceId: "psp-1",
  amount: 495,
  currencyCode: "DKK",
  allowedCardTypes: [{ name: "DANKORT", encryptedPanCallbackUrl: "https://psp.dk/card" }],
  publicKeyId: 263012,
  redirectFromMobilePayUrl: "https://www.gedekid-smoothies.dk/done",
};

describe("the Online client's types", () => {
  it("restrict currencies and card types to the accepted values", () => {
    void online.initiatePayment({ body: { ...base, currencyCode: "978" } });
    // @ts-expect-error: CHF is not an accepted currency
    void online.initiatePayment({ body: { ...base, currencyCode: "CHF" } });
    // @ts-expect-error: AMEX is not a card type MobilePay hands over
    void online.initiatePayment({ body: { ...base, allowedCardTypes: [{ name: "AMEX", encryptedPanCallbackUrl: "https://psp.dk/card" }] } });
  });

  it("require the address fields of a Checkout", () => {
    void online.initiatePayment({
      body: { ...base, isCheckout: true, addressCallbackUrl: "https://psp.dk/address", deliveryAddressAllowed: true },
    });
    // @ts-expect-error: a Checkout needs addressCallbackUrl and deliveryAddressAllowed
    void online.initiatePayment({ body: { ...base, isCheckout: true } });
  });

  it("require a reason when an authorization failed", () => {
    const ids = { paymentId: "p", authorizationAttemptId: "a" };
    void online.updateAuthorizationAttempt({ ...ids, body: { succeeded: true } });
    void online.updateAuthorizationAttempt({ ...ids, body: { succeeded: false, reasonCode: 51, reasonMessage: "Declined" } });
    // @ts-expect-error: succeeded false needs reasonCode and reasonMessage
    void online.updateAuthorizationAttempt({ ...ids, body: { succeeded: false } });
    // @ts-expect-error: MIT updates have no 3-D Secure fallback
    void online.updateMitPayment({ paymentId: "p", body: { succeeded: true, threeDSecureUrl: "https://3ds.dk" } });
  });

  it("require the idempotency identifiers and the agreement of recurring calls", () => {
    // @ts-expect-error: captureIdentifier is required
    void online.capturePayment({ paymentId: "p", body: { amount: 100, timestamp: "2026-11-22T10:00:00Z" } });
    // @ts-expect-error: agreementId is required
    void online.initiateMitPayment({ body: { merchantOrderId: "o", merchantUrl: "u", pspReferenceId: "p", amount: 1, currencyCode: "DKK", last4: "1234" } });
    // Credential creation and the platform list take no input at all.
    void online.createCredentials();
    void online.listPlatforms();
  });

  it("narrow errors to the documented bodies and 409 codes", () => {
    const error: unknown = undefined;
    if (isOnlineApiError(error, "initiatePayment")) {
      expectTypeOf(error).toExtend<ApiError<ErrorResponse | ConflictErrorResponse>>();
      if (error.status === 409) expectTypeOf(error.body.code).toEqualTypeOf<OnlineErrorCode>();
    }
    expectTypeOf<ConflictErrorResponse["code"]>().toEqualTypeOf<OnlineErrorCode>();
    expectTypeOf<OnlineErrorCode>().toEqualTypeOf<"2000" | "2010" | "2020" | "2030" | "2040" | "2050" | "2100" | "2101">();
  });

  it("type the webhook payloads", () => {
    expectTypeOf<VisaTokenDataPayload["tokenMethod"]>().toEqualTypeOf<"VTS">();
    expectTypeOf<MastercardTokenDataPayload["tokenMethod"]>().toEqualTypeOf<"MC S4C">();
    expectTypeOf<AgreementState>().toEqualTypeOf<"Pending" | "Active" | "Rejected" | "Expired" | "Terminated">();
  });

  it("type credentials and environments by the spec", () => {
    expectTypeOf<NonNullable<OnlineClientConfig["environment"]>>().toEqualTypeOf<"sandbox" | "production">();
    expectTypeOf<keyof NonNullable<OnlineClientConfig["credentials"]>>().toEqualTypeOf<"IbmClientId" | "IbmClientSecret">();
  });
});
