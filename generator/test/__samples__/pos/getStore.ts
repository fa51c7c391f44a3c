// The docs' TypeScript sample of pos.getStore (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { clientCredentials } from "@mpkit/core";
import { createPosClient, posProduct } from "@mpkit/pos";

const pos = createPosClient({
  environment: "sandbox",
  credentials: {
    IntegratorToken: clientCredentials({ tokenUrl: posProduct.securitySchemes.IntegratorToken.tokenUrl, clientId: process.env.MP_INTEGRATOR_TOKEN_CLIENT_ID ?? "", clientSecret: process.env.MP_INTEGRATOR_TOKEN_CLIENT_SECRET ?? "" }),
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
  },
  headers: {
    "x-mobilepay-client-system-version": "0.0.0",
    "x-mobilepay-merchant-vat-number": "DK00000000",
  },
});

const result = await pos.getStore({
  storeId: "63679ab7-cc49-4f75-80a7-86217fc105ea"
});
console.log(result);
