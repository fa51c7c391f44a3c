// The docs' TypeScript sample of online.createMerchant (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.createMerchant({
  body: {
    externalId: "aarhus-trading-20018",
    merchantCategoryCode: 1234,
    name: "Gedekid og Smoothies",
    billingCurrency: "DKK",
    countryCode: "DK",
    vatNumber: "11102248",
    platformId: "32a6e381-64f4-4911-86b6-3bf681b64d23"
  }
});
console.log(result);
