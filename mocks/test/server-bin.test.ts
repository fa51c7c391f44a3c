/**
 * `mpkit mock` as a real child process: the plain-JavaScript bin (mocks/bin/mpkit-mock.js) and the
 * CLI command that delegates to it start, answer, log, and stop cleanly on SIGTERM and SIGINT.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { parseMockArgs } from "../src/server/main.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function start(args: string[]): { child: ChildProcess; output: () => string; line: (pattern: RegExp) => Promise<RegExpMatchArray>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, args, { cwd: repo, env: { ...process.env, MPKIT_ROOT: repo }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const waiting: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiting]) {
      const m = out.match(w.pattern);
      if (m) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exit,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const m = out.match(pattern);
        if (m) return resolve(m);
        waiting.push({ pattern, resolve });
        void exit.then(() => reject(new Error(`exited before printing ${pattern}:\n${out}`)));
      }),
  };
}

const headers = { authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" };

describe("mpkit mock as a process", () => {
  it("the bin serves, logs each request, and stops on SIGTERM; `mpkit mock` does the same and stops on SIGINT", async () => {
    const bin = start(["mocks/bin/mpkit-mock.js", "invoice", "--port", "0"]);
    const cli = start(["generator/bin/mpkit.js", "mock", "invoice", "--port", "0", "--stateless"]);
    try {
      for (const [server, mode] of [
        [bin, "stateful"],
        [cli, "stateless"],
      ] as const) {
        const [, base] = await server.line(/invoice +(http:\/\/127\.0\.0\.1:\d+\/invoice-restapi)\n/);
        await server.line(new RegExp(`ready \\(${mode}, seed 1\\)`));
        const response = await fetch(`${base}/api/v1/merchants/me`, { headers });
        expect(response.status).toBe(200);
        await server.line(/GET \/invoice-restapi\/api\/v1\/merchants\/me invoice\.getCurrentMerchant 200 [\d.]+ms/);
      }
      bin.child.kill("SIGTERM");
      cli.child.kill("SIGINT");
      expect(await bin.exit).toBe(0);
      expect(await cli.exit).toBe(0);
      expect(bin.output()).toMatch(/mpkit mock: stopped\n$/);
      expect(cli.output()).toMatch(/mpkit mock: stopped\n$/);
    } finally {
      bin.child.kill("SIGKILL");
      cli.child.kill("SIGKILL");
    }
  }, 60_000);

  it("refuses bad arguments with exit code 2 and the reason", async () => {
    const bad = start(["mocks/bin/mpkit-mock.js", "invoce", "--port", "0"]);
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toContain('unknown product "invoce"');
  }, 30_000);
});

describe("mpkit mock arguments", () => {
  it("reads products, ports per product, seed, stateless, webhook URL and quiet", () => {
    expect(parseMockArgs(["invoice", "pos", "--port", "4020,pos=4021", "--seed=7", "--stateless", "--webhook-url", "http://127.0.0.1:3000/cb", "--quiet"])).toEqual({
      products: ["invoice", "pos"],
      port: 4020,
      ports: { pos: 4021 },
      host: "127.0.0.1",
      seed: 7,
      stateful: false,
      webhookUrl: "http://127.0.0.1:3000/cb",
      quiet: true,
      help: false,
    });
    expect(parseMockArgs([])).toMatchObject({ products: [], port: 4010, ports: {}, host: "127.0.0.1", quiet: false });
  });

  it.each([
    [["--port", "http"], '--port: "http" is not a port'],
    [["--port", "70000"], "is not a port"],
    [["--port", "invoce=4011"], 'unknown product "invoce"'],
    [["pos", "--port", "invoice=4011"], "invoice is not among the products to serve"],
    [["--seed", "1.5"], '--seed: "1.5" is not a whole number'],
    [["--webhook-url", "ftp://x"], "is not an http(s) URL"],
    [["--webhook-url"], "--webhook-url needs a value"],
    [["--verbose"], "unknown flag --verbose"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseMockArgs(argv)).toThrow(message);
  });
});

describe("the server bundle's build", () => {
  it("is stale once a build script changes, the esbuild options it shares with the bench's probe included", async () => {
    const script = pathToFileURL(path.join(repo, "mocks", "scripts", "build-server.mjs")).href;
    const { sourceFingerprint } = (await import(script)) as { sourceFingerprint: () => string };
    const files = sourceFingerprint()
      .split("\n")
      .map((line) => line.slice(0, line.indexOf(" ")));
    expect(files).toEqual(expect.arrayContaining(["scripts/build-server.mjs", "scripts/bundle-options.mjs", "package.json", "src/server/main.ts"]));
  });
});
