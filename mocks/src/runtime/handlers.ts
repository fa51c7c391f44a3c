/**
 * Turns a generated `ProductMock` into MSW handlers. Each handler checks credentials,
 * validates path, query, headers and body against the spec, and answers with the spec's
 * example, or with the product's own error body when the request is refused. Whatever the
 * request, the answer is never an exception: see guard.ts and limits.ts.
 */
import { delay, type HttpHandler } from "./msw-core.js";
import { MockClock } from "./clock.js";
import { problemMessage, productError, quote } from "./errors.js";
import { mount, onBase, RoutedHandler } from "./combine.js";
import { correlationIdOf, lastResort, readBody } from "./guard.js";
import { requestProblems, wantsBytes } from "./inputs.js";
import { MOCK_LIMITS } from "./limits.js";
import { OperationRouter, type RouteMatch, serverUrls } from "./router.js";
import { type Deliver, type DeliveryRecord, type EngineAnswer, type EngineSnapshot, StateEngine, type TransitionRecord } from "./state.js";
import type { MockOperation, MockOptions, MockResponse, ProductMock } from "./types.js";
import { type Problem, ProductValidator } from "./validator.js";
import { noteOperation, textResponse } from "./wire.js";
import { createOverrides, type MockOverrides, type Plan, type ScenarioControls, type ScenarioOptions } from "./scenarios.js";

/**
 * A 2xx example that names a path parameter at its top level (`invoiceId` → `InvoiceId`) answers
 * with the requested value, so a screen that opens record X is shown record X.
 */
function sameName(a: string, b: string): boolean {
  const plain = (name: string) => name.replace(/[_-]/g, "").toLowerCase();
  return plain(a) === plain(b);
}

/** The example itself when no path parameter names one of its fields, else a copy with the requested values. */
function echoPathParameters(example: unknown, pathParams: Record<string, unknown>): unknown {
  if (example === null || typeof example !== "object" || Array.isArray(example)) return example;
  const source = example as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const param of Object.keys(pathParams)) {
    const value = pathParams[param];
    if (typeof value !== "string") continue;
    // `agreementId` matches `AgreementId` and `agreement_id` alike.
    const key = Object.keys(source).find((k) => sameName(k, param));
    if (key !== undefined && typeof source[key] === "string") (copy ??= { ...source })[key] = value;
  }
  return copy ?? example;
}

/** The query of a URL without one (never changed: the engine only reads queries). */
const NO_QUERY = new URLSearchParams();

/** Examples as JSON text, serialised once (the tables' examples are never changed). */
const exampleTexts = new WeakMap<object, string>();
function exampleJson(example: unknown): string {
  if (example === null || typeof example !== "object") return JSON.stringify(example);
  let text = exampleTexts.get(example);
  if (text === undefined) exampleTexts.set(example, (text = JSON.stringify(example)));
  return text;
}

/** `Prefer: code=409, example=alreadyPaid` picks another documented response, as Prism does. */
function parsePrefer(header: string | null): { code?: string; example?: string } {
  const result: { code?: string; example?: string } = {};
  if (header === null) return result;
  for (const part of header.split(/[,;]/)) {
    const [key, value] = part.split("=").map((s) => s.trim());
    if ((key === "code" || key === "example") && value) result[key] = value.replace(/^"|"$/g, "");
  }
  return result;
}

function hasCredentials(product: ProductMock, op: MockOperation, request: Request, url: URL): boolean {
  if (op.security.length === 0) return true;
  const auth = request.headers.get("authorization") ?? "";
  return op.security.some((alternative) =>
    alternative.every((name) => {
      const scheme = Object.hasOwn(product.securitySchemes, name) ? product.securitySchemes[name] : undefined;
      if (!scheme) return false;
      if (scheme.type === "apiKey") {
        if (scheme.in === "header") return Boolean(request.headers.get(scheme.name));
        if (scheme.in === "query") return Boolean(url.searchParams.get(scheme.name));
        return (request.headers.get("cookie") ?? "").includes(`${scheme.name}=`);
      }
      if (scheme.type === "http" && scheme.scheme === "basic") return /^Basic \S+/.test(auth);
      if (scheme.type === "http" && scheme.scheme !== "bearer") return auth.toLowerCase().startsWith(`${scheme.scheme.toLowerCase()} `) && auth.trim().includes(" ");
      return /^Bearer \S+/.test(auth);
    }),
  );
}

