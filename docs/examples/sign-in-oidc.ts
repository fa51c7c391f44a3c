import { createOidcSignIn, type PendingSignIn } from "@mpkit/core";
import { createInvoiceClient } from "@mpkit/invoice";

// Once, at start-up. The endpoints are read from MobilePay's discovery document.
export const signIn = createOidcSignIn({
  discoveryUrl: "https://sandprod-admin.mobilepay.dk/account/.well-known/openid-configuration",
  clientId: process.env.MP_OIDC_CLIENT_ID ?? "",
  clientSecret: process.env.MP_OIDC_CLIENT_SECRET ?? "",
  redirectUri: "https://integrator.example.dk/mobilepay/signed-in",
  scopes: ["invoice"],
  // store: your own TokenStore (a database table, encrypted); the default keeps tokens in memory.
});

// 1. A merchant clicks "connect": send the browser to MobilePay, keep `pending` server-side.
export async function connectMerchant(session: { pending?: PendingSignIn }): Promise<URL> {
  const { url, pending } = await signIn.authorizationUrl({ merchantVat: "DK12345678" });
  session.pending = pending;
  return url;
}

// 2. MobilePay posts the consent to your redirect URI: check it and exchange the code.
export async function onRedirect(request: Request, session: { pending?: PendingSignIn }, merchant: string) {
  if (!session.pending) throw new Error("no sign-in in progress");
  await signIn.completeSignIn(request, session.pending, merchant);
}

// 3. Call the API for that merchant. Tokens are refreshed when they expire (once, however
//    many calls are waiting), and a 401 makes the client renew the token and retry once.
export function invoiceFor(merchant: string) {
  return createInvoiceClient({
    environment: "sandbox",
    credentials: {
      MerchantOidc: signIn.accessToken(merchant),
      IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
      IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
    },
  });
}
