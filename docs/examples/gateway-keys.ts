import { createOnlineClient, isOnlineApiError } from "@mpkit/online";

// The Online API takes only the gateway credentials of your developer-portal app.
const online = createOnlineClient({
  environment: "sandbox",
  credentials: {
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
  // The product's own policy (2 retries, 2 s per attempt) applies; override it here if needed.
});

// Capture carries its captureIdentifier, so the client may retry it safely after a timeout.
export async function capture(paymentId: string, amount: number): Promise<"captured" | "unknown payment"> {
  try {
    await online.capturePayment({
      paymentId,
      body: { amount, captureIdentifier: globalThis.crypto.randomUUID(), timestamp: new Date().toISOString() },
    });
    return "captured";
  } catch (error) {
    // Narrowed to capturePayment's documented statuses (400, 401, 404, 500) and their bodies.
    if (isOnlineApiError(error, "capturePayment") && error.status === 404) return "unknown payment";
    throw error;
  }
}