function baseUrls(product: ProductMock, op: MockOperation, options: MockOptions): string[] {
  const urls =
    options.baseUrl === undefined ? Object.values(op.servers ?? product.environments) : [options.baseUrl].flat();
  const filled = urls
    .filter((u): u is string => u !== undefined)
    .flatMap((u) => (options.baseUrl === undefined ? serverUrls(u, product.serverVariables && Object.hasOwn(product.serverVariables, u) ? product.serverVariables[u] : undefined) : [u]));
  return [...new Set(filled.map((u) => u.replace(/\/+$/, "")))];
}


/** A base URL as requests carry it: a relative one (`/api`) is resolved against the page, as MSW does. */
function absoluteBase(base: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(base)) return base;
  const page = typeof location !== "undefined" && typeof location.href === "string" ? location.href : "http://localhost/";
  return new URL(base || "/", page).href.replace(/\/+$/, "");
}

/** A running mock of one product: its MSW handlers and the controls over its state. */
export interface ProductMockInstance<Seed = Readonly<Record<string, readonly Record<string, unknown>[] | undefined>>, Overrides = MockOverrides>
  extends ScenarioControls<Overrides> {
  /** The product's table (operations, schemas, error formats) the handlers answer from. */
  readonly product: ProductMock;
  /** One MSW handler per base URL of the product. */
  readonly handlers: HttpHandler[];
  /** The clock dates, expiries, redelivery and rate limits run on. */
  readonly clock: MockClock;
  /** Forget every stored resource and delivery; ids start again from the seed. */
  reset(): void;
  /** Store resources as given, by resource kind; missing fields come from the spec's example. */
  seed(data: Seed): void;
  snapshot(): EngineSnapshot;
  restore(snapshot: EngineSnapshot): void;
  /** Stored resources of one kind (copies). */
  resources(kind: string): Record<string, unknown>[];
  /** Every webhook delivery attempt so far. */
  readonly deliveries: readonly DeliveryRecord[];
  /** Every state transition applied so far (resource, machine, from, to, cause). */
  readonly transitions: readonly TransitionRecord[];
  /** The next `count` webhook deliveries fail as if the receiver answered 500. */
  failDeliveries(count: number): void;
}

export interface StatefulMockOptions extends MockOptions, ScenarioOptions {
  /** Sends webhook requests; default `fetch`, bypassing the mocks. */
  deliver?: Deliver;
  /** Where webhooks go: one URL, or a function of the webhook name and the resource. */
  webhookUrl?: string | ((webhook: string, resource: Record<string, unknown>) => string | undefined);
}

/**
 * One validator per product table, shared by every mock made of it: it holds nothing but the
 * schemas compiled so far, so a second mock (a test's fresh one, `mpkit mock` beside the MSW
 * server) does not compile them again.
 */
const validators = new WeakMap<ProductMock, ProductValidator>();
function validatorOf(product: ProductMock): ProductValidator {
  let validator = validators.get(product);
  if (!validator) validators.set(product, (validator = new ProductValidator(product)));
  return validator;
}

