// The docs' TypeScript sample of subscriptions.getPaymentAttachmentPdf (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createSubscriptionsClient } from "@mpkit/subscriptions";

const subscriptions = createSubscriptionsClient({
  environment: "sandbox",
  credentials: {
    MerchantOidc: process.env.MP_MERCHANT_OIDC ?? "",
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
  headers: {
    "Merchant-Serial-Number": "0",
  },
});

const result = await subscriptions.getPaymentAttachmentPdf({
  providerId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  paymentId: "63679ab7-cc49-4f75-80a7-86217fc105ea"
});
console.log(result);
