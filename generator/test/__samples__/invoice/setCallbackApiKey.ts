// The docs' TypeScript sample of invoice.setCallbackApiKey (generator/src/docs/samples.ts),
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

const result = await invoice.setCallbackApiKey({
  merchantId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    ApiKey: "9d5e2c1b7f3a4e60b8a1c2d3e4f5a6b7",
    callbackurl: "https://api.merchant.dk/mobilepay/invoice-callbacks"
  }
});
console.log(result);
