/**
 * One typed call per Online operation, with assertions on the typed result. The contract
 * tests run this table against Prism (serving specs/online) and against the MSW mocks, so
 * both servers are held to the same expectations.
 */
import { expect, expectTypeOf } from "vitest";
import {
  type Agreement,
  type AgreementCreated,
  type AuthorizationResult,
  type CancelCreated,
  type CaptureCreated,
  type CardType,
  type Credentials,
  type CredentialsCreated,
  type InitiateCitPaymentRequest,
  type InitiateMitPaymentRequest,
  type InitiatePaymentRequest,
  type Merchant,
  type MerchantCreated,
  type MerchantList,
  type MitPaymentDetails,
  type MitPaymentInitiated,
  type OnlineClient,
  type OnlineOperationId,
  type PaymentDetails,
  type PaymentInitiated,
  type PlatformCreated,
  type PlatformList,
  type RefundCreated,
  type SecretReset,
} from "@mpkit/online";

export const MERCHANT_ID = "c3073b9d-edd0-49f2-a28d-b7ded8ff9a8b";
export const PLATFORM_ID = "32a6e381-64f4-4911-86b6-3bf681b64d23";
export const PAYMENT_ID = "472e651e-5a1e-424d-8098-23858bf03ad7";
export const ATTEMPT_ID = "52904e8c-5d19-450f-b4c0-1ba3de8b8bca";
export const AGREEMENT_ID = "32484295-ba94-499b-a4e2-3ab87e69ca0c";
export const CARD_UPDATE_ID = "0c6b5e1a-7d3f-4e2b-9a18-4f6c2d8e0b57";
export const MIT_PAYMENT_ID = "9b0f5f3e-8a1d-4c57-b1e4-2f6d7c8a9e01";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCIES = ["DKK", "EUR", "NOK", "SEK", "USD", "GBP", "208", "978", "578", "752", "840", "826"];
const CARD_TYPES = ["ELEC-DEBIT", "MC-CREDIT", "MC-DEBIT", "MTRO-DEBIT", "VISA-CREDIT", "VISA-DEBIT", "DANKORT"];
const CALLBACKS = "https://callbacks.nordpay.dk/mobilepay";

export const cardTypes: CardType[] = [
  { name: "DANKORT", encryptedPanCallbackUrl: `${CALLBACKS}/card-data` },
  { name: "VISA-CREDIT", encryptedPanCallbackUrl: `${CALLBACKS}/card-data`, tokenCallbackUrl: `${CALLBACKS}/token` },
];

export const payment: InitiatePaymentRequest = {
  merchantId: MERCHANT_ID,
  merchantName: "Gedekid og Smoothies",
  merchantLogoUrl: "https://www.gedekid-smoothies.dk/img/mobilepay-logo-250.png",
  merchantOrderId: "ORD-2026-000451",
  merchantUrl: "https://www.gedekid-smoothies.dk",
  pspReferenceId: "nordpay-7f3c2a91-0451",
  amount: 14995,
  currencyCode: "DKK",
  allowedCardTypes: cardTypes,
  publicKeyId: 263012,
  redirectFromMobilePayUrl: "https://www.gedekid-smoothies.dk/checkout/complete?order=ORD-2026-000451",
  failedPaymentCallbackUrl: `${CALLBACKS}/failed`,
  minimumMobilePayUserAge: 18,
};

export const checkout: InitiatePaymentRequest = {
  ...payment,
  merchantOrderId: "ORD-2026-000452",
  pspReferenceId: "nordpay-7f3c2a91-0452",
  isCheckout: true,
  addressCallbackUrl: `${CALLBACKS}/address`,
  deliveryAddressAllowed: false,
  deliveryAddressDisallowedReasonCode: 3,
};

export const accountVerification: InitiateCitPaymentRequest = {
  merchantLogoUrl: "https://www.gedekid-smoothies.dk/img/mobilepay-logo-250.png",
  merchantOrderId: "CLUB-10442-0",
  merchantUrl: "https://www.gedekid-smoothies.dk",
  pspReferenceId: "nordpay-club-10442-0",
  amount: 0,
  currencyCode: "DKK",
  allowedCardTypes: cardTypes,
  publicKeyId: 263012,
  redirectFromMobilePayUrl: "https://www.gedekid-smoothies.dk/account/smoothie-club/welcome",
  isAccountVerification: true,
};

