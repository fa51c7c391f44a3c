// The docs' TypeScript sample of online.captureMitPayment (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.captureMitPayment({
  paymentId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    captureIdentifier: "nordpay-cap-club-10442-2",
    amount: 19900,
    timestamp: "2024-03-01T06:00:12Z"
  }
});
console.log(result);