export function createProductMock<Seed = Readonly<Record<string, readonly Record<string, unknown>[] | undefined>>, Overrides = MockOverrides>(
  product: ProductMock,
  options: StatefulMockOptions = {},
): ProductMockInstance<Seed, Overrides> {
  const validator = validatorOf(product);
  const validate = options.validate ?? true;
  const stateful = options.stateful ?? true;
  const clock = options.clock ?? new MockClock();
  const engine = new StateEngine(product, {
    clock,
    seed: options.seed ?? 1,
    ...(options.deliver ? { deliver: options.deliver } : {}),
    ...(options.webhookUrl !== undefined ? { webhookUrl: options.webhookUrl } : {}),
  });

  // Overrides and scenarios (scenarios.ts): `use`, `useScenario`, per-operation delays.
  const overrides = createOverrides(
    product,
    {
      ...options,
      stateful,
      now: () => clock.now(),
      echo: (body, params) => echoPathParameters(body, params),
      valid: (op, status, body) => validator.checkResponse(op, status, body).length === 0,
    },
    (ms) => delay(ms),
  );
  const maxBodyBytes = options.maxBodyBytes ?? MOCK_LIMITS.maxBodyBytes;
  const errorResponse = (status: number, message: string, correlationId: string, code: string | null | undefined, op: MockOperation | undefined, request: Request) =>
    productError(product, status, message, correlationId, code, op, request);

  function answer(
    op: MockOperation,
    response: MockResponse,
    exampleName: string | undefined,
    correlationId: string,
    pathParams: Record<string, unknown>,
    request: Request,
  ): Response {
    const status = Number(response.status);
    const headers: Record<string, string> = {};
    if (product.correlationHeader) headers[product.correlationHeader] = correlationId;
    const names = Object.keys(response.examples);
    const name = exampleName !== undefined && names.includes(exampleName) ? exampleName : names[0];
    if (response.contentType && name === undefined) return overrides.noExample(op, response, correlationId, pathParams);
    if (!response.contentType || name === undefined) return textResponse(request, null, status, headers);
    const documented = response.examples[name];
    const example = /^2/.test(response.status) ? echoPathParameters(documented, pathParams) : documented;
    if (/json/.test(response.contentType)) {
      const text = example === documented ? exampleJson(example) : JSON.stringify(example);
      return textResponse(request, text, status, { ...headers, "Content-Type": response.contentType });
    }
    return textResponse(request, String(example), status, { ...headers, "Content-Type": response.contentType });
  }


  function engineResponse(result: EngineAnswer, correlationId: string, op: MockOperation, request: Request): Response {
    if (result.kind === "error") {
      const response = errorResponse(result.status, result.message, correlationId, result.code, op, request);
      if (result.retryAfter !== undefined) response.headers.set("Retry-After", String(result.retryAfter));
      return response;
    }
    const headers: Record<string, string> = {};
    if (product.correlationHeader) headers[product.correlationHeader] = correlationId;
    const documented = op.responses.find((r) => r.status === String(result.status));
    if (result.body === undefined || !documented?.contentType) return textResponse(request, null, result.status, headers);
    return textResponse(request, JSON.stringify(result.body), result.status, { ...headers, "Content-Type": documented.contentType });
  }

  function respond(op: MockOperation, params: Record<string, string>, raw: Record<string, string>, request: Request, url: URL): Promise<Response> {
    const plan = overrides.plan(op, request);
    // Most requests have no override: answered without a second async step.
    return plan.delayMs || plan.headers ? respondPlanned(op, params, raw, request, url, plan) : respondPlain(op, params, raw, request, url, plan);
  }

  async function respondPlanned(op: MockOperation, params: Record<string, string>, raw: Record<string, string>, request: Request, url: URL, plan: Plan): Promise<Response> {
    if (plan.delayMs) await overrides.sleep(plan.delayMs);
    const response = await respondPlain(op, params, raw, request, url, plan);
    for (const [name, value] of Object.entries(plan.headers ?? {})) response.headers.set(name, value);
    return response;
  }

  async function respondPlain(op: MockOperation, params: Record<string, string>, raw: Record<string, string>, request: Request, url: URL, plan: Plan): Promise<Response> {
    if (options.delayMs) await delay(options.delayMs);
    const correlationId = correlationIdOf(product, request);
    if (validate && !hasCredentials(product, op, request, url)) {
      return errorResponse(401, "Missing or malformed credentials for this operation", correlationId, undefined, undefined, request);
    }
    const read = op.requestBody ? await readBody(request, maxBodyBytes, wantsBytes(op)) : { text: "" };
    if (read.tooLarge) return errorResponse(413, `body is larger than ${maxBodyBytes} bytes, the most these mocks accept`, correlationId, undefined, undefined, request);
    const parsed: { body?: unknown } = {};
    if (validate) {
      const problems = await requestProblems(validator, op, request, url, params, raw, read, parsed);
      if (problems.length > 0) return errorResponse(400, problemMessage(problems), correlationId, undefined, undefined, request);
    } else if (op.requestBody && /json/.test(op.requestBody.contentType)) {
      try {
        parsed.body = JSON.parse(read.text);
      } catch {
        parsed.body = undefined;
      }
    }
    if (plan.refusal) return plan.refusal(correlationId);
    if (plan.answer) return plan.answer(correlationId, params);
    const prefer = parsePrefer(request.headers.get("prefer"));
    if (stateful && prefer.code === undefined && prefer.example === undefined) {
      // A URL without a query shares one empty list (`searchParams` would build one per request).
      const result = engine.handle(op, { path: params, query: url.search === "" ? NO_QUERY : url.searchParams, body: parsed.body });
      if (result) return engineResponse(result, correlationId, op, request);
    }
    const response =
      prefer.code !== undefined
        ? op.responses.find((r) => r.status === prefer.code)
        : (op.responses.find((r) => /^2\d\d$/.test(r.status)) ?? op.responses[0]);
    if (!response) return errorResponse(400, `${op.operationId} documents no response with status ${quote(prefer.code ?? "")}`, correlationId, undefined, undefined, request);
    return answer(op, response, prefer.example, correlationId, params, request);
  }

  // One handler per base URL, each with its own operation lookup.
  const byBase = new Map<string, MockOperation[]>();
  for (const op of product.operations) {
    for (const base of baseUrls(product, op, options)) {
      const list = byBase.get(base) ?? [];
      list.push(op);
      byBase.set(base, list);
    }
  }
  const handlers: HttpHandler[] = [...byBase.entries()].map(([base, operations]) => {
    const router = new OperationRouter(operations);
    const absolute = absoluteBase(base);
    const basePath = new URL(absolute).pathname.replace(/\/+$/, "");
    const answerMatch = async ({ request, url, match }: { request: Request; url: URL; match: RouteMatch }): Promise<Response> => {
      if (match.op) noteOperation(request, product, match.op);
      return "problem" in match
        ? errorResponse(match.status, match.problem, correlationIdOf(product, request), undefined, undefined, request)
        : respond(match.op, match.params, match.raw, request, url);
    };
    const guarded = lastResort(product, answerMatch, options.onUnexpectedError);
    const handle = (request: Request, url: URL, match: RouteMatch) => guarded({ request, url, match });
    const isOnBase = onBase(absolute);
    // Only requests one of the product's operations answers (or refuses) are this handler's: any
    // other request on the base URL is unhandled, so MSW's strategy reports it (never sent on).
    const handler = new RoutedHandler(
      (request, url) => (isOnBase(url.href) ? router.match(request.method, url.pathname.slice(basePath.length)) : undefined),
      handle,
    );
    // Registered, so that `combineHandlers` can route between products sharing a host.
    return mount(handler, { absolute, basePath, router, handle });
  });

  return {
    product,
    handlers,
    clock,
    reset: () => engine.reset(),
    seed: (data: Seed) => engine.seed(data as Readonly<Record<string, readonly Record<string, unknown>[] | undefined>>),
    snapshot: () => engine.snapshot(),
    restore: (snapshot) => engine.restore(snapshot),
    resources: (kind) => engine.list(kind),
    deliveries: engine.deliveries,
    transitions: engine.transitions,
    failDeliveries: (count) => engine.failDeliveries(count),
    get scenario() {
      return overrides.scenario;
    },
    scenarios: overrides.scenarios,
    use: (o: Overrides) => overrides.use(o as MockOverrides),
    useScenario: (name) => overrides.useScenario(name),
    resetOverrides: () => overrides.resetOverrides(),
  };
}

/** MSW handlers for a product: one per base URL (see `createProductMock` for the controls). */
export function createProductHandlers(product: ProductMock, options: StatefulMockOptions = {}): HttpHandler[] {
  return createProductMock(product, options).handlers;
}
