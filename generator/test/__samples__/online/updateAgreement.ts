// The docs' TypeScript sample of online.updateAgreement (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.updateAgreement({
  agreementId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    allowedCardTypes: [
      {
        name: "DANKORT",
        encryptedPanCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/card-data"
      },
      {
        name: "VISA-CREDIT",
        encryptedPanCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/card-data",
        tokenCallbackUrl: "https://callbacks.nordpay.dk/mobilepay/token"
      }
    ]
  }
});
console.log(result);
