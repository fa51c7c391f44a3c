// The docs' TypeScript sample of online.createAgreement (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.createAgreement({
  body: {
    externalAgreementId: "smoothie-club-10442",
    merchantId: "c3073b9d-edd0-49f2-a28d-b7ded8ff9a8b",
    merchantLogoUrl: "https://www.gedekid-smoothies.dk/img/mobilepay-logo-250.png",
    merchantName: "Gedekid og Smoothies",
    merchantWebsiteUrl: "https://www.gedekid-smoothies.dk",
    recurringAgreementCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/agreements",
    updateCardCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/agreements/card",
    selfServiceUrl: "https://www.gedekid-smoothies.dk/account/smoothie-club"
  }
});
console.log(result);
