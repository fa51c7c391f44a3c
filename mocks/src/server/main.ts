/**
 * The `mpkit-mock` bin (and `mpkit mock`, which delegates here): argument parsing, start-up
 * lines, one log line per request, and a clean stop on SIGINT/SIGTERM. Built by esbuild into
 * one plain-JavaScript file (mocks/scripts/build-server.mjs), so it starts without a TypeScript
 * loader.
 */
import { productMocks } from "../products.gen.js";
import { ADMIN_PREFIX } from "./admin-routes.js";
import { createHttpMockServer, type HttpMockServer, type HttpMockServerOptions } from "./http-server.js";

export const USAGE = `Usage: mpkit mock [product…] [flags]

Serves the mocks over HTTP: each product at its sandbox path (/invoice-restapi/…), admin endpoints at ${ADMIN_PREFIX}.

Flags:
  --port <port|product=port,…>  port for every product (default 4010); product=port gives a product its own,
                                e.g. --port 4010,invoice=4011 (0: any free port)
  --host <host>                 interface to listen on (default 127.0.0.1)
  --seed <n>                    seed of the ids the mocks mint (default 1)
  --stateless                   replay the spec's examples only, keep no state
  --webhook-url <url>           deliver webhooks to this receiver
  --quiet                       no line per request
  -h, --help                    this help`;

export class UsageError extends Error {
  override name = "UsageError";
}

export interface MainIo {
  out(line: string): void;
  err(line: string): void;
  /** Stop signals to listen for; default SIGINT and SIGTERM on `process`. */
  signals?: { on(signal: "SIGINT" | "SIGTERM", listener: () => void): void; off(signal: "SIGINT" | "SIGTERM", listener: () => void): void };
}

const VALUE_FLAGS = new Set(["--port", "--host", "--seed", "--webhook-url"]);
const BOOLEAN_FLAGS = new Set(["--stateless", "--quiet", "--help", "-h"]);

/** `mpkit-mock` arguments → server options (throws `UsageError` with the reason). */
export function parseMockArgs(argv: readonly string[]): HttpMockServerOptions & { quiet: boolean; help: boolean } {
  const flags: Record<string, string | true> = {};
  const products: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-")) {
      products.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith("-"))) throw new UsageError(`${name} needs a value`);
      flags[name] = value;
    } else if (BOOLEAN_FLAGS.has(name) && inline === undefined) {
      flags[name] = true;
    } else {
      throw new UsageError(`unknown flag ${name}`);
    }
  }
  const known = Object.keys(productMocks);
  for (const p of products) if (!known.includes(p)) throw new UsageError(`unknown product "${p}"; known: ${known.join(", ")}`);

  const portNumber = (text: string, what: string) => {
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`${what}: "${text}" is not a port (0–65535)`);
    return Number(text);
  };
  let port = 4010;
  const ports: Record<string, number> = {};
  if (typeof flags["--port"] === "string") {
    for (const part of flags["--port"].split(",").map((s) => s.trim()).filter(Boolean)) {
      const at = part.indexOf("=");
      if (at < 0) port = portNumber(part, "--port");
      else {
        const product = part.slice(0, at);
        if (!known.includes(product)) throw new UsageError(`--port ${part}: unknown product "${product}"; known: ${known.join(", ")}`);
        if (products.length > 0 && !products.includes(product)) throw new UsageError(`--port ${part}: ${product} is not among the products to serve`);
        ports[product] = portNumber(part.slice(at + 1), `--port ${product}`);
      }
    }
  }
  let seed: number | undefined;
  if (typeof flags["--seed"] === "string") {
    if (!/^-?\d+$/.test(flags["--seed"])) throw new UsageError(`--seed: "${flags["--seed"]}" is not a whole number`);
    seed = Number(flags["--seed"]);
  }
  let webhookUrl: string | undefined;
  if (typeof flags["--webhook-url"] === "string") {
    webhookUrl = flags["--webhook-url"];
    if (!URL.canParse(webhookUrl) || !/^https?:$/.test(new URL(webhookUrl).protocol)) throw new UsageError(`--webhook-url: "${webhookUrl}" is not an http(s) URL`);
  }
  return {
    products,
    port,
    ports,
    host: typeof flags["--host"] === "string" ? flags["--host"] : "127.0.0.1",
    ...(seed !== undefined ? { seed } : {}),
    ...(flags["--stateless"] ? { stateful: false } : {}),
    ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    quiet: flags["--quiet"] === true,
    help: flags["--help"] === true || flags["-h"] === true,
  };
}

/**
 * Runs the server until SIGINT/SIGTERM; resolves with the exit code (2: bad arguments, 1: the
 * server could not start, e.g. the port is taken).
 */
export async function main(argv: readonly string[], io: MainIo = defaultIo()): Promise<number> {
  let parsed: ReturnType<typeof parseMockArgs>;
  try {
    parsed = parseMockArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`mpkit mock: ${error.message}`);
    io.err("Run `mpkit mock --help` for the flags.");
    return 2;
  }
  if (parsed.help) {
    io.out(USAGE);
    return 0;
  }
  const { quiet, help: _help, ...options } = parsed;
  let server: HttpMockServer;
  try {
    server = createHttpMockServer({ ...options, ...(quiet ? {} : { log: io.out }) });
    await server.listen();
  } catch (error) {
    io.err(`mpkit mock: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  for (const product of server.products) io.out(`mpkit mock: ${product.name.padEnd(16)} ${product.baseUrl}`);
  const ports = [...new Set(server.products.map((p) => p.port))];
  const host = server.products[0]?.baseUrl.replace(/^(http:\/\/[^/]+).*$/, "$1") ?? "";
  io.out(`mpkit mock: admin            ${host}${ADMIN_PREFIX}${ports.length > 1 ? ` (on every port)` : ""}`);
  io.out(`mpkit mock: ready (${options.stateful === false ? "stateless" : "stateful"}, seed ${options.seed ?? 1}); Ctrl-C stops`);

  const signals = io.signals ?? process;
  return new Promise<number>((resolve) => {
    const stop = () => {
      signals.off("SIGINT", stop);
      signals.off("SIGTERM", stop);
      server.close().then(
        () => {
          io.out("mpkit mock: stopped");
          resolve(0);
        },
        () => resolve(1),
      );
    };
    signals.on("SIGINT", stop);
    signals.on("SIGTERM", stop);
  });
}

/** Standard output and error; output lines are written together once per turn of the event loop, not one write each. */
function defaultIo(): MainIo {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    process.stdout.write(text);
  };
  return {
    out: (line) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push(`${line}\n`);
    },
    err: (line) => {
      flush();
      process.stderr.write(`${line}\n`);
    },
  };
}
