// The docs' TypeScript sample of subscriptions.createOneOffPayment (generator/src/docs/samples.ts),
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

const result = await subscriptions.createOneOffPayment({
  providerId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  agreementId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    amount: "150.00",
    description: "Personal training, 3 sessions",
    external_id: "PT-2024-0117",
    links: [
      {
        rel: "user-redirect",
        href: "https://fitnessclub.dk/shop/done"
      }
    ],
    auto_reserve: true,
    expiration_timeout_minutes: 1440
  }
});
console.log(result);
