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
  const details = await invoice.getInvoice({ merchantId: me.MerchantId, invoiceId: "63679ab7-cc49-4f75-80a7-86217fc105ea" });
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
  window.mpkitResult = { merchantId: me.MerchantId, status: details.Status, refusal };
}

main().catch((error: unknown) => {
  window.mpkitResult = { failed: String(error) };
});
