/**
 * The admin endpoints of `mpkit mock`, under `/__mpkit` (no product's path starts with `__`):
 * JSON in, JSON out, over the same controls the in-process mocks offer (`ProductMockInstance`).
 * `@mpkit/mocks/admin` is the typed client for them.
 *
 *   GET  /__mpkit                       products served (name, title, baseUrl), clock, scenarios
 *   POST /__mpkit/reset                 { products?, clock? }        forget stored state (and the clock's time)
 *   POST /__mpkit/seed                  { <product>: { <kind>: [...] } }
 *   GET  /__mpkit/snapshot              { clock, products: { <product>: EngineSnapshot } }
 *   POST /__mpkit/restore               a snapshot as GET /__mpkit/snapshot answered
 *   GET  /__mpkit/clock                 { now }
 *   POST /__mpkit/clock                 { advance: "P31D" } | { set: "2026-03-01" }  resolves once due work settled
 *   GET  /__mpkit/deliveries[?product=] { deliveries: [{ product, webhook, attempt, at, url, status, payload }] }
 *   POST /__mpkit/deliveries/fail       { product, count }          the next deliveries fail, to see redelivery
 *   POST /__mpkit/scenario              { product, name }           404 with the product's scenarios for an unknown name
 */
import type { MockClock } from "../runtime/clock.js";
import type { EngineSnapshot } from "../runtime/state.js";
import type { ServedProduct } from "./http-server.js";

export const ADMIN_PREFIX = "/__mpkit";

export interface AdminRequest {
  method: string;
  path: string;
  search: string;
  body: Buffer | undefined;
  products: readonly ServedProduct[];
  byName: ReadonlyMap<string, ServedProduct>;
  clock: MockClock;
}

