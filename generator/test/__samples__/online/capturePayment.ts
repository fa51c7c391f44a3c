// The docs' TypeScript sample of online.capturePayment (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.capturePayment({
  paymentId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    captureIdentifier: "nordpay-cap-000451-1",
    amount: 14995,
    timestamp: "2024-02-20T14:31:07Z",
    authorizationAttemptId: "52904e8c-5d19-450f-b4c0-1ba3de8b8bca"
  }
});
console.log(result);
