/**
 * Client call overhead with fetch stubbed: calls per second through the generated Invoice client
 * and through bare openapi-fetch on the same route. Prints one JSON line.
 */
import { createInvoiceClient } from "@mpkit/invoice";
import createClient from "openapi-fetch";

const calls = Number(process.argv[2] ?? 20000);
const which = process.argv[3] ?? "mpkit";
const body = JSON.stringify({ MerchantId: "f3dd9011-d930-4063-901d-2a47621e5b76", Name: "Shop", CountryCode: "DK" });
const stub = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
const credentials = { MerchantOidc: "token", IbmClientId: "id", IbmClientSecret: "secret" };

let once: () => Promise<unknown>;
if (which === "mpkit") {
  const client = createInvoiceClient({ credentials, fetch: stub, environment: "sandbox" });
  once = () => client.getCurrentMerchant();
} else {
  // What a bare openapi-fetch user writes for the same call: base URL and the three headers.
  const client = createClient<Record<string, never>>({ baseUrl: "https://api.sandbox.mobilepay.dk/invoice-restapi", fetch: stub });
  const headers = { Authorization: "Bearer token", "x-ibm-client-id": "id", "x-ibm-client-secret": "secret" };
  once = async () => {
    const { data, error } = await (client as unknown as { GET: (p: string, o: object) => Promise<{ data?: unknown; error?: unknown }> }).GET(
      "/api/v1/merchants/me",
      { headers },
    );
    if (error) throw new Error("call failed");
    return data;
  };
}
for (let i = 0; i < Math.min(500, calls); i++) await once();
const started = performance.now();
const cpu = process.cpuUsage();
for (let i = 0; i < calls; i++) await once();
const ms = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
// Wall time is what the table shows; CPU time (all threads of the process) is the steadier figure on a shared machine.
console.log(JSON.stringify({ perSecond: (calls / ms) * 1000, cpuPerSecond: (calls / (user + system)) * 1e6 }));
