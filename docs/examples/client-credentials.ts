import { clientCredentials } from "@mpkit/core";
import { createPosClient, posProduct } from "@mpkit/pos";

// The token endpoint of the Integrator Authentication API (sandbox; production:
// https://api.mobilepay.dk/integrator-authentication/connect/token).
const token = clientCredentials({
  tokenUrl: posProduct.securitySchemes.IntegratorToken.tokenUrl,
  clientId: process.env.MP_POS_CLIENT_ID ?? "",
  clientSecret: process.env.MP_POS_CLIENT_SECRET ?? "",
  parameters: { merchant_vat: "DK12345678" }, // optional: a token bound to one merchant
});

const pos = createPosClient({
  environment: "sandbox",
  credentials: { IntegratorToken: token, IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "" },
  // Vendor headers once, for every call.
  headers: { "x-mobilepay-client-system-version": "2.1.1" },
});

// One token is requested and cached until shortly before it expires, however many calls run
// at once. Create calls get an idempotency key, reused if the call has to be retried.
export async function takePayment(posId: string, amount: number, orderId: string) {
  const { paymentId } = await pos.initiatePayment({
    body: { posId, orderId, amount, currencyCode: "DKK", plannedCaptureDelay: "None" },
  });
  // Poll at the pace the server asks for (pollDelayInMs) until the customer has decided.
  const payment = await pos.poll.getPayment(
    { paymentId },
    { until: (p) => p.state === "Reserved" || posFinalStates.includes(p.state), maxWaitMs: 120_000 },
  );
  if (payment.state !== "Reserved") return payment.state;
  await pos.capturePayment({ paymentId, body: { amount } });
  return "Captured";
}

const posFinalStates: readonly string[] = posProduct.operations.getPayment.poll.finalStates;
