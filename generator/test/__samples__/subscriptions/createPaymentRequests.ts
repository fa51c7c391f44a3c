// The docs' TypeScript sample of subscriptions.createPaymentRequests (generator/src/docs/samples.ts),
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

const result = await subscriptions.createPaymentRequests({
  providerId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: [
    {
      agreement_id: "3a1a0d3f-6d3b-4f1c-9f5d-0a3d2b7c8e41",
      amount: "249.00",
      due_date: "2024-02-01",
      external_id: "INV-2024-02-00042",
      description: "Membership February 2024",
      grace_period_days: 2
    },
    {
      agreement_id: "8d4c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09",
      amount: "99.00",
      due_date: "2024-02-01",
      external_id: "INV-2024-02-00043",
      description: "Membership February 2024"
    }
  ]
});
console.log(result);