export interface AdminAnswer {
  status: number;
  body: unknown;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function jsonBody(body: Buffer | undefined): Record<string, unknown> {
  if (body === undefined || body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AdminError(400, "the body is not valid JSON");
  }
  if (!isObject(parsed)) throw new AdminError(400, "the body must be a JSON object");
  return parsed;
}

function productNamed(req: AdminRequest, name: unknown): ServedProduct {
  const found = typeof name === "string" ? req.byName.get(name) : undefined;
  if (!found) {
    throw new AdminError(404, `no product ${JSON.stringify(name ?? null)} is served`, { products: req.products.map((p) => p.name) });
  }
  return found;
}

function scenariosOf(product: ServedProduct): readonly string[] {
  return product.mock.scenarios;
}

async function route(req: AdminRequest): Promise<AdminAnswer> {
  const action = req.path.slice(ADMIN_PREFIX.length).replace(/\/+$/, "") || "/";
  const key = `${req.method} ${action}`;
  switch (key) {
    case "GET /":
      return {
        status: 200,
        body: {
          clock: req.clock.now().toISOString(),
          products: req.products.map((p) => ({
            name: p.name,
            title: p.title,
            baseUrl: p.baseUrl,
            scenarios: [...scenariosOf(p)],
            scenario: p.mock.scenario,
          })),
        },
      };
    case "POST /reset": {
      const body = jsonBody(req.body);
      const names = body.products === undefined ? req.products.map((p) => p.name) : body.products;
      if (!Array.isArray(names)) throw new AdminError(400, "products must be a list of product names");
      const chosen = names.map((n) => productNamed(req, n));
      if (body.clock === true) req.clock.reset();
      for (const p of chosen) p.mock.reset();
      return { status: 200, body: { reset: chosen.map((p) => p.name), clock: req.clock.now().toISOString() } };
    }
    case "POST /seed": {
      const body = jsonBody(req.body);
      const entries = Object.entries(body).map(([name, data]) => {
        const product = productNamed(req, name);
        if (!isObject(data)) throw new AdminError(400, `${name}: the seed must be an object of resource kinds`);
        return [product, data] as const;
      });
      for (const [product, data] of entries) {
        try {
          product.mock.seed(data as never);
        } catch (error) {
          throw new AdminError(400, `${product.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return { status: 200, body: { seeded: entries.map(([p]) => p.name) } };
    }
    case "GET /snapshot":
      return {
        status: 200,
        body: { clock: req.clock.now().toISOString(), products: Object.fromEntries(req.products.map((p) => [p.name, p.mock.snapshot()])) },
      };
    case "POST /restore": {
      const body = jsonBody(req.body);
      if (!isObject(body.products)) throw new AdminError(400, "a snapshot has a products object, as GET /__mpkit/snapshot answers");
      const entries = Object.entries(body.products).map(([name, snapshot]) => {
        const product = productNamed(req, name);
        if (!isObject(snapshot) || !Array.isArray(snapshot.resources) || typeof snapshot.counter !== "number" || typeof snapshot.random !== "number") {
          throw new AdminError(400, `${name}: not a snapshot (resources, counter, random)`);
        }
        return [product, snapshot as unknown as EngineSnapshot] as const;
      });
      if (body.clock !== undefined) {
        if (typeof body.clock !== "string" || Number.isNaN(Date.parse(body.clock))) throw new AdminError(400, "clock must be an ISO 8601 date-time");
        await req.clock.set(body.clock);
      }
      for (const [product, snapshot] of entries) product.mock.restore(snapshot);
      return { status: 200, body: { restored: entries.map(([p]) => p.name), clock: req.clock.now().toISOString() } };
    }
    case "GET /clock":
      return { status: 200, body: { now: req.clock.now().toISOString() } };
    case "POST /clock": {
      const body = jsonBody(req.body);
      try {
        if (typeof body.advance === "string" || typeof body.advance === "number") await req.clock.advance(body.advance);
        else if (typeof body.set === "string") await req.clock.set(body.set);
        else throw new AdminError(400, 'send { "advance": "P1D" } or { "set": "2026-03-01T00:00:00Z" }');
      } catch (error) {
        if (error instanceof AdminError) throw error;
        throw new AdminError(400, error instanceof Error ? error.message : String(error));
      }
      return { status: 200, body: { now: req.clock.now().toISOString() } };
    }
    case "GET /deliveries": {
      const only = new URLSearchParams(req.search).get("product");
      const chosen = only === null ? req.products : [productNamed(req, only)];
      return {
        status: 200,
        body: { deliveries: chosen.flatMap((p) => p.mock.deliveries.map((d) => ({ product: p.name, ...d }))) },
      };
    }
    case "POST /deliveries/fail": {
      const body = jsonBody(req.body);
      const product = productNamed(req, body.product);
      if (typeof body.count !== "number" || !Number.isInteger(body.count) || body.count < 0) throw new AdminError(400, "count must be a whole number ≥ 0");
      product.mock.failDeliveries(body.count);
      return { status: 200, body: { product: product.name, failing: body.count } };
    }
    case "POST /scenario": {
      const body = jsonBody(req.body);
      const product = productNamed(req, body.product);
      const mock = product.mock;
      const scenarios = mock.scenarios;
      if (typeof body.name !== "string" || !scenarios.includes(body.name)) {
        throw new AdminError(404, `${product.name} has no scenario ${JSON.stringify(body.name ?? null)}`, { scenarios: [...scenarios] });
      }
      mock.useScenario(body.name);
      return { status: 200, body: { product: product.name, scenario: body.name } };
    }
    default: {
      const known = ["GET /", "POST /reset", "POST /seed", "GET /snapshot", "POST /restore", "GET /clock", "POST /clock", "GET /deliveries", "POST /deliveries/fail", "POST /scenario"];
      throw new AdminError(404, `no admin endpoint ${req.method} ${req.path}`, { endpoints: known.map((k) => k.replace(" /", ` ${ADMIN_PREFIX}/`).replace(/\/$/, "")) });
    }
  }
}

/** Answers an admin request; every refusal is `{ error, … }` with a 4xx status. */
export async function handleAdmin(req: AdminRequest): Promise<AdminAnswer> {
  try {
    return await route(req);
  } catch (error) {
    if (error instanceof AdminError) return { status: error.status, body: { error: error.message, ...error.extra } };
    return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}
