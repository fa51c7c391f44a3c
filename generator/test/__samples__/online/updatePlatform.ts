// The docs' TypeScript sample of online.updatePlatform (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.updatePlatform({
  platformId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    name: "ShopBuilder Commerce Cloud"
  }
});
console.log(result);
