// The docs' TypeScript sample of online.initiatePayment (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.initiatePayment({
  body: {
    merchantId: "c3073b9d-edd0-49f2-a28d-b7ded8ff9a8b",
    merchantName: "Gedekid og Smoothies",
    merchantLogoUrl: "https://www.gedekid-smoothies.dk/img/mobilepay-logo-250.png",
    merchantOrderId: "ORD-2024-000451",
    merchantUrl: "https://www.gedekid-smoothies.dk",
    pspReferenceId: "nordpay-7f3c2a91-0451",
    amount: 14995,
    currencyCode: "DKK",
    allowedCardTypes: [
      {
        name: "DANKORT",
        encryptedPanCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/card-data"
      },
      {
        name: "VISA-CREDIT",
        encryptedPanCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/card-data",
        tokenCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/token"
      },
      {
        name: "MC-DEBIT",
        encryptedPanCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/card-data",
        tokenCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/token"
      }
    ],
    publicKeyId: 263012,
    redirectFromMobilePayUrl: "https://www.gedekid-smoothies.dk/checkout/complete?order=ORD-2024-000451",
    failedPaymentCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/failed",
    autoCapture: false,
    preferVisaPartOfVisaDankort: false,
    customerLanguageCode: "DK",
    minimumMobilePayUserAge: 18
  }
});
console.log(result);