export const mit: InitiateMitPaymentRequest = {
  merchantOrderId: "CLUB-10442-2",
  merchantUrl: "https://www.gedekid-smoothies.dk",
  pspReferenceId: "nordpay-club-10442-2",
  amount: 19900,
  currencyCode: "DKK",
  autoCapture: true,
  last4: "1234",
};

export const softDecline: AuthorizationResult = {
  succeeded: false,
  reasonCode: 1008,
  reasonMessage: "Soft decline - authentication required",
  threeDSecureUrl: "https://3ds.nordpay.dk/challenge/9f1c7d2e-41b8-4a6f-b3e2-5c7a0d8e6f14",
  acquirerVatNumber: "DK29835847",
  acquirerMerchantId: "5781943",
  acquirerPaymentReference: "301472995510",
};

function expectMerchant(merchant: Merchant): void {
  expect(merchant.merchantId).toMatch(UUID);
  expect(merchant.merchantCategoryCode).toBeGreaterThanOrEqual(1);
  expect(merchant.merchantCategoryCode).toBeLessThanOrEqual(9999);
}

function expectInitiated(initiated: PaymentInitiated): void {
  expect(initiated.paymentId).toMatch(UUID);
  expect(initiated.redirectToMobilePayUrl).toMatch(/^https:\/\//);
  expect(initiated.redirectToMobilePayAppUrl).toMatch(/^[a-z][a-z0-9+.-]*:/);
}

export type OnlineCall = (client: OnlineClient) => Promise<void>;

export const onlineCalls = {
  async createMerchant(client) {
    const created = await client.createMerchant({
      body: {
        externalId: "aarhus-trading-20018",
        merchantCategoryCode: 5499,
        name: "Gedekid og Smoothies",
        billingCurrency: "DKK",
        countryCode: "DK",
        vatNumber: "11102248",
        platformId: PLATFORM_ID,
      },
    });
    expectTypeOf(created).toEqualTypeOf<MerchantCreated>();
    expect(created.merchantId).toMatch(UUID);
  },
  async listMerchants(client) {
    const list = await client.listMerchants();
    expectTypeOf(list).toEqualTypeOf<MerchantList>();
    expect(list.merchants.length).toBeGreaterThan(0);
    list.merchants.forEach(expectMerchant);
  },
  async getMerchant(client) {
    const merchant = await client.getMerchant({ merchantId: MERCHANT_ID });
    expectTypeOf(merchant).toEqualTypeOf<Merchant>();
    expectMerchant(merchant);
  },
  async updateMerchant(client) {
    const result = await client.updateMerchant({ merchantId: MERCHANT_ID, body: { vatNumber: "11102248" } });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async deleteMerchant(client) {
    const result = await client.deleteMerchant({ merchantId: MERCHANT_ID });
    expect(result).toBeUndefined();
  },
  async initiatePayment(client) {
    const initiated = await client.initiatePayment({ body: payment });
    expectTypeOf(initiated).toEqualTypeOf<PaymentInitiated>();
    expectInitiated(initiated);
  },
  async getPayment(client) {
    const details = await client.getPayment({ paymentId: PAYMENT_ID });
    expectTypeOf(details).toEqualTypeOf<PaymentDetails>();
    expect(details.merchantId).toMatch(UUID);
    expect(Number.isInteger(details.amount)).toBe(true);
    expect(CURRENCIES).toContain(details.currencyCode);
    for (const cardType of details.allowedCardTypes) {
      expect(CARD_TYPES).toContain(cardType.name);
      expect(cardType.encryptedPanCallbackUrl).toMatch(/^https:\/\//);
    }
  },
  async updatePayment(client) {
    const result = await client.updatePayment({ paymentId: PAYMENT_ID, body: { reservationExpireTimestamp: "2026-11-29T14:15:22Z" } });
    expect(result).toBeUndefined();
  },
  async updateAuthorizationAttempt(client) {
    const result = await client.updateAuthorizationAttempt({
      paymentId: PAYMENT_ID,
      authorizationAttemptId: ATTEMPT_ID,
      body: softDecline,
    });
    expect(result).toBeUndefined();
  },
  async capturePayment(client) {
    const capture = await client.capturePayment({
      paymentId: PAYMENT_ID,
      body: { captureIdentifier: "nordpay-cap-000451-1", amount: 14995, timestamp: "2026-11-22T14:31:07Z", authorizationAttemptId: ATTEMPT_ID },
    });
    expectTypeOf(capture).toEqualTypeOf<CaptureCreated>();
    expect(capture.captureId).toMatch(UUID);
  },
  async cancelPayment(client) {
    const cancel = await client.cancelPayment({
      paymentId: PAYMENT_ID,
      body: { cancelIdentifier: "nordpay-can-000451-1", amount: 4995, timestamp: "2026-11-22T15:02:44Z" },
    });
    expectTypeOf(cancel).toEqualTypeOf<CancelCreated>();
    expect(cancel.cancelId).toMatch(UUID);
  },
  async refundPayment(client) {
    const refund = await client.refundPayment({
      paymentId: PAYMENT_ID,
      body: { refundIdentifier: "nordpay-ref-000451-1", amount: 2500, timestamp: "2026-11-24T09:12:31Z" },
    });
    expectTypeOf(refund).toEqualTypeOf<RefundCreated>();
    expect(refund.refundId).toMatch(UUID);
  },
  async invalidatePayment(client) {
    const result = await client.invalidatePayment({ paymentId: PAYMENT_ID });
    expect(result).toBeUndefined();
  },
  async createAgreement(client) {
    const created = await client.createAgreement({
      body: {
        externalAgreementId: "smoothie-club-10442",
        merchantId: MERCHANT_ID,
        merchantLogoUrl: "https://www.gedekid-smoothies.dk/img/mobilepay-logo-250.png",
        merchantName: "Gedekid og Smoothies",
        merchantWebsiteUrl: "https://www.gedekid-smoothies.dk",
        recurringAgreementCallbackUrl: `${CALLBACKS}/agreements`,
        updateCardCallbackUrl: `${CALLBACKS}/agreements/card`,
      },
    });
    expectTypeOf(created).toEqualTypeOf<AgreementCreated>();
    expect(created.recurringAgreementId).toMatch(UUID);
  },
  async terminateAgreement(client) {
    const result = await client.terminateAgreement({ agreementId: AGREEMENT_ID });
    expect(result).toBeUndefined();
  },
  async getAgreement(client) {
    const agreement = await client.getAgreement({ agreementId: AGREEMENT_ID });
    expectTypeOf(agreement).toEqualTypeOf<Agreement>();
    expect(agreement.recurringAgreementId).toMatch(UUID);
    expect(agreement.merchantId).toMatch(UUID);
  },
  async updateAgreement(client) {
    const result = await client.updateAgreement({ agreementId: AGREEMENT_ID, body: { allowedCardTypes: cardTypes, selfServiceUrl: null } });
    expect(result).toBeUndefined();
  },
  async resolveCardUpdate(client) {
    const result = await client.resolveCardUpdate({ agreementId: AGREEMENT_ID, paymentId: CARD_UPDATE_ID, body: { succeeded: true } });
    expect(result).toBeUndefined();
  },
  async initiateCitPayment(client) {
    const initiated = await client.initiateCitPayment({ agreementId: AGREEMENT_ID, body: accountVerification });
    expectTypeOf(initiated).toEqualTypeOf<PaymentInitiated>();
    expectInitiated(initiated);
  },
  async initiateMitPayment(client) {
    const initiated = await client.initiateMitPayment({ agreementId: AGREEMENT_ID, body: mit });
    expectTypeOf(initiated).toEqualTypeOf<MitPaymentInitiated>();
    expect(initiated.paymentId).toMatch(UUID);
  },
  async getMitPaymentDetails(client) {
    const details = await client.getMitPaymentDetails({ mitPaymentId: MIT_PAYMENT_ID });
    expectTypeOf(details).toEqualTypeOf<MitPaymentDetails>();
    expect(CURRENCIES).toContain(details.currencyCode);
    for (const name of details.allowedCardTypes) expect(CARD_TYPES).toContain(name);
  },
  async updateMitPayment(client) {
    const result = await client.updateMitPayment({
      paymentId: MIT_PAYMENT_ID,
      body: {
        succeeded: false,
        reasonCode: 1005,
        reasonMessage: "Card expired",
        acquirerVatNumber: "DK29835847",
        acquirerMerchantId: "5781943",
        acquirerPaymentReference: "301472996004",
      },
    });
    expect(result).toBeUndefined();
  },
  async captureMitPayment(client) {
    const capture = await client.captureMitPayment({
      paymentId: MIT_PAYMENT_ID,
      body: { captureIdentifier: "nordpay-cap-club-10442-2", amount: 19900, timestamp: "2026-12-01T06:00:12Z" },
    });
    expectTypeOf(capture).toEqualTypeOf<CaptureCreated>();
    expect(capture.captureId).toMatch(UUID);
  },
  async cancelMitPayment(client) {
    const cancel = await client.cancelMitPayment({
      paymentId: MIT_PAYMENT_ID,
      body: { cancelIdentifier: "nordpay-can-club-10442-2", amount: 19900, timestamp: "2026-12-01T07:45:00Z" },
    });
    expectTypeOf(cancel).toEqualTypeOf<CancelCreated>();
    expect(cancel.cancelId).toMatch(UUID);
  },
  async refundMitPayment(client) {
    const refund = await client.refundMitPayment({
      paymentId: MIT_PAYMENT_ID,
      body: { refundIdentifier: "nordpay-ref-club-10442-2", amount: 9950, timestamp: "2026-12-05T11:20:09Z" },
    });
    expectTypeOf(refund).toEqualTypeOf<RefundCreated>();
    expect(refund.refundId).toMatch(UUID);
  },
  async listPlatforms(client) {
    const platforms = await client.listPlatforms();
    expectTypeOf(platforms).toEqualTypeOf<PlatformList>();
    expect(platforms.length).toBeGreaterThan(0);
    for (const platform of platforms) {
      expect(platform.platformId).toMatch(UUID);
      expect(platform.name.length).toBeGreaterThanOrEqual(3);
    }
  },
  async registerPlatform(client) {
    const created = await client.registerPlatform({ body: { name: "ShopBuilder Commerce" } });
    expectTypeOf(created).toEqualTypeOf<PlatformCreated>();
    expect(created.platformId).toMatch(UUID);
  },
  async updatePlatform(client) {
    const result = await client.updatePlatform({ platformId: PLATFORM_ID, body: { name: "ShopBuilder Commerce Cloud" } });
    expect(result).toBeUndefined();
  },
  async simulateUserBehavior(client) {
    const result = await client.simulateUserBehavior({ paymentId: PAYMENT_ID, body: { phoneNumber: "4540404040", lastFourDigits: "1234" } });
    expect(result).toBeUndefined();
  },
  async getCredentials(client) {
    const credentials = await client.getCredentials();
    expectTypeOf(credentials).toEqualTypeOf<Credentials>();
    expect(typeof credentials.isActive).toBe("boolean");
    expect(credentials.integratorName.length).toBeGreaterThan(0);
  },
  async createCredentials(client) {
    const created = await client.createCredentials();
    expectTypeOf(created).toEqualTypeOf<CredentialsCreated>();
    expect(created.clientId.length).toBeGreaterThan(0);
    expect(created.clientSecret.length).toBeGreaterThan(0);
  },
  async resetClientSecret(client) {
    const reset = await client.resetClientSecret();
    expectTypeOf(reset).toEqualTypeOf<SecretReset>();
    expect(reset.clientSecret.length).toBeGreaterThan(0);
  },
} satisfies Record<OnlineOperationId, OnlineCall>;

/** Credentials for every security scheme of the Online spec (values are test placeholders). */
export const testCredentials = {
  IbmClientId: "sandbox-client-id",
  IbmClientSecret: "sandbox-client-secret",
} as const;
