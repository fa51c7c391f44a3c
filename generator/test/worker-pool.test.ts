import { describe, expect, it } from "vitest";
import { workerPays } from "../src/load/worker-pool.js";

describe("the load worker's decision (workerPays)", () => {
  it("uses a second core whenever there is one, unless the machine is already oversubscribed", () => {
    expect(workerPays({}, 2, 0)).toBe(true);
    // A build that just finished keeps the 1-minute load average above 1: still worth a worker.
    expect(workerPays({}, 2, 1.8)).toBe(true);
    expect(workerPays({}, 2, 4)).toBe(true);
    expect(workerPays({}, 2, 4.5)).toBe(false);
    expect(workerPays({}, 1, 0)).toBe(false);
  });

  it("MPKIT_WORKERS=1 forces it and MPKIT_WORKERS=0 forbids it", () => {
    expect(workerPays({ MPKIT_WORKERS: "1" }, 1, 10)).toBe(true);
    expect(workerPays({ MPKIT_WORKERS: "0" }, 8, 0)).toBe(false);
  });

  it("is off in this test suite (vitest.config.ts), which keeps the cores busy by itself", () => {
    expect(process.env.MPKIT_WORKERS).toBe("0");
  });
});
