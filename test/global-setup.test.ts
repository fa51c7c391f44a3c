/**
 * The vitest global setup (issue 16): Prism is started only for specs with operations (it refuses
 * a webhooks-only file), and a failed start never leaves a server running. Fake servers: no
 * Prism process is started here.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { hasOperations, startAll } from "./global-setup.js";
import type { PrismProcess } from "./prism.js";

const byo = path.resolve(import.meta.dirname, "..", "generator", "test", "fixtures", "byo", "specs");
const spec = (name: string) => ({ name, specFile: path.join(byo, name, "openapi.yaml") });

describe("the Prism global setup", () => {
  it("skips specs without operations", () => {
    expect(hasOperations(spec("webhooks-only").specFile)).toBe(false);
    expect(hasOperations(spec("odd-ids").specFile)).toBe(true);
    expect(hasOperations(spec("large-30").specFile)).toBe(true); // written as JSON
    expect(hasOperations(path.resolve(import.meta.dirname, "..", "specs", "invoice", "openapi.yaml"))).toBe(true);
  });

  it("starts only specs with operations", async () => {
    const started: string[] = [];
    const { urls, stop } = await startAll([spec("webhooks-only"), spec("odd-ids")], async (file) => {
      started.push(path.basename(path.dirname(file)));
      return { url: "http://127.0.0.1:1", stop: async () => {} };
    });
    expect(started).toEqual(["odd-ids"]);
    expect(Object.keys(urls)).toEqual(["odd-ids"]);
    await stop();
  });

  it("stops every server that started, also one that finishes starting after another failed", async () => {
    const stopped: string[] = [];
    let finishLate!: () => void;
    const late = new Promise<void>((resolve) => (finishLate = resolve));
    const fake = (name: string): PrismProcess => ({ url: `http://127.0.0.1/${name}`, stop: async () => void stopped.push(name) });
    const setup = startAll([spec("odd-ids"), spec("cookies-clash"), spec("no-operation-id")], async (file) => {
      const name = path.basename(path.dirname(file));
      if (name === "cookies-clash") throw new Error("Prism exited with 1");
      if (name === "no-operation-id") await late;
      return fake(name);
    });
    // The failure is known before the slow one has started; setup must still wait for it and stop it.
    setTimeout(finishLate, 0);
    await expect(setup).rejects.toThrow("Prism exited with 1");
    expect(stopped.sort()).toEqual(["no-operation-id", "odd-ids"]);
  });
});
