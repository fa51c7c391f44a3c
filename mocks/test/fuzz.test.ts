/**
 * Property-based fuzzing of every product's MSW handlers (issue 10). For every operation,
 * generated valid and invalid requests go to that product's own handlers in-process; every
 * answer must be a documented response valid against the spec, or a 4xx in the product's error
 * format (x-mpkit-mock-errors) - never a 5xx, an exception, a hang, an unhandled rejection or a
 * change to Object.prototype. So that a mock answering 400 to everything fails: every operation
 * must get a documented 2xx at least once, and at least half of the valid requests a 2xx.
 *
 * FUZZ_SEED=<n> replays a run (operation i uses seed n + i; both are printed on failure);
 * FUZZ_RUNS=<n> sets the requests per product, shared out over its operations
 * (default 500: at least 15 requests per operation in replay mode, from a fixed seed; 100,000 for a
 * long local run).
 */
import { type MockOperation, type ProductMock, ProductValidator, createProductHandlers, errorTemplate, productMocks } from "@mpkit/mocks";
import fc from "fast-check";
import { getResponse } from "msw";
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { RequestArbitraries, type RequestSpec, toRequest } from "./fuzz/requests.js";
import { LEAK, routeOf } from "./support.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
/** A handler that has not answered within this time is taken to hang. */
const HANG_MS = 10_000;

/** Whether `body` has the shape of the error template: same keys, same constants, strings where `{…}` is filled in. */
function matchesTemplate(body: unknown, template: unknown): boolean {
  if (typeof template === "string" && /\{(message|correlationId)\}/.test(template)) return typeof body === "string";
  if (template !== null && typeof template === "object" && !Array.isArray(template)) {
    if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
    const keys = Object.keys(template);
    if (Object.keys(body).sort().join() !== [...keys].sort().join()) return false;
    return keys.every((k) => matchesTemplate((body as Record<string, unknown>)[k], (template as Record<string, unknown>)[k]));
  }
  return JSON.stringify(body) === JSON.stringify(template);
}

async function answerWithin(handlers: Parameters<typeof getResponse>[0], request: Request): Promise<Response | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([getResponse(handlers, request), hang]);
  } finally {
    clearTimeout(timer);
  }
}

const prototypeKeys = () => Reflect.ownKeys(Object.prototype).map(String).sort().join();
const cleanPrototype = prototypeKeys();

const unhandled: unknown[] = [];
const onRejection = (reason: unknown) => unhandled.push(reason);
process.on("unhandledRejection", onRejection);
afterAll(() => {
  process.off("unhandledRejection", onRejection);
});

const figures: Record<string, { runs: number; valid: number; valid2xx: number; invalid: number; invalid4xx: number; seconds: number }> = {};
afterAll(() => {
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/fuzz-mocks.json", `${JSON.stringify({ seed: SEED, runsPerProduct: RUNS, products: figures }, null, 2)}\n`);
  for (const [name, f] of Object.entries(figures)) {
    console.log(
      `fuzz ${name}: ${f.runs} requests (seed ${SEED}) - valid ${f.valid}, of which 2xx ${f.valid2xx} (${((100 * f.valid2xx) / Math.max(f.valid, 1)).toFixed(1)}%); invalid ${f.invalid}, of which 4xx ${f.invalid4xx}; ${f.seconds.toFixed(1)} s`,
    );
  }
});

