/**
 * The mocks over HTTP (`mpkit mock`): a node:http server that turns each request into a Fetch
 * `Request` and answers it with MSW's own `getResponse` over the very handlers
 * `createProductMock` makes for the in-process mocks (same validation, error format, state,
 * rules, webhooks). Nothing here routes to operations: the server only picks which products'
 * handlers to offer a request, by the sandbox path prefix each product is served under.
 *
 * Each product answers at its sandbox URL's path (`/invoice-restapi/…`; PoS, at the host's root,
 * at `/…`), its operation-level servers (simulation, onboarding) under the same prefix, so a
 * generated client needs one `baseUrl`. A product can get its own port (`ports`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, type HttpHandler } from "msw";
import { productMocks } from "../products.gen.js";
import { MockClock } from "../runtime/clock.js";
import { createProductMock, type ProductMockInstance, type StatefulMockOptions } from "../runtime/handlers.js";
import { MOCK_LIMITS } from "../runtime/limits.js";
import type { ProductMock } from "../runtime/types.js";
import { keptText, notedOperation, serverRequest } from "../runtime/wire.js";
import { ADMIN_PREFIX, handleAdmin } from "./admin-routes.js";

/** The origin requests carry inside the server, whatever Host the caller used. */
const INTERNAL_ORIGIN = "http://mpkit.mock";

export interface HttpMockServerOptions extends Omit<StatefulMockOptions, "baseUrl" | "clock"> {
  /** Products to serve, by name (`invoice`, `integrator-auth` …); default: every product. */
  products?: readonly string[];
  /** Default `127.0.0.1`. */
  host?: string;
  /** The port every product without its own is served on; default 4010, 0 for any free port. */
  port?: number;
  /** Products served on a port of their own (still under their sandbox path prefix). */
  ports?: Readonly<Record<string, number>>;
  /** One line per request (method, path, operationId, status, ms); absent: silent. */
  log?: (line: string) => void;
  /** The clock every product runs on; default a new `MockClock`. */
  clock?: MockClock;
}

/** A served product: where it answers and its controls. */
export interface ServedProduct {
  name: string;
  title: string;
  /** The sandbox path prefix (`/invoice-restapi`, `""` for a product at the host's root). */
  prefix: string;
  /** The port it is served on (the requested one until `listen` resolves, then the bound one). */
  port: number;
  /** `http://host:port/prefix`, once listening. */
  baseUrl: string;
  mock: ProductMockInstance;
}

interface Listener {
  port: number;
  products: ServedProduct[];
  /** Per product (longest prefix first): its handlers. */
  entries: { product: ServedProduct; handlers: HttpHandler[] }[];
  server?: Server;
}

export interface HttpMockServer {
  readonly products: readonly ServedProduct[];
  readonly clock: MockClock;
  /** Starts listening on every port; resolves with the bound addresses. */
  listen(): Promise<{ port: number; products: string[]; url: string }[]>;
  /** Stops accepting connections, ends idle keep-alive ones, resolves once closed. */
  close(): Promise<void>;
  /** The product mock by name. */
  mock(name: string): ProductMockInstance | undefined;
}

function prefixOf(product: ProductMock): string {
  const url = product.environments.sandbox ?? Object.values(product.environments)[0];
  if (url === undefined) throw new Error(`${product.title}: no server URL to take a path prefix from`);
  return new URL(url).pathname.replace(/\/+$/, "");
}

const underPrefix = (path: string, prefix: string) =>
  prefix === "" || path === prefix || (path.startsWith(prefix) && "/?#".includes(path[prefix.length] ?? "/"));

const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD"]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * The request body, read up to just past `limit` bytes: more than that is the mocks' 413 to give,
 * and the rest is never read (the connection is closed after the answer).
 */
