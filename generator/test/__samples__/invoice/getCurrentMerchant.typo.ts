// The docs' TypeScript sample of invoice.getCurrentMerchant, with a typo in its call (generator/src/docs/samples.ts),
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

// @ts-expect-error the call's name has a typo: tsc reports it
const result = await invoice.getCurrentMerchantTypo();
console.log(result);
