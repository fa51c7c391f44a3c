// The docs' TypeScript sample of subscriptions.createAgreement (generator/src/docs/samples.ts),
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

const result = await subscriptions.createAgreement({
  providerId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    external_id: "DK-CUST-10442",
    amount: "249.00",
    currency: "DKK",
    country_code: "DK",
    plan: "Basic",
    description: "Access to all centres in Copenhagen",
    frequency: 12,
    links: [
      {
        rel: "user-redirect",
        href: "https://fitnessclub.dk/signup/done"
      },
      {
        rel: "success-callback",
        href: "https://api.fitnessclub.dk/mobilepay/agreements/success"
      },
      {
        rel: "cancel-callback",
        href: "https://api.fitnessclub.dk/mobilepay/agreements/cancel"
      },
      {
        rel: "cancel-redirect",
        href: "https://fitnessclub.dk/min-side/opsig"
      }
    ],
    expiration_timeout_minutes: 5,
    mobile_phone_number: "4557373259",
    retention_period_hours: 0,
    disable_notification_management: false,
    notifications_on: true
  }
});
console.log(result);
