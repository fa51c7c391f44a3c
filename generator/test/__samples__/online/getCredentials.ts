// The docs' TypeScript sample of online.getCredentials (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createOnlineClient } from "@mpkit/online";

const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await online.getCredentials();
console.log(result);
