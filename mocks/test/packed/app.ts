// A tiny app as an integrator would write it, outside this repository: it installs the packed
// @mpkit/mocks and @mpkit/invoice and starts the Invoice worker in development only.
import { createInvoiceClient, isInvoiceApiError } from "@mpkit/invoice";

declare global {
  interface Window {
    mpkitResult?: unknown;
  }
}
declare const process: { env: { NODE_ENV?: string } };

const credentials = { MerchantOidc: () => "app-token", IbmClientId: "app-id", IbmClientSecret: "app-secret" };

async function main(): Promise<void> {
  let mocks: { useScenario(name: string): void; readonly scenario: string } | undefined;
  if (process.env.NODE_ENV === "development") {
    // Loaded in development only: a production build has none of the mocks in it.
    const { createMockWorker } = await import("@mpkit/mocks/invoice/browser");
    const worker = createMockWorker();
    await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "bypass", quiet: true });
    mocks = worker.mocks;
  }
  const invoice = createInvoiceClient({ credentials });
  const status = (error: unknown) => (isInvoiceApiError(error, "getCurrentMerchant") ? error.status : String(error));
  const startedIn = mocks?.scenario;
  // The page was opened with ?mpkit-scenario=errors: the first call fails as documented.
  const failed = await invoice.getCurrentMerchant().then(() => 200, status);
  mocks?.useScenario("happy");
  const me = await invoice.getCurrentMerchant();
  // A stateful flow: create, read back, pay through the user simulation.
  const { InvoiceId } = await invoice.createInvoice({
    merchantId: me.MerchantId,
    body: {
      InvoiceIssuer: "efd08c19-24cf-4833-a4a4-bfa7bd58fbb2",
      ConsumerAlias: { Alias: "+4577007700", AliasType: "Phone" },
      TotalAmount: 99,
      InvoiceNumber: "PACKED-1",
      DueDate: "2026-12-20",
      InvoiceArticles: [{ ArticleDescription: "Gloves" }],
    },
  });
  await invoice.simulateAcceptInvoice({
    invoiceId: InvoiceId,
    headers: { AuthenticatedUser: "f1a75bb4-c8a6-41f8-8603-4cf9278cd5ba" },
    body: { ConsumerCardId: "6956b1ae-be59-4d7c-ba1c-8aa188db83b7" },
  });
  const paid = await invoice.getInvoice({ merchantId: me.MerchantId, invoiceId: InvoiceId });
  mocks?.useScenario("empty");
  const issuers = await invoice.listInvoiceIssuers({ merchantId: me.MerchantId });
  window.mpkitResult = { startedIn, failed, created: paid.InvoiceNumber, status: paid.Status, issuers: issuers.InvoiceIssuers.length };
}

main().catch((error: unknown) => {
  window.mpkitResult = { failed: String(error) };
});
