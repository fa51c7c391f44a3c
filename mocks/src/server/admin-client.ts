/**
 * A typed client for the admin endpoints of `mpkit mock` (`/__mpkit`, see admin-routes.ts).
 * Fetch-based and dependency-free, so it works in Node, browsers and test runners alike.
 *
 * @example
 * const admin = createMockAdmin("http://127.0.0.1:4010");
 * await admin.reset();
 * await admin.seed({ invoice: { invoices: [{ InvoiceId: "…", Status: "accepted" }] } });
 * await admin.advanceClock("P31D");
 * const { deliveries } = await admin.deliveries("invoice");
 */

import type { DeliveryRecord } from "../runtime/state.js";

export interface MockAdminOptions {
  /** Default: `globalThis.fetch`, looked up per call. */
  fetch?: (request: Request) => Promise<Response>;
}

export interface MockServerInfo {
  clock: string;
  products: { name: string; title: string; baseUrl: string; scenarios: string[]; scenario: string }[];
}

/** Per product, the stored state as the engine snapshots it (opaque: hand it back to `restore`). */
export interface MockServerSnapshot {
  clock: string;
  products: Record<string, { resources: unknown[]; counter: number; random: number }>;
}

/** A webhook delivery attempt, as the product's mock logged it, with the product's name. */
export type MockServerDelivery = DeliveryRecord & { product: string };

/** Resources to store, per product name and resource kind (`{ invoice: { invoices: [...] } }`). */
export type MockServerSeed = Record<string, Record<string, Record<string, unknown>[]>>;

/** The server refused an admin request: `status` and its `{ error, … }` body. */
export class MockAdminError extends Error {
  override name = "MockAdminError";
  constructor(
    readonly status: number,
    readonly body: { error?: string; [key: string]: unknown } | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface MockAdmin {
  info(): Promise<MockServerInfo>;
  /** Forgets stored resources and deliveries (of `products`, default all); `clock: true` also rewinds the clock. */
  reset(options?: { products?: string[]; clock?: boolean }): Promise<void>;
  seed(data: MockServerSeed): Promise<void>;
  snapshot(): Promise<MockServerSnapshot>;
  restore(snapshot: MockServerSnapshot): Promise<void>;
  now(): Promise<Date>;
  /** Moves the mock clock forward (ISO 8601 duration or ms); resolves once due work (webhooks) settled. */
  advanceClock(by: string | number): Promise<Date>;
  setClock(to: string | Date): Promise<Date>;
  deliveries(product?: string): Promise<MockServerDelivery[]>;
  failDeliveries(product: string, count: number): Promise<void>;
  /** Switches a product to one of its named scenarios; a `MockAdminError` (404, `body.scenarios`) names the known ones. */
  useScenario(product: string, name: string): Promise<void>;
}

export function createMockAdmin(serverUrl: string, options: MockAdminOptions = {}): MockAdmin {
  const base = `${serverUrl.replace(/\/+$/, "")}/__mpkit`;
  const send = async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const request = new Request(base + path, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
    });
    let response: Response;
    try {
      response = await (options.fetch ?? ((r: Request) => globalThis.fetch(r)))(request);
    } catch (error) {
      throw new MockAdminError(0, undefined, `mock server admin: ${method} ${path || "/"} reached no server at ${serverUrl} (${error instanceof Error ? error.message : String(error)})`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok || parsed === undefined) {
      const errorBody = parsed as { error?: string } | undefined;
      throw new MockAdminError(
        response.status,
        errorBody,
        `mock server admin: ${method} ${path || "/"} failed with HTTP ${response.status}${errorBody?.error ? `: ${errorBody.error}` : ""}`,
      );
    }
    return parsed as T;
  };
  return {
    info: () => send<MockServerInfo>("GET", ""),
    reset: async (opts = {}) => void (await send("POST", "/reset", opts)),
    seed: async (data) => void (await send("POST", "/seed", data)),
    snapshot: () => send<MockServerSnapshot>("GET", "/snapshot"),
    restore: async (snapshot) => void (await send("POST", "/restore", snapshot)),
    now: async () => new Date((await send<{ now: string }>("GET", "/clock")).now),
    advanceClock: async (by) => new Date((await send<{ now: string }>("POST", "/clock", { advance: by })).now),
    setClock: async (to) => new Date((await send<{ now: string }>("POST", "/clock", { set: to instanceof Date ? to.toISOString() : to })).now),
    deliveries: async (product) =>
      (await send<{ deliveries: MockServerDelivery[] }>("GET", `/deliveries${product === undefined ? "" : `?product=${encodeURIComponent(product)}`}`)).deliveries,
    failDeliveries: async (product, count) => void (await send("POST", "/deliveries/fail", { product, count })),
    useScenario: async (product, name) => void (await send("POST", "/scenario", { product, name })),
  };
}