function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer & { truncated?: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      chunks.push(chunk);
      if (size > limit) {
        done = true;
        req.pause();
        resolve(Object.assign(Buffer.concat(chunks), { truncated: true }));
      }
    });
    req.on("end", () => {
      if (!done) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined) return {};
  return { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "Origin" };
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...extra, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function createHttpMockServer(options: HttpMockServerOptions = {}): HttpMockServer {
  const { products: names, host = "127.0.0.1", port = 4010, ports = {}, log, clock = new MockClock(), ...mockOptions } = options;
  const known = Object.keys(productMocks);
  const selected = names && names.length > 0 ? [...new Set(names)] : known;
  for (const name of [...selected, ...Object.keys(ports)]) {
    if (!Object.hasOwn(productMocks, name)) throw new Error(`unknown product "${name}"; known: ${known.join(", ")}`);
  }
  for (const name of Object.keys(ports)) {
    if (!selected.includes(name)) throw new Error(`--port ${name}=…: ${name} is not among the products served (${selected.join(", ")})`);
  }

  const listeners = new Map<number | string, Listener>();
  const served: ServedProduct[] = [];
  for (const name of selected) {
    const table = productMocks[name]!;
    const prefix = prefixOf(table);
    const own = Object.hasOwn(ports, name) ? ports[name]! : undefined;
    // A product on its own port 0 gets a listener of its own, not the main port's.
    const key = own === undefined ? "main" : `own:${name}`;
    const listenerPort = own ?? port;
    let listener = listeners.get(key);
    if (!listener) listeners.set(key, (listener = { port: listenerPort, products: [], entries: [] }));
    const clash = listener.products.find((p) => p.prefix === prefix);
    if (clash) throw new Error(`${name} and ${clash.name} are both served at "${prefix || "/"}" on one port: give one its own port`);
    const mock = createProductMock(table, { data: () => import("../data.js"), ...mockOptions, clock, baseUrl: INTERNAL_ORIGIN + prefix });
    const product: ServedProduct = { name, title: table.title, prefix, port: listenerPort, baseUrl: "", mock };
    served.push(product);
    listener.products.push(product);
    listener.entries.push({ product, handlers: mock.handlers });
  }
  for (const listener of listeners.values()) listener.entries.sort((a, b) => b.product.prefix.length - a.product.prefix.length);
  const byName = new Map(served.map((p) => [p.name, p]));

  const maxBodyBytes = mockOptions.maxBodyBytes ?? MOCK_LIMITS.maxBodyBytes;

  async function handle(listener: Listener, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? "GET";
    let target = req.url ?? "/";
    if (!target.startsWith("/")) {
      try {
        const absolute = new URL(target);
        target = absolute.pathname + absolute.search;
      } catch {
        target = "/";
      }
    }
    const query = target.indexOf("?");
    const path = query < 0 ? target : target.slice(0, query);
    const cors = corsHeaders(req);

    if (method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
      res.writeHead(204, {
        ...cors,
        "access-control-allow-origin": req.headers.origin ?? "*",
        "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
        "access-control-max-age": "600",
        "content-length": "0",
      });
      res.end();
      log?.(`${method} ${path} (preflight) 204 ${(performance.now() - started).toFixed(1)}ms`);
      return;
    }

    // Methods a Fetch `Request` cannot carry: no operation can have them either.
    if (FORBIDDEN_METHODS.has(method)) {
      sendJson(res, 405, { error: `${method} is not a method any mocked operation takes` }, cors);
      log?.(`${method} ${path} - 405 ${(performance.now() - started).toFixed(1)}ms`);
      return;
    }

    const bodyBytes = METHODS_WITHOUT_BODY.has(method) ? undefined : await readRequestBody(req, maxBodyBytes);
    // Unread bytes would be taken for the next request on this connection.
    if (bodyBytes?.truncated) res.shouldKeepAlive = false;

    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      const answer = await handleAdmin({ method, path, search: query < 0 ? "" : target.slice(query), body: bodyBytes, products: served, byName, clock });
      sendJson(res, answer.status, answer.body, cors);
      log?.(`${method} ${path} (admin) ${answer.status} ${(performance.now() - started).toFixed(1)}ms`);
      return;
    }

    const candidates = listener.entries.length === 1 ? (underPrefix(path, listener.entries[0]!.product.prefix) ? listener.entries : []) : listener.entries.filter((e) => underPrefix(path, e.product.prefix));
    const headers: [string, string][] = [];
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
    // The body read above travels beside the request, not through a stream (runtime/wire.ts).
    const request = serverRequest(new URL(INTERNAL_ORIGIN + target), method, headers, bodyBytes);
    const handlers = candidates.length === 1 ? candidates[0]!.handlers : candidates.flatMap((e) => e.handlers);
    const response = handlers.length > 0 ? await getResponse(handlers, request) : undefined;
    let status: number;
    if (!response) {
      status = 404;
      sendJson(
        res,
        404,
        {
          error: `no mocked operation answers ${method} ${path}`,
          products: listener.products.map((p) => ({ name: p.name, baseUrl: p.baseUrl })),
        },
        cors,
      );
    } else {
      status = response.status;
      const out: Record<string, string> = { ...cors };
      response.headers.forEach((value, name) => {
        out[name] = value;
      });
      if (req.headers.origin !== undefined) {
        const exposed = Object.keys(out).filter((n) => !n.startsWith("access-control-") && n !== "vary" && n !== "content-type");
        if (exposed.length > 0) out["access-control-expose-headers"] = exposed.join(", ");
      }
      const text = keptText(request, response);
      if (text !== undefined) {
        out["content-length"] = String(Buffer.byteLength(text));
        res.writeHead(status, out);
        res.end(method === "HEAD" ? undefined : text);
      } else {
        const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
        out["content-length"] = String(body?.length ?? 0);
        res.writeHead(status, out);
        // As a latin1 string (byte for byte), Node sends the head and the body in one write.
        res.end(method === "HEAD" || body === undefined ? undefined : body.toString("latin1"), "latin1");
      }
    }
    if (log) {
      const noted = notedOperation(request);
      const served = noted === undefined ? undefined : candidates.find((e) => e.product.mock.product === noted.product);
      const operation = noted === undefined || served === undefined ? "-" : `${served.product.name}.${noted.op.operationId}`;
      log(`${method} ${path} ${operation} ${status} ${(performance.now() - started).toFixed(1)}ms`);
    }
  }

  function onRequest(listener: Listener) {
    return (req: IncomingMessage, res: ServerResponse) => {
      handle(listener, req, res).catch(() => {
        // The mocks answer every request themselves (guard.ts); this is the server's own last resort.
        if (!res.headersSent) sendJson(res, 500, { error: "the mock server could not answer this request" });
        else res.destroy();
        log?.(`${req.method ?? "GET"} ${(req.url ?? "/").split("?")[0]} - 500`);
      });
    };
  }

  return {
    products: served,
    clock,
    mock: (name) => byName.get(name)?.mock,
    async listen() {
      const bound: { port: number; products: string[]; url: string }[] = [];
      for (const listener of listeners.values()) {
        const server = createServer({ keepAlive: true }, onRequest(listener));
        listener.server = server;
        try {
          await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(listener.port, host, () => {
              server.off("error", reject);
              resolve();
            });
          });
        } catch (error) {
          listener.server = undefined;
          await this.close();
          const code = (error as { code?: string }).code;
          if (code === "EADDRINUSE") throw new Error(`port ${listener.port} on ${host} is in use (--port picks another)`);
          throw error;
        }
        const address = server.address() as AddressInfo;
        listener.port = address.port;
        const hostPart = address.family === "IPv6" ? `[${address.address}]` : address.address;
        for (const product of listener.products) {
          product.port = address.port;
          product.baseUrl = `http://${hostPart}:${address.port}${product.prefix}`;
        }
        bound.push({ port: address.port, products: listener.products.map((p) => p.name), url: `http://${hostPart}:${address.port}` });
      }
      return bound;
    },
    async close() {
      await Promise.all(
        [...listeners.values()].map(
          (listener) =>
            new Promise<void>((resolve) => {
              const server = listener.server;
              if (!server || !server.listening) return resolve();
              server.close(() => resolve());
              server.closeIdleConnections();
              // A client still sending after a grace period is cut off rather than waited for.
              setTimeout(() => server.closeAllConnections(), 2000).unref();
            }),
        ),
      );
    },
  };
}
