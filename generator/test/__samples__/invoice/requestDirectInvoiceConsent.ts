// The docs' TypeScript sample of invoice.requestDirectInvoiceConsent (generator/src/docs/samples.ts),
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

const result = await invoice.requestDirectInvoiceConsent({
  body: {
    InvoiceId: "c0b6e35d-9dfb-47d4-9c9c-1cdfd181e0a4"
  }
});
console.log(result);
