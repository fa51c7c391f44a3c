/**
 * One typed call per Invoice operation, with assertions on the typed result. The contract
 * tests run this table against Prism (serving specs/invoice) and against the MSW mocks, so
 * both servers are held to the same expectations.
 */
import { expect, expectTypeOf } from "vitest";
import {
  type BatchResult,
  type CurrentMerchant,
  type DirectInvoiceConsent,
  type DirectInvoiceConsentList,
  type InvoiceClient,
  type InvoiceDetails,
  type InvoiceDirectRequest,
  type InvoiceIssuerList,
  type InvoiceOperationId,
  type InvoiceLinkCreated,
  type InvoiceLinkRequest,
  type InvoiceStatusResult,
  type InvoiceCreated,
} from "@mpkit/invoice";

export const MERCHANT_ID = "f3dd9011-d930-4063-901d-2a47621e5b76";
export const ISSUER_ID = "efd08c19-24cf-4833-a4a4-bfa7bd58fbb2";
export const INVOICE_ID = "63679ab7-cc49-4f75-80a7-86217fc105ea";
export const CONSENT_ID = "e518e841-c058-422c-b8d9-d4d71bf671c4";
/** Sandbox test user (DK) and card, from the Invoice reference. */
export const TEST_USER = "f1a75bb4-c8a6-41f8-8603-4cf9278cd5ba";
export const TEST_CARD = "6956b1ae-be59-4d7c-ba1c-8aa188db83b7";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ["created", "invalid", "accepted", "paid", "rejected", "expired", "canceled"];

export const invoiceDirect: InvoiceDirectRequest = {
  InvoiceIssuer: ISSUER_ID,
  ConsumerAlias: { Alias: "+4577007700", AliasType: "Phone" },
  ConsumerName: "Consumer Name",
  TotalAmount: 360,
  TotalVatAmount: 72,
  ConsumerAddressLines: ["Paradisæblevej 13", "CC-1234 Andeby", "WONDERLAND"],
  InvoiceNumber: "301",
  IssueDate: "2026-11-20",
  DueDate: "2026-12-20",
  PaymentReference: "186",
  InvoiceArticles: [
    {
      ArticleNumber: "1-123",
      ArticleDescription: "Process Flying V Snowboard",
      VATRate: 25,
      TotalVATAmount: 72,
      TotalPriceIncludingVat: 360,
      Unit: "1",
      Quantity: 1,
      PricePerUnit: 288,
    },
  ],
};

export const invoiceLink: InvoiceLinkRequest = {
  InvoiceIssuer: ISSUER_ID,
  TotalAmount: 360,
  PaymentReference: "ABC-123",
  DueDate: "2026-12-20",
  RedirectUrl: "https://shop.example.dk/invoices/done",
  InvoiceArticles: [{ ArticleDescription: "Process Flying V Snowboard", TotalPriceIncludingVat: 360 }],
};

function expectBatch(result: BatchResult): void {
  expect(Array.isArray(result.Accepted)).toBe(true);
  expect(Array.isArray(result.Rejected)).toBe(true);
  for (const accepted of result.Accepted) expect(accepted.InvoiceId).toMatch(UUID);
}

export type InvoiceCall = (client: InvoiceClient) => Promise<void>;

