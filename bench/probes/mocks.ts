/**
 * The in-process MSW mocks: time from process start to the first answer, then requests per
 * second with 32 in flight (GET and POST), and the CPU time per request (ms, the whole process:
 * client and mocks). Prints one JSON line.
 */
import { createMockServer } from "@mpkit/mocks/node";

const durationMs = Number(process.argv[2] ?? 2000);
const base = "https://api.sandbox.mobilepay.dk/invoice-restapi";
const headers = { Authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" };
const server = createMockServer();
server.listen({ onUnhandledRequest: "error" });
const get = () => fetch(`${base}/api/v1/merchants/me`, { headers });
const first = await get();
if (!first.ok) throw new Error(`first answer ${first.status}`);
await first.arrayBuffer();
const firstAnswerMs = performance.now();
const startCpu = process.cpuUsage();
// CPU time to the first answer: less distorted than the wall time on a busy machine.
const firstAnswerCpuMs = (startCpu.user + startCpu.system) / 1000;
const postBody = JSON.stringify({ InvoiceId: "c0b6e35d-9dfb-47d4-9c9c-1cdfd181e0a4" });

/** Requests per second with 32 in flight, and the process's CPU time per request (ms). */
async function rate(send: () => Promise<Response>): Promise<[number, number]> {
  let done = 0;
  const cpu = process.cpuUsage();
  const until = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (performance.now() < until) {
        const r = await send();
        await r.arrayBuffer();
        done++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return [(done / (performance.now() - started)) * 1000, (used.user + used.system) / 1000 / done];
}
const [getRate, getCpu] = await rate(get);
const [postRate, postCpu] = await rate(() =>
  fetch(`${base}/api/v1/directinvoiceconsents`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: postBody }),
);
server.close();
console.log(JSON.stringify({ firstAnswerMs, firstAnswerCpuMs, getRate, postRate, getCpu, postCpu }));
