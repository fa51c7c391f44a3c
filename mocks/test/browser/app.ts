// A page that a front-end developer would write: start the mock worker, then use the client.
import { createInvoiceClient, isInvoiceApiError } from "@mpkit/invoice";
import { createMockWorker } from "@mpkit/mocks/browser";

declare global {
  interface Window {
    mpkitResult?: unknown;
  }
}

async function main(): Promise<void> {
  await createMockWorker().start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "bypass", quiet: true });
  const invoice = createInvoiceClient({
    credentials: { MerchantOidc: () => "browser-token", IbmClientId: "browser-id", IbmClientSecret: "browser-secret" },
  });
  const me = await invoice.getCurrentMerchant();
  // A stateful flow: an invoice that was never created is 404; a created one is read back,
  // paid by the user simulation, and cannot be canceled any more.
  const unknown = await invoice
    .getInvoice({ merchantId: me.MerchantId, invoiceId: "63679ab7-cc49-4f75-80a7-86217fc105ea" })
    .then(() => 200, (error: unknown) => (isInvoiceApiError(error, "getInvoice") ? error.status : String(error)));
  const body = {
    InvoiceIssuer: "efd08c19-24cf-4833-a4a4-bfa7bd58fbb2",
    ConsumerAlias: { Alias: "+4577007700", AliasType: "Phone" as const },
    TotalAmount: 125,
    InvoiceNumber: "BROWSER-1",
    DueDate: "2026-12-20",
    InvoiceArticles: [{ ArticleDescription: "Snowboard" }],
  };
  const { InvoiceId } = await invoice.createInvoice({ merchantId: me.MerchantId, body });
  const created = await invoice.getInvoice({ merchantId: me.MerchantId, invoiceId: InvoiceId });
  await invoice.simulateAcceptInvoice({
    invoiceId: InvoiceId,
    headers: { AuthenticatedUser: "f1a75bb4-c8a6-41f8-8603-4cf9278cd5ba" },
    body: { ConsumerCardId: "6956b1ae-be59-4d7c-ba1c-8aa188db83b7" },
  });
  const details = await invoice.getInvoice({ merchantId: me.MerchantId, invoiceId: InvoiceId });
  const cancel = await invoice
    .cancelInvoice({ merchantId: me.MerchantId, invoiceId: InvoiceId })
    .then(() => null, (error: unknown) => (isInvoiceApiError(error, "cancelInvoice") ? { status: error.status, body: error.body } : String(error)));
  let refusal: unknown = null;
  try {
    await invoice.createInvoice({
      merchantId: me.MerchantId,
      body: {
        InvoiceIssuer: "efd08c19-24cf-4833-a4a4-bfa7bd58fbb2",
        ConsumerAlias: { Alias: "+4577007700", AliasType: "Phone" },
        TotalAmount: 0,
        InvoiceNumber: "301",
        DueDate: "2026-12-20",
        InvoiceArticles: [{ ArticleDescription: "Snowboard" }],
      },
    });
  } catch (error) {
    refusal = isInvoiceApiError(error, "createInvoice") ? { status: error.status, body: error.body } : String(error);
  }
  window.mpkitResult = {
    merchantId: me.MerchantId,
    unknown,
    created: { status: created.Status, number: created.InvoiceNumber, amount: created.TotalAmount },
    status: details.Status,
    cancel,
    refusal,
  };
}

main().catch((error: unknown) => {
  window.mpkitResult = { failed: String(error) };
});