// Two modes. Replaying the spec (`stateful: false`), every valid request must be answerable with a
// 2xx, so a mock that refuses everything fails. With state (the default), a read of an id never
// created is a documented 404 and an illegal transition a 409, so only the safety properties hold:
// never a 5xx, a throw, a hang or a polluted prototype; always a documented answer or a product 4xx.
// The stateful pass gets half the runs: its safety properties are the same as the replay's.
const MODES = [
  { mode: "stateless", stateful: false, runs: RUNS },
  { mode: "stateful", stateful: true, runs: Math.max(1, Math.round(RUNS / 2)) },
] as const;
// The test's own request generators and response oracle hold only compiled schemas and built
// arbitraries (immutable, so they draw the same values): both modes of a product share them.
// The handlers under test are created afresh for each run.
const shared = new Map<ProductMock, { oracle: ProductValidator; requests: RequestArbitraries; perOperation: fc.Arbitrary<RequestSpec>[] }>();
function sharedFor(mock: ProductMock) {
  let found = shared.get(mock);
  if (!found) {
    const requests = new RequestArbitraries(mock);
    found = { oracle: new ProductValidator(mock), requests, perOperation: mock.operations.map((op: MockOperation) => fc.oneof(requests.valid(op), requests.invalid(op))) };
    shared.set(mock, found);
  }
  return found;
}
const cases = Object.entries(productMocks).flatMap(([name, mock]) => MODES.map((m) => [name, m.mode, mock, m] as const));

describe.each(cases)("Fuzzing the %s mocks (%s)", (product, mode, mock: ProductMock, { stateful, runs: RUNS }) => {
  const name = `${product} (${mode})`;
  it(`${RUNS} generated requests get documented answers or product-format 4xx, never a 5xx`, async () => {
    const started = performance.now();
    const unexpected: unknown[] = [];
    const handlers = createProductHandlers(mock, { stateful, onUnexpectedError: (error) => unexpected.push(error) });
    const { oracle, perOperation } = sharedFor(mock);
    const operations = mock.operations;
    const f = { runs: 0, valid: 0, valid2xx: 0, invalid: 0, invalid4xx: 0, seconds: 0 };
    const with2xx = new Set<string>();

    const check = async (spec: RequestSpec) => {
      const request = toRequest(spec);
      const response = await answerWithin(handlers, request);
      expect(response, "a handler answers").toBeDefined();
      const text = await response!.text();
      const status = response!.status;
      expect(text).not.toMatch(LEAK);
      expect(status, text.slice(0, 300)).toBeLessThan(500);
      expect(unexpected, "no handler threw").toEqual([]);
      expect(prototypeKeys()).toBe(cleanPrototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const json = /json/.test(response!.headers.get("content-type") ?? "");
      const body: unknown = text === "" ? undefined : json ? JSON.parse(text) : text;
      const template = errorTemplate(mock, status);
      const productError = status >= 400 && template !== undefined && matchesTemplate(body, template);
      if (!productError) {
        // Otherwise it must be a documented answer of the operation the URL routes to.
        const op = routeOf(mock, new Request(spec.url, { method: spec.method.toUpperCase() }));
        expect(oracle.checkResponse(op, status, body), `${op.operationId} ${status} ${text.slice(0, 200)}`).toEqual([]);
      }
      return { status, productError };
    };

    // The runs are shared out over the operations, so each gets its share of valid requests.
    const perOp = Math.max(2, Math.ceil(RUNS / operations.length));
    for (const [index, op] of operations.entries()) {
      await fc.assert(
        fc.asyncProperty(perOperation[index]!, async (spec) => {
          const { status } = await check(spec);
          f.runs++;
          if (spec.valid) {
            f.valid++;
            if (status >= 200 && status < 300) {
              f.valid2xx++;
              with2xx.add(spec.operationId);
            }
          } else {
            f.invalid++;
            if (status >= 400) f.invalid4xx++;
          }
        }),
        { seed: SEED + index, numRuns: perOp, endOnFailure: true },
      ).catch((error: unknown) => {
        throw new Error(`${op.operationId}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    f.seconds = (performance.now() - started) / 1000;
    figures[name] = f;
    expect(unhandled).toEqual([]);
    if (!stateful) {
      expect(operations.map((o) => o.operationId).filter((id) => !with2xx.has(id)), "operations never answered with a 2xx").toEqual([]);
      expect(f.valid2xx / f.valid).toBeGreaterThanOrEqual(0.5);
    }
  }, 120_000);
});
