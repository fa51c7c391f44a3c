/**
 * One typed call per Subscriptions operation, with assertions on the typed result. The contract
 * tests run this table against Prism (serving specs/subscriptions) and against the MSW mocks, so
 * both servers are held to the same expectations.
 */
import { expect, expectTypeOf } from "vitest";
import {
  type Agreement,
  type AgreementCreated,
  type AgreementList,
  type AgreementRequest,
  type CurrentMerchant,
  type OneOffPayment,
  type OneOffPaymentCreated,
  type OneOffPaymentList,
  type OneOffPaymentRequest,
  type PaymentAttachment,
  type PaymentRequest,
  type PaymentRequestBatchResult,
  type Provider,
  type RefundCreated,
  type RefundList,
  type SubscriptionPayment,
  type SubscriptionPaymentList,
  type SubscriptionsClient,
  type SubscriptionsOperationId,
} from "@mpkit/subscriptions";

export const PROVIDER_ID = "1b08e244-4aea-4988-99d6-1bd22c6a5b2c";
export const AGREEMENT_ID = "3a1a0d3f-6d3b-4f1c-9f5d-0a3d2b7c8e41";
export const PAYMENT_ID = "6f3b9c2e-1d4a-4b8e-9c7f-2a5d8e1b3c60";
export const ONE_OFF_ID = "c1a9e7d4-5b2f-4e86-8d3a-7f1e9b2c4a05";
/** Sandbox test user (DK), from the Subscriptions reference. */
export const TEST_USER = "f1a75bb4-c8a6-41f8-8603-4cf9278cd5ba";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AMOUNT = /^(0|[1-9][0-9]*)\.[0-9]{2}$/;
const AGREEMENT_STATUSES = ["Pending", "Active", "Rejected", "Expired", "Canceled"];
const PAYMENT_STATUSES = ["Pending", "Suspended", "Executed", "Failed", "Declined", "Rejected", "Cancelled"];
const ONE_OFF_STATUSES = ["Requested", "Reserved", "Captured", "Rejected", "Expired", "Cancelled"];

export const agreementRequest: AgreementRequest = {
  external_id: "DK-CUST-10442",
  amount: "249.00",
  currency: "DKK",
  country_code: "DK",
  plan: "Basic",
  description: "Access to all centres in Copenhagen",
  frequency: 12,
  links: [
    { rel: "user-redirect", href: "https://fitnessclub.dk/signup/done" },
    { rel: "success-callback", href: "https://api.fitnessclub.dk/mobilepay/agreements/success" },
    { rel: "cancel-callback", href: "https://api.fitnessclub.dk/mobilepay/agreements/cancel" },
  ],
  expiration_timeout_minutes: 5,
  mobile_phone_number: "4557373259",
};

export const paymentRequest: PaymentRequest = {
  agreement_id: AGREEMENT_ID,
  amount: "249.00",
  due_date: "2026-12-01",
  external_id: "INV-2026-12-00042",
  description: "Membership December 2026",
  grace_period_days: 2,
};

export const oneOffRequest: OneOffPaymentRequest = {
  amount: "150.00",
  description: "Personal training, 3 sessions",
  external_id: "PT-2026-0117",
  links: [{ rel: "user-redirect", href: "https://fitnessclub.dk/shop/done" }],
  auto_reserve: true,
};

export const attachment: PaymentAttachment = {
  generate_pdf: true,
  attachment_details: {
    document_title: "Receipt",
    total_amount: 249,
    total_vat_amount: 49.8,
    articles: [{ article_description: "Basic membership, December 2026", total_price_including_vat: 249, quantity: 1 }],
  },
};

const ids = { providerId: PROVIDER_ID };
const agreement = { ...ids, agreementId: AGREEMENT_ID };

function expectAgreement(value: Agreement): void {
  expect(value.id).toMatch(UUID);
  expect(AGREEMENT_STATUSES).toContain(value.status);
  expect([["DKK", "DK"], ["EUR", "FI"]]).toContainEqual([value.currency, value.country_code]);
}

export type SubscriptionsCall = (client: SubscriptionsClient) => Promise<void>;

