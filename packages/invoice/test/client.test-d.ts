/** Compile-time behaviour of the generated Invoice client, as an integrator meets it. */
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  createInvoiceClient,
  type ErrorResponse,
  type InvoiceClientConfig,
  type InvoiceStatus,
  type InvoiceStatusChangedPayload,
  isInvoiceApiError,
} from "@mpkit/invoice";

const invoice = createInvoiceClient();
const base = {
  InvoiceIssuer: "efd08c19-24cf-4833-a4a4-bfa7bd58fbb2",
  ConsumerAlias: { Alias: "+4577007700", AliasType: "Phone" as const },
  TotalAmount: 360,
  DueDate: "2026-12-20",
  InvoiceArticles: [{ ArticleDescription: "Snowboard" }],
};

describe("the Invoice client's types", () => {
  it("require InvoiceNumber or PaymentReference, as the spec does", () => {
    void invoice.createInvoice({ merchantId: "m", body: { ...base, InvoiceNumber: "301" } });
    void invoice.createInvoice({ merchantId: "m", body: { ...base, PaymentReference: "186" } });
    // @ts-expect-error: neither InvoiceNumber nor PaymentReference
    void invoice.createInvoice({ merchantId: "m", body: base });
    const { ConsumerAlias: _alias, ...withoutPayer } = base;
    // @ts-expect-error: an InvoiceDirect needs the payer's ConsumerAlias
    void invoice.createInvoice({ merchantId: "m", body: { ...withoutPayer, InvoiceNumber: "301" } });
    // An InvoiceLink does not.
    void invoice.createInvoiceLink({ merchantId: "m", body: { ...withoutPayer, InvoiceNumber: "301", RedirectUrl: "https://x.dk/" } });
  });

  it("require the path parameters and the user header of simulation calls", () => {
    // @ts-expect-error: merchantId is missing
    void invoice.getInvoice({ invoiceId: "i" });
    // @ts-expect-error: AuthenticatedUser is required
    void invoice.simulateRejectInvoice({ invoiceId: "i" });
    void invoice.simulateRejectInvoice({ invoiceId: "i", headers: { AuthenticatedUser: "u" } });
    // getCurrentMerchant takes no input at all.
    void invoice.getCurrentMerchant();
  });

  it("restrict enums", () => {
    // @ts-expect-error: only granted consents can be listed
    void invoice.listDirectInvoiceConsents({ invoiceIssuerId: "i", state: "pending" });
    expectTypeOf<InvoiceStatus>().toEqualTypeOf<"created" | "invalid" | "accepted" | "paid" | "rejected" | "expired" | "canceled">();
  });

  it("narrow errors to ErrorResponse with the documented codes", () => {
    const error: unknown = undefined;
    if (isInvoiceApiError(error, "createInvoice")) {
      expectTypeOf(error).toExtend<ApiError<ErrorResponse>>();
      expectTypeOf(error.status).toEqualTypeOf<400 | 401 | 409 | 500>();
      expectTypeOf(error.body.error_code).toExtend<string | null | undefined>();
      // @ts-expect-error: not a documented error code
      const code: typeof error.body.error_code = "99999";
      void code;
      if (error.status === 409) expectTypeOf(error).toEqualTypeOf<ApiError<ErrorResponse, 409>>();
      // @ts-expect-error: createInvoice documents no 404
      if (error.status === 404) void error;
    }
    if (isInvoiceApiError(error, "getInvoice")) {
      // A different operation, different documented statuses.
      expectTypeOf(error.status).toEqualTypeOf<400 | 401 | 404 | 500>();
    }
  });

  it("type the webhook payloads", () => {
    expectTypeOf<InvoiceStatusChangedPayload>().toBeArray();
  });

  it("type credentials and environments by the spec", () => {
    expectTypeOf<NonNullable<InvoiceClientConfig["environment"]>>().toEqualTypeOf<"sandbox" | "production">();
    expectTypeOf<keyof NonNullable<InvoiceClientConfig["credentials"]>>().toEqualTypeOf<"MerchantOidc" | "IbmClientId" | "IbmClientSecret">();
  });
});
