// The docs' TypeScript sample of invoice.simulateAcceptInvoice (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createInvoiceClient } from "@mpkit/invoice";

const invoice = createInvoiceClient({
  environment: "sandbox",
  credentials: {
    MerchantOidc: process.env.MP_MERCHANT_OIDC ?? "",
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await invoice.simulateAcceptInvoice({
  invoiceId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  headers: {
    AuthenticatedUser: "63679ab7-cc49-4f75-80a7-86217fc105ea"
  },
  body: {
    ConsumerCardId: "6956b1ae-be59-4d7c-ba1c-8aa188db83b7"
  }
});
console.log(result);
