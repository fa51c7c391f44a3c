/**
 * The polling helper: waits at least the server's `pollDelayInMs` between calls, stops on a
 * final state of the state machine (or the caller's condition), at its deadline, or on abort.
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AbortedError, createPaymentsClient, PollTimeoutError } from "./payments-fixture.js";

const BASE = "https://sandbox.payments.test/v1";
const ID = "0f4b8f7e-3d0e-4d6c-9d4e-2f1f3c6b7a10";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = createPaymentsClient({ credentials: { Integrator: "t", GatewayKey: "k" }, headers: { "x-system-version": "1.0.0" } });

/** Answers with the given states in order (the last repeats), recording when each poll came. */
function states(delayMs: number, ...sequence: string[]) {
  const times: number[] = [];
  server.use(
    http.get(`${BASE}/payments/:paymentId`, () => {
      times.push(performance.now());
      const status = sequence[Math.min(times.length - 1, sequence.length - 1)];
      return HttpResponse.json({ paymentId: ID, status, pollDelayInMs: delayMs });
    }),
  );
  return times;
}

describe("client.poll", () => {
  it("polls until a final state, waiting the server's delay between calls", async () => {
    const times = states(120, "Initiated", "Initiated", "Reserved", "Captured");
    const seen: string[] = [];
    const result = await client.poll.getPayment({ paymentId: ID }, { onResult: (r) => seen.push(r.status) });
    expect(result.status).toBe("Captured");
    expect(seen).toEqual(["Initiated", "Initiated", "Reserved", "Captured"]);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(115);
  });

  it("stops when the caller's condition holds", async () => {
    states(50, "Initiated", "Reserved", "Captured");
    const result = await client.poll.getPayment({ paymentId: ID }, { until: (p) => p.status === "Reserved" });
    expect(result.status).toBe("Reserved");
  });

  it("gives up at maxWaitMs with the last answer", async () => {
    const times = states(100, "Initiated");
    const error = await client.poll.getPayment({ paymentId: ID }, { maxWaitMs: 350 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError).last).toMatchObject({ status: "Initiated" });
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times.length).toBeLessThanOrEqual(4);
  });

  it("stops at once when the signal aborts during a wait", async () => {
    const times = states(5000, "Initiated");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(client.poll.getPayment({ paymentId: ID }, { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(times).toHaveLength(1);
  });
});
