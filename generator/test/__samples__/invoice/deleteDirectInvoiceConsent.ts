// The docs' TypeScript sample of invoice.deleteDirectInvoiceConsent (generator/src/docs/samples.ts),
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

const result = await invoice.deleteDirectInvoiceConsent({
  consentId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  headers: {
    AuthenticatedUser: "63679ab7-cc49-4f75-80a7-86217fc105ea"
  }
});
console.log(result);
