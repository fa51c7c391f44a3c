// The docs' TypeScript sample of online.initiateMitPayment (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.initiateMitPayment({
  agreementId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    merchantOrderId: "CLUB-10442-2",
    merchantUrl: "https://www.gedekid-smoothies.dk",
    pspReferenceId: "nordpay-club-10442-2",
    amount: 19900,
    currencyCode: "DKK",
    autoCapture: true,
    last4: "1234"
  }
});
console.log(result);
