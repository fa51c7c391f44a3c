import { createInvoiceClient, isInvoiceApiError } from "@mpkit/invoice";

// A token you obtained elsewhere, plus the developer-portal app's gateway credentials.
const invoice = createInvoiceClient({
  environment: "sandbox",
  credentials: {
    MerchantOidc: process.env.MP_ACCESS_TOKEN ?? "",
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
  onAttempt: (a) => console.debug(`${a.method} ${a.route} #${a.attempt} → ${a.status ?? a.outcome} in ${Math.round(a.durationMs)} ms`),
});

export async function invoiceState(invoiceId: string): Promise<string> {
  const { MerchantId } = await invoice.getCurrentMerchant();
  try {
    const status = await invoice.getInvoiceStatus({ merchantId: MerchantId, invoiceId }, { timeoutMs: 5000 });
    return status.Status;
  } catch (error) {
    // Checking the operation and the status narrows `error.body` to the documented error body.
    if (isInvoiceApiError(error, "getInvoiceStatus") && error.status === 404) return "unknown invoice";
    throw error;
  }
}
