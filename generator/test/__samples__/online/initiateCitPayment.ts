// The docs' TypeScript sample of online.initiateCitPayment (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.initiateCitPayment({
  agreementId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    merchantLogoUrl: "https://www.gedekid-smoothies.dk/img/mobilepay-logo-250.png",
    merchantOrderId: "CLUB-10442-0",
    merchantUrl: "https://www.gedekid-smoothies.dk",
    pspReferenceId: "nordpay-club-10442-0",
    amount: 0,
    currencyCode: "DKK",
    allowedCardTypes: [
      {
        name: "VISA-DEBIT",
        encryptedPanCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/card-data",
        tokenCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/token"
      },
      {
        name: "DANKORT",
        encryptedPanCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/card-data"
      }
    ],
    publicKeyId: 263012,
    redirectFromMobilePayUrl: "https://www.gedekid-smoothies.dk/account/smoothie-club/welcome",
    failedPaymentCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/failed",
    isAccountVerification: true,
    customerLanguageCode: "DK"
  }
});
console.log(result);
