// The docs' TypeScript sample of integrator-auth.requestAccessToken (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createIntegratorAuthClient } from "@mpkit/integrator-auth";

const integratorAuth = createIntegratorAuthClient({
  environment: "sandbox",
  credentials: {
    ClientBasicAuth: { username: process.env.MP_CLIENT_BASIC_AUTH_USERNAME ?? "", password: process.env.MP_CLIENT_BASIC_AUTH_PASSWORD ?? "" },
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
  },
});

const result = await integratorAuth.requestAccessToken({
  body: {
    grant_type: "client_credentials",
    merchant_vat: "DK12345678"
  }
});
console.log(result);
