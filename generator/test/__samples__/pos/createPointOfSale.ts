// The docs' TypeScript sample of pos.createPointOfSale (generator/src/docs/samples.ts),
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

const result = await pos.createPointOfSale({
  body: {
    storeId: "2a7e4a0c-7b8d-4f3e-9a55-0d1c2b3a4f5e",
    merchantPosId: "Till 3",
    name: "Checkout 3",
    beaconId: "123456789012345",
    supportedBeaconTypes: [
      "QR",
      "NFC",
      "Bluetooth"
    ],
    requirePaymentBeforeCheckin: false
  }
});
console.log(result);
