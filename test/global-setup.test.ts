/**
 * The vitest global setup (issue 16): Prism is started only for specs with operations (it refuses
 * a webhooks-only file), in one host process whose failed start never leaves a process running.
 * Stand-ins for Prism: no Prism is loaded here.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasOperations, startAll } from "./global-setup.js";
import { startPrismServers } from "./prism.js";

const byo = path.resolve(import.meta.dirname, "..", "generator", "test", "fixtures", "byo", "specs");
const spec = (name: string) => ({ name, specFile: path.join(byo, name, "openapi.yaml") });

describe("the Prism global setup", () => {
  it("skips specs without operations", () => {
    expect(hasOperations(spec("webhooks-only").specFile)).toBe(false);
    expect(hasOperations(spec("odd-ids").specFile)).toBe(true);
    expect(hasOperations(spec("large-30").specFile)).toBe(true); // written as JSON
    expect(hasOperations(path.resolve(import.meta.dirname, "..", "specs", "invoice", "openapi.yaml"))).toBe(true);
  });

  it("starts only specs with operations, and nothing when none has any", async () => {
    const asked: string[][] = [];
    const fake = async (specs: readonly { name: string }[]) => {
      asked.push(specs.map((s) => s.name));
      return { urls: Object.fromEntries(specs.map((s) => [s.name, "http://127.0.0.1:1"])), stop: async () => {} };
    };
    const { urls } = await startAll([spec("webhooks-only"), spec("odd-ids")], fake);
    expect(asked).toEqual([["odd-ids"]]);
    expect(Object.keys(urls)).toEqual(["odd-ids"]);
    expect((await startAll([spec("webhooks-only")], fake)).urls).toEqual({});
    expect(asked).toHaveLength(1);
  });
});

/** A stand-in for test/prism-host.mjs: the given code, run by plain Node. */
function standIn(code: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "mpkit-prism-host-"));
  dirs.push(dir);
  const file = path.join(dir, "host.mjs");
  writeFileSync(file, code);
  return file;
}
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};
const specs = [spec("odd-ids"), spec("cookies-clash")];

describe("the Prism host process (stand-ins for Prism)", () => {
  it("hands over the URLs the host reports once every server listens, and stop() ends the process", async () => {
    const host = standIn(`
      const specs = JSON.parse(process.argv[2]);
      process.stdout.write("prism-host ready " + JSON.stringify(Object.fromEntries(specs.map((s, i) => [s.name, "http://127.0.0.1:" + (4000 + i)]))));
      setTimeout(() => process.stdout.write("\\n"), 20);
      setInterval(() => {}, 1000);
    `);
    const servers = await startPrismServers(specs, { host });
    expect(servers.urls).toEqual({ "odd-ids": "http://127.0.0.1:4000", "cookies-clash": "http://127.0.0.1:4001" });
    await servers.stop();
    await servers.stop();
  });

  it("rejects with the host's output when it exits before it is ready, leaving no process", async () => {
    const host = standIn(`
      console.error("Prism could not serve cookies-clash: boom");
      process.exit(1);
    `);
    const error = (await startPrismServers(specs, { host }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^Prism \(pid \d+\) exited with 1:/);
    expect(error.message).toContain("Prism could not serve cookies-clash: boom");
    expect(gone(Number(/^Prism \(pid (\d+)\)/.exec(error.message)![1]))).toBe(true);
  });

  it("kills a host that is not ready in time, then rejects", async () => {
    const host = standIn(`
      process.on("SIGTERM", () => {});
      setInterval(() => {}, 1000);
    `);
    const error = (await startPrismServers(specs, { host, timeoutMs: 300 }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^Prism \(pid \d+\) did not start within 300 ms:/);
    const pid = Number(/^Prism \(pid (\d+)\)/.exec(error.message)![1]);
    expect(gone(pid)).toBe(true);
  });
});