export const subscriptionsCalls = {
  async getCurrentMerchant(client) {
    const me = await client.getCurrentMerchant();
    expectTypeOf(me).toEqualTypeOf<CurrentMerchant>();
    expect(me.Id).toMatch(UUID);
    expect(me.SubscriptionProviders.length).toBeGreaterThan(0);
    for (const provider of me.SubscriptionProviders) expect(provider.SubscriptionProviderId).toMatch(UUID);
  },
  async getProvider(client) {
    const provider = await client.getProvider(ids);
    expectTypeOf(provider).toEqualTypeOf<Provider>();
    expect(provider.id).toMatch(UUID);
    expect(["Enabled", "Pending"]).toContain(provider.status);
  },
  async updateProvider(client) {
    const result = await client.updateProvider({
      ...ids,
      body: [{ op: "replace", path: "/payment_status_callback_url", value: "https://api.fitnessclub.dk/mobilepay/payments" }],
    });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async setCallbackOAuth2(client) {
    const result = await client.setCallbackOAuth2({
      ...ids,
      body: { client_id: "mobilepay-callbacks", client_secret: "a-long-secret", token_endpoint: "https://auth.fitnessclub.dk/connect/token" },
    });
    expect(result).toBeUndefined();
  },
  async setCallbackBasicAuth(client) {
    const result = await client.setCallbackBasicAuth({ ...ids, body: { username: "mobilepay", password: "callback-password" } });
    expect(result).toBeUndefined();
  },
  async setCallbackApiKey(client) {
    const result = await client.setCallbackApiKey({ ...ids, body: { api_key: "dGhpcy1pcy1hLWtleQ==" } });
    expect(result).toBeUndefined();
  },
  async createAgreement(client) {
    const created = await client.createAgreement({ ...ids, body: agreementRequest });
    expectTypeOf(created).toEqualTypeOf<AgreementCreated>();
    expect(created.id).toMatch(UUID);
    expect(created.links.find((l) => l.rel === "mobile-pay")?.href).toMatch(/^https:\/\//);
  },
  async listAgreements(client) {
    const page = await client.listAgreements({ ...ids, status: "Active", pageSize: 100, pageNumber: 1 });
    expectTypeOf(page).toEqualTypeOf<AgreementList>();
    expect(page.length).toBeGreaterThan(0);
    for (const item of page) expectAgreement(item);
  },
  async getAgreement(client) {
    const value = await client.getAgreement(agreement);
    expectTypeOf(value).toEqualTypeOf<Agreement>();
    expectAgreement(value);
  },
  async updateAgreement(client) {
    const result = await client.updateAgreement({
      ...agreement,
      body: [
        { op: "replace", path: "/plan", value: "Premium" },
        { op: "replace", path: "/amount", value: "299.00" },
        { op: "replace", path: "/frequency", value: 4 },
      ],
    });
    expect(result).toBeUndefined();
  },
  async cancelAgreement(client) {
    const result = await client.cancelAgreement(agreement);
    expect(result).toBeUndefined();
  },
  async createPaymentRequests(client) {
    const result = await client.createPaymentRequests({
      ...ids,
      body: [paymentRequest, { ...paymentRequest, external_id: "INV-2026-12-00043" }],
    });
    expectTypeOf(result).toEqualTypeOf<PaymentRequestBatchResult>();
    expect(Array.isArray(result.rejected_payments)).toBe(true);
    for (const pending of result.pending_payments) expect(pending.payment_id).toMatch(UUID);
  },
  async listPaymentRequests(client) {
    const payments = await client.listPaymentRequests(agreement);
    expectTypeOf(payments).toEqualTypeOf<SubscriptionPaymentList>();
    for (const payment of payments) {
      expect(PAYMENT_STATUSES).toContain(payment.status);
      expect(payment.amount).toMatch(AMOUNT);
    }
  },
  async getPaymentRequest(client) {
    const payment = await client.getPaymentRequest({ ...agreement, paymentId: PAYMENT_ID });
    expectTypeOf(payment).toEqualTypeOf<SubscriptionPayment>();
    expect(payment.id).toMatch(UUID);
    expect(PAYMENT_STATUSES).toContain(payment.status);
    expect(payment.due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  },
  async updatePaymentRequest(client) {
    const result = await client.updatePaymentRequest({
      ...agreement,
      paymentId: PAYMENT_ID,
      body: [{ op: "replace", path: "/amount", value: "199.00" }],
    });
    expect(result).toBeUndefined();
  },
  async declinePaymentRequest(client) {
    const result = await client.declinePaymentRequest({ ...agreement, paymentId: PAYMENT_ID });
    expect(result).toBeUndefined();
  },
  async createOneOffPayment(client) {
    const created = await client.createOneOffPayment({ ...agreement, body: oneOffRequest });
    expectTypeOf(created).toEqualTypeOf<OneOffPaymentCreated>();
    expect(created.id).toMatch(UUID);
  },
  async listOneOffPayments(client) {
    const payments = await client.listOneOffPayments(agreement);
    expectTypeOf(payments).toEqualTypeOf<OneOffPaymentList>();
    for (const payment of payments) expect(ONE_OFF_STATUSES).toContain(payment.status);
  },
  async getOneOffPayment(client) {
    const payment = await client.getOneOffPayment({ ...agreement, paymentId: ONE_OFF_ID });
    expectTypeOf(payment).toEqualTypeOf<OneOffPayment>();
    expect(ONE_OFF_STATUSES).toContain(payment.status);
    expect(payment.amount).toMatch(AMOUNT);
  },
  async captureOneOffPayment(client) {
    const result = await client.captureOneOffPayment({ ...agreement, paymentId: ONE_OFF_ID });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async cancelOneOffPayment(client) {
    const result = await client.cancelOneOffPayment({ ...agreement, paymentId: ONE_OFF_ID });
    expect(result).toBeUndefined();
  },
  async createRefund(client) {
    const refund = await client.createRefund({
      ...agreement,
      paymentId: PAYMENT_ID,
      body: { amount: "49.50", status_callback_url: "https://api.fitnessclub.dk/mobilepay/refunds", external_id: "RF-2026-0042" },
    });
    expectTypeOf(refund).toEqualTypeOf<RefundCreated>();
    expect(refund.id).toMatch(UUID);
    expect(refund.amount).toMatch(AMOUNT);
  },
  async listRefunds(client) {
    const refunds = await client.listRefunds({ ...agreement, paymentId: PAYMENT_ID });
    expectTypeOf(refunds).toEqualTypeOf<RefundList>();
    for (const refund of refunds) expect(["Requested", "Issued", "Declined"]).toContain(refund.status);
  },
  async setPaymentAttachment(client) {
    const result = await client.setPaymentAttachment({ ...ids, paymentId: PAYMENT_ID, body: attachment });
    expect(result).toBeUndefined();
  },
  async getPaymentAttachment(client) {
    const value = await client.getPaymentAttachment({ ...ids, paymentId: PAYMENT_ID });
    expectTypeOf(value).toEqualTypeOf<PaymentAttachment>();
    expect(value.attachment_details?.articles.length ?? 0).toBeGreaterThan(0);
  },
  async deletePaymentAttachment(client) {
    const result = await client.deletePaymentAttachment({ ...ids, paymentId: PAYMENT_ID });
    expect(result).toBeUndefined();
  },
  async getPaymentAttachmentPdf(client) {
    const pdf = await client.getPaymentAttachmentPdf({ ...ids, paymentId: PAYMENT_ID });
    expectTypeOf(pdf).toEqualTypeOf<Blob>();
    expect(pdf).toBeInstanceOf(Blob);
    expect((await pdf.text()).startsWith("%PDF")).toBe(true);
  },
  async simulateAcceptAgreement(client) {
    const result = await client.simulateAcceptAgreement({
      agreementId: AGREEMENT_ID,
      headers: { authenticateduser: TEST_USER },
      body: { status: "Accepted" },
    });
    expect(result).toBeUndefined();
  },
} satisfies Record<SubscriptionsOperationId, SubscriptionsCall>;

/** Credentials for the pre-2024 security requirement and the sandbox user simulation (test placeholders). */
export const testCredentials = {
  MerchantOidc: () => "sandbox-access-token",
  IbmClientId: "sandbox-client-id",
  IbmClientSecret: "sandbox-client-secret",
} as const;

/** Credentials for the facade security requirement (test placeholders). */
export const facadeCredentials = {
  AccessToken: () => "facade-jwt",
  SubscriptionKey: "facade-subscription-key",
} as const;