export const invoiceCalls = {
  async getCurrentMerchant(client) {
    const me = await client.getCurrentMerchant();
    expectTypeOf(me).toEqualTypeOf<CurrentMerchant>();
    expect(me.MerchantId).toMatch(UUID);
  },
  async listInvoiceIssuers(client) {
    const issuers = await client.listInvoiceIssuers({ merchantId: MERCHANT_ID });
    expectTypeOf(issuers).toEqualTypeOf<InvoiceIssuerList>();
    expect(issuers.InvoiceIssuers.length).toBeGreaterThan(0);
    for (const issuer of issuers.InvoiceIssuers) {
      expect(issuer.Id).toMatch(UUID);
      expect(["pending", "enabled", "disabled"]).toContain(issuer.Status);
    }
  },
  async createInvoice(client) {
    const created = await client.createInvoice({ merchantId: MERCHANT_ID, body: invoiceDirect });
    expectTypeOf(created).toEqualTypeOf<InvoiceCreated>();
    expect(created.InvoiceId).toMatch(UUID);
  },
  async createInvoiceBatch(client) {
    const result = await client.createInvoiceBatch({ merchantId: MERCHANT_ID, body: [invoiceDirect, { ...invoiceDirect, InvoiceNumber: "302" }] });
    expectTypeOf(result).toEqualTypeOf<BatchResult>();
    expectBatch(result);
  },
  async createInvoiceLink(client) {
    const created = await client.createInvoiceLink({ merchantId: MERCHANT_ID, body: invoiceLink });
    expectTypeOf(created).toEqualTypeOf<InvoiceLinkCreated>();
    expect(created.InvoiceId).toMatch(UUID);
    expect(created.Links.find((l) => l.Rel === "user-redirect")?.Href).toMatch(/^https:\/\//);
  },
  async createInvoiceLinkBatch(client) {
    const result = await client.createInvoiceLinkBatch({ merchantId: MERCHANT_ID, body: [invoiceLink] });
    expectTypeOf(result).toEqualTypeOf<BatchResult>();
    expectBatch(result);
  },
  async cancelInvoice(client) {
    const result = await client.cancelInvoice({ merchantId: MERCHANT_ID, invoiceId: INVOICE_ID });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  },
  async getInvoice(client) {
    const invoice = await client.getInvoice({ merchantId: MERCHANT_ID, invoiceId: INVOICE_ID });
    expectTypeOf(invoice).toEqualTypeOf<InvoiceDetails>();
    expect(invoice.InvoiceId).toMatch(UUID);
    expect(["DKK", "EUR"]).toContain(invoice.CurrencyCode);
    expect(STATUSES).toContain(invoice.Status);
    expect(invoice.TotalAmount).toBeGreaterThan(0);
  },
  async getInvoiceStatus(client) {
    const status = await client.getInvoiceStatus({ merchantId: MERCHANT_ID, invoiceId: INVOICE_ID });
    expectTypeOf(status).toEqualTypeOf<InvoiceStatusResult>();
    expect(STATUSES).toContain(status.Status);
  },
  async setCallbackBasicAuth(client) {
    const result = await client.setCallbackBasicAuth({
      merchantId: MERCHANT_ID,
      body: { username: "mobilepay", password: "callback-password", callbackurl: "https://shop.example.dk/mobilepay/callbacks" },
    });
    expect(result).toBeUndefined();
  },
  async setCallbackApiKey(client) {
    const result = await client.setCallbackApiKey({
      merchantId: MERCHANT_ID,
      body: { ApiKey: "a-long-random-callback-key", callbackurl: "https://shop.example.dk/mobilepay/callbacks" },
    });
    expect(result).toBeUndefined();
  },
  async requestDirectInvoiceConsent(client) {
    const consent = await client.requestDirectInvoiceConsent({ body: { InvoiceId: INVOICE_ID } });
    expectTypeOf(consent).toEqualTypeOf<DirectInvoiceConsent>();
    expect(consent.ConsentId).toMatch(UUID);
    expect(consent.State).toBe("Pending");
  },
  async listDirectInvoiceConsents(client) {
    const list = await client.listDirectInvoiceConsents({ invoiceIssuerId: ISSUER_ID, state: "granted" });
    expectTypeOf(list).toEqualTypeOf<DirectInvoiceConsentList>();
    for (const consent of list.GrantedConsents) expect(consent.State).toBe("Granted");
  },
  async getDirectInvoiceConsent(client) {
    const consent = await client.getDirectInvoiceConsent({ consentId: CONSENT_ID });
    expectTypeOf(consent).toEqualTypeOf<DirectInvoiceConsent>();
    expect(["Pending", "Granted", "Denied"]).toContain(consent.State);
  },
  async deleteDirectInvoiceConsent(client) {
    const result = await client.deleteDirectInvoiceConsent({ consentId: CONSENT_ID, headers: { AuthenticatedUser: TEST_USER } });
    expect(result).toBeUndefined();
  },
  async simulateGetInvoicePdf(client) {
    const pdf = await client.simulateGetInvoicePdf({ invoiceId: INVOICE_ID, headers: { AuthenticatedUser: TEST_USER } });
    expectTypeOf(pdf).toEqualTypeOf<Blob>();
    expect(pdf).toBeInstanceOf(Blob);
    expect((await pdf.text()).startsWith("%PDF")).toBe(true);
  },
  async simulateAcceptInvoice(client) {
    const result = await client.simulateAcceptInvoice({
      invoiceId: INVOICE_ID,
      headers: { AuthenticatedUser: TEST_USER },
      body: { ConsumerCardId: TEST_CARD },
    });
    expect(result).toBeUndefined();
  },
  async simulateRejectInvoice(client) {
    const result = await client.simulateRejectInvoice({ invoiceId: INVOICE_ID, headers: { AuthenticatedUser: TEST_USER } });
    expect(result).toBeUndefined();
  },
  async simulateConsentAnswer(client) {
    const result = await client.simulateConsentAnswer({
      consentId: CONSENT_ID,
      headers: { AuthenticatedUser: TEST_USER },
      body: { State: "Granted" },
    });
    expect(result).toBeUndefined();
  },
} satisfies Record<InvoiceOperationId, InvoiceCall>;

/** Credentials for every security scheme of the Invoice spec (values are test placeholders). */
export const testCredentials = {
  MerchantOidc: () => "sandbox-access-token",
  IbmClientId: "sandbox-client-id",
  IbmClientSecret: "sandbox-client-secret",
} as const;
