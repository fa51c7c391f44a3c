/**
 * Per-operation overrides (`mock.use({ someOperation: { status: 404 } })`) and named scenarios
 * (`mock.useScenario("errors")`), without MSW imports or URLs. Scenarios are derived from the
 * operation table alone, so every product has the same set:
 *
 * - `happy`: no overrides (the examples, or the stateful engine);
 * - `errors`: every operation answers a documented error: its first 5xx, else its first 4xx other
 *   than 400/401/403 (a domain error such as 404 or 409), else its first 4xx;
 * - `empty`: every list (a GET of a collection) answers with its arrays emptied (lists the stateful engine keeps are
 *   already empty until something is created, so only the others are overridden in that mode);
 * - `slow`: every operation waits a log-normal delay (median 800 ms, 95th percentile 3 s).
 *
 * A request may pick a scenario for itself with the `x-mpkit-scenario` header; a page picks one
 * for the whole worker with `?mpkit-scenario=<name>` (see `scenarioFromLocation`).
 */
import { errorTemplate, productError } from "./errors.js";
import { resolveSchema, sampleSchema, schemaAt, type SampleStrategy } from "./sample.js";
import type { MockOperation, MockResponse, ProductMock } from "./types.js";
import { prng } from "./random.js";

/** A fixed delay in ms, or a distribution: uniform `{ min, max }` or log-normal `{ median, p95 }`. */
export type MockDelay = number | { readonly min: number; readonly max: number } | { readonly median: number; readonly p95: number };

/** What every override may set, whatever the status. */
export interface OverrideCommon {
  /** Extra response headers. */
  headers?: Readonly<Record<string, string>>;
  /** Wait before answering (deterministic by the mock's seed). */
  delay?: MockDelay;
  /** A list of this many generated items (needs the `data` option: `@mpkit/mocks/data`). */
  items?: number;
  /** A body generated from the schema with realistic values (needs the `data` option). */
  generate?: boolean;
}

/** One documented response of an operation, as an override picks it. */
export interface ResponseChoice<Status extends number, Example extends string, Body> {
  status: Status;
  /** A named example of that status. */
  example?: Example;
  /** A body of your own (typed as the spec documents it). */
  body?: Body;
}

/**
 * An operation's override: a body for its first 2xx response, or options. A plain object whose
 * keys are all option names (`status`, `example`, `body`, `headers`, `delay`, `items`, `generate`)
 * is read as options; wrap any other body in `{ body }` if it could be mistaken for them.
 */
export type OperationOverride<DefaultBody, Choices> = DefaultBody | (Choices & OverrideCommon);

/** The overrides of a product: by operationId. Generated per product with the documented statuses. */
export type MockOverrides = Readonly<Record<string, unknown>>;

/** Generates bodies from schemas with realistic values: `fakeData` of `@mpkit/mocks/data`. */
export interface MockDataSource {
  /** A value valid against the schema at `pointer` of `document`; `items` sets the length of lists. */
  generate(
    document: Record<string, unknown>,
    pointer: string,
    options: { seed: number; items?: number; now: Date; valid?: (value: unknown) => boolean },
  ): unknown;
}

export interface ScenarioOptions {
  /** Waits `ms` (default: a timer). Tests pass a fake that records the delays instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Fake-data generator for `items`/`generate`: the module `@mpkit/mocks/data`, or a function importing it. */
  data?: MockDataSource | (() => Promise<MockDataSource | { fakeData: MockDataSource }>);
  /** Scenario to start in (default `happy`). */
  scenario?: string;
}

/** The controls over overrides and scenarios, on each product mock. */
export interface ScenarioControls<Overrides = MockOverrides> {
  /** Override operations (merged over earlier `use` calls and the scenario). Throws on an unknown operation, status or example. */
  use(overrides: Overrides): void;
  /** Switch to a named scenario (clears nothing set with `use`). Throws naming the known ones on an unknown name. */
  useScenario(name: string): void;
  /** The scenario in force. */
  readonly scenario: string;
  /** The scenarios this mock knows. */
  readonly scenarios: readonly string[];
  /** Drop every `use` override and go back to `happy`. */
  resetOverrides(): void;
}

/** An override after checking: what to answer with. */
interface Resolved extends OverrideCommon {
  status?: number;
  example?: string;
  body?: unknown;
  hasBody?: boolean;
}

const NO_DATA = 'items and generate need the fake-data generator: pass `data: () => import("@mpkit/mocks/data")` when creating the mocks';
const OPTION_KEYS = new Set(["status", "example", "body", "headers", "delay", "items", "generate"]);
export const SCENARIO_HEADER = "x-mpkit-scenario";
export const SCENARIO_QUERY = "mpkit-scenario";
const BUILT_IN = ["happy", "errors", "empty", "slow"] as const;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function isOptions(value: unknown): value is Resolved {
  return isObj(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => OPTION_KEYS.has(k));
}

function checkDelay(delay: unknown, where: string): void {
  const ok = (n: unknown) => typeof n === "number" && Number.isFinite(n) && n >= 0;
  if (ok(delay)) return;
  if (isObj(delay) && ok(delay.min) && ok(delay.max) && (delay.min as number) <= (delay.max as number)) return;
  if (isObj(delay) && ok(delay.median) && ok(delay.p95) && (delay.median as number) > 0 && (delay.median as number) <= (delay.p95 as number)) return;
  throw new TypeError(`${where}: delay must be milliseconds (>= 0), { min, max } with min <= max, or { median, p95 } with 0 < median <= p95`);
}

/** One delay drawn from the distribution (ms, whole). */
export function drawDelay(delay: MockDelay, random: () => number): number {
  if (typeof delay === "number") return delay;
  if ("min" in delay) return Math.round(delay.min + (delay.max - delay.min) * random());
  // Log-normal: the median and the 95th percentile (1.645 standard deviations) fix it.
  const mu = Math.log(delay.median);
  const sigma = (Math.log(delay.p95) - mu) / 1.6448536;
  const u = Math.max(random(), 1e-12);
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.round(Math.exp(mu + sigma * z));
}

function jsonResponses(op: MockOperation): MockResponse[] {
  return op.responses.filter((r) => r.contentType !== undefined && /json/.test(r.contentType) && r.schema !== undefined);
}

/** Top-level arrays of an operation's first JSON 2xx, as the empty scenario clears them. */
function emptied(product: ProductMock, op: MockOperation, now: Date): Resolved | undefined {
  const ok = jsonResponses(op).find((r) => /^2/.test(r.status));
  if (!ok?.schema) return undefined;
  const schema = schemaAt(product.document, ok.schema);
  const minimal: SampleStrategy = { now, optional: () => true };
  const example = Object.values(ok.examples)[0];
  if (schema.type === "array" || (Array.isArray(example) && schema.type === undefined)) {
    return typeof schema.minItems === "number" && schema.minItems > 0 ? undefined : { status: Number(ok.status), body: [], hasBody: true };
  }
  const properties = isObj(schema.properties) ? schema.properties : {};
  const base = isObj(example) ? { ...example } : (sampleSchema(product.document, ok.schema, minimal) as Record<string, unknown>);
  let changed = false;
  for (const [key, child] of Object.entries(properties)) {
    if (!isObj(child)) continue;
    const resolved = resolveSchema(product.document, child);
    if (resolved.type !== "array" || (typeof resolved.minItems === "number" && resolved.minItems > 0)) continue;
    // A list of records, not a list of values (such as accepted card types).
    const items = isObj(resolved.items) ? resolveSchema(product.document, resolved.items) : {};
    if (items.type !== "object" && !isObj(items.properties) && !Array.isArray(items.allOf) && !Array.isArray(items.oneOf)) continue;
    base[key] = [];
    changed = true;
  }
  return changed ? { status: Number(ok.status), body: base, hasBody: true } : undefined;
}

/** A read of a collection: a list binding, or a GET whose path does not end in a parameter. */
function isList(op: MockOperation): boolean {
  return op.method === "get" && (op.resource ? op.resource.role === "list" : !/\}$/.test(op.path));
}

/** The error an operation answers in the `errors` scenario. */
function documentedError(op: MockOperation): Resolved | undefined {
  const errors = op.responses.filter((r) => /^[45]\d\d$/.test(r.status));
  const pick =
    errors.find((r) => /^5/.test(r.status)) ??
    errors.find((r) => !["400", "401", "403"].includes(r.status)) ??
    errors[0];
  return pick ? { status: Number(pick.status) } : undefined;
}

/** The overrides each built-in scenario applies, by operationId. */
function builtInScenario(product: ProductMock, name: string, stateful: boolean, now: Date): Map<string, Resolved> {
  const out = new Map<string, Resolved>();
  for (const op of product.operations) {
    let resolved: Resolved | undefined;
    if (name === "errors") resolved = documentedError(op);
    else if (name === "slow") resolved = { delay: { median: 800, p95: 3000 } };
    else if (name === "empty" && isList(op) && !(stateful && op.resource?.role === "list")) resolved = emptied(product, op, now);
    if (resolved) out.set(op.operationId, resolved);
  }
  return out;
}

/** The `?mpkit-scenario=` of the page, if any (browser). */
export function scenarioFromLocation(): string | undefined {
  const href = typeof location !== "undefined" && typeof location.href === "string" ? location.href : undefined;
  if (!href) return undefined;
  return new URL(href).searchParams.get(SCENARIO_QUERY) ?? undefined;
}

/** What a request gets from the overrides: a delay, extra headers, and maybe its whole answer. */
export interface Plan {
  delayMs?: number;
  headers?: Readonly<Record<string, string>>;
  /** The override decides the answer (the engine and the examples are skipped). */
  answer?: (correlationId: string, params: Record<string, unknown>) => Promise<Response> | Response;
  /** The request named an unknown scenario: answer this 400. */
  refusal?: (correlationId: string) => Response;
}

export interface OverrideEngine extends ScenarioControls {
  plan(op: MockOperation, request: Request): Plan;
  sleep(ms: number): Promise<void>;
  /** Body for a documented response that has no example. */
  noExample(op: MockOperation, response: MockResponse, correlationId: string, params: Record<string, unknown>): Response;
}

export function createOverrides(
  product: ProductMock,
  options: ScenarioOptions & { seed?: number; stateful?: boolean; now: () => Date; echo: (body: unknown, params: Record<string, unknown>) => unknown;
    /** Whether a body is valid for the operation's status (the product's validator). */
    valid: (op: MockOperation, status: number, body: unknown) => boolean;
  },
  defaultSleep: (ms: number) => Promise<void>,
): OverrideEngine {
  const seed = options.seed ?? 1;
  const stateful = options.stateful ?? true;
  const random = prng(seed ^ 0x5eed).next;
  const byId = new Map(product.operations.map((op) => [op.operationId, op]));
  const scenarioCache = new Map<string, Map<string, Resolved>>();
  const own = new Map<string, Resolved>();
  let scenario = "happy";
  let dataSource: Promise<MockDataSource> | undefined;

  const scenarioTable = (name: string) => {
    let table = scenarioCache.get(name);
    if (!table) scenarioCache.set(name, (table = builtInScenario(product, name, stateful, options.now())));
    return table;
  };

  const unknownScenario = (name: string) =>
    `${product.title} mocks have no scenario "${name}"; known: ${BUILT_IN.join(", ")}`;

  function check(operationId: string, value: unknown): Resolved {
    const op = byId.get(operationId);
    if (!op) {
      const near = [...byId.keys()].filter((id) => id.toLowerCase().includes(operationId.toLowerCase().slice(0, 5))).slice(0, 3);
      throw new TypeError(`${product.title} has no operation "${operationId}"${near.length > 0 ? `; did you mean ${near.join(", ")}?` : ""}`);
    }
    const where = `use({ ${operationId} })`;
    const resolved: Resolved = isOptions(value) ? { ...value, hasBody: Object.hasOwn(value, "body") } : { body: value, hasBody: true };
    const status = resolved.status;
    if (status !== undefined) {
      const response = op.responses.find((r) => r.status === String(status));
      if (!response) throw new TypeError(`${where}: ${operationId} documents no status ${status}; documented: ${op.responses.map((r) => r.status).join(", ")}`);
      if (resolved.example !== undefined && !Object.hasOwn(response.examples, resolved.example)) {
        const names = Object.keys(response.examples);
        throw new TypeError(`${where}: status ${status} of ${operationId} has no example "${resolved.example}"; ${names.length > 0 ? `known: ${names.join(", ")}` : "it has none"}`);
      }
    } else if (resolved.example !== undefined) {
      const first = op.responses.find((r) => /^2/.test(r.status)) ?? op.responses[0];
      if (!first || !Object.hasOwn(first.examples, resolved.example)) {
        throw new TypeError(`${where}: the default response of ${operationId} has no example "${resolved.example}"; give a status with it`);
      }
    }
    if (resolved.delay !== undefined) checkDelay(resolved.delay, where);
    if (resolved.items !== undefined && !(Number.isInteger(resolved.items) && resolved.items >= 0 && resolved.items <= 10_000)) {
      throw new TypeError(`${where}: items must be a whole number from 0 to 10000`);
    }
    if ((resolved.items !== undefined || resolved.generate) && !options.data) throw new TypeError(`${where}: ${NO_DATA}`);
    return resolved;
  }

  async function loadData(): Promise<MockDataSource> {
    const source = options.data;
    if (!source) throw new Error(NO_DATA);
    dataSource ??= (async () => {
      const loaded = typeof source === "function" ? await source() : source;
      return "fakeData" in loaded ? loaded.fakeData : loaded;
    })();
    return dataSource;
  }

  function json(status: number, body: unknown, contentType: string, correlationId: string, headers?: Readonly<Record<string, string>>): Response {
    const h = new Headers(headers);
    if (product.correlationHeader) h.set(product.correlationHeader, correlationId);
    if (body === undefined) return new Response(null, { status, headers: h });
    h.set("Content-Type", contentType);
    return new Response(/json/.test(contentType) ? JSON.stringify(body) : String(body), { status, headers: h });
  }

  function noExample(op: MockOperation, response: MockResponse, correlationId: string, params: Record<string, unknown>): Response {
    const status = Number(response.status);
    if (status >= 400 && errorTemplate(product, status) !== undefined) {
      return productError(product, status, `${op.operationId} answers ${status} (no example in the spec)`, correlationId, undefined, op);
    }
    if (!response.contentType) return json(status, undefined, "", correlationId);
    const body = response.schema ? sampleSchema(product.document, response.schema, { now: options.now() }) : undefined;
    return json(status, /^2/.test(response.status) ? options.echo(body, params) : body, response.contentType, correlationId);
  }

  async function answerWith(op: MockOperation, r: Resolved, correlationId: string, params: Record<string, unknown>): Promise<Response> {
    const response = r.status !== undefined ? op.responses.find((x) => x.status === String(r.status))! : (op.responses.find((x) => /^2/.test(x.status)) ?? op.responses[0]!);
    const status = Number(response.status);
    const contentType = response.contentType ?? "application/json";
    let out: Response;
    if (r.hasBody) out = json(status, r.body, contentType, correlationId);
    else if ((r.items !== undefined || r.generate) && response.schema) {
      const data = await loadData();
      let seedFor = seed;
      for (const c of `${op.operationId}:${status}`) seedFor = (Math.imul(seedFor, 31) + c.charCodeAt(0)) >>> 0;
      const body = data.generate(product.document, response.schema, {
        seed: seedFor,
        now: options.now(),
        valid: (value) => options.valid(op, status, value),
        ...(r.items !== undefined ? { items: r.items } : {}),
      });
      out = json(status, /^2/.test(response.status) ? options.echo(body, params) : body, contentType, correlationId);
    } else {
      const names = Object.keys(response.examples);
      const name = r.example ?? names[0];
      if (name === undefined) out = noExample(op, response, correlationId, params);
      else {
        const example = response.examples[name];
        out = json(status, /^2/.test(response.status) ? options.echo(example, params) : example, contentType, correlationId);
      }
    }
    for (const [k, v] of Object.entries(r.headers ?? {})) out.headers.set(k, v);
    return out;
  }

  const controls: OverrideEngine = {
    get scenario() {
      return scenario;
    },
    scenarios: BUILT_IN,
    use(overrides) {
      if (!isObj(overrides)) throw new TypeError("use() takes an object of overrides by operationId");
      // All checked before any is applied: a bad entry changes nothing.
      const checked = Object.entries(overrides).map(([id, value]) => [id, check(id, value)] as const);
      for (const [id, resolved] of checked) own.set(id, resolved);
    },
    useScenario(name) {
      if (!(BUILT_IN as readonly string[]).includes(name)) throw new TypeError(unknownScenario(name));
      scenario = name;
    },
    resetOverrides() {
      own.clear();
      scenario = "happy";
    },
    sleep: (ms) => (options.sleep ?? defaultSleep)(ms),
    noExample,
    plan(op, request) {
      const asked = request.headers.get(SCENARIO_HEADER);
      if (asked !== null && !(BUILT_IN as readonly string[]).includes(asked)) {
        return { refusal: (id) => productError(product, 400, unknownScenario(asked.slice(0, 40)), id) };
      }
      const fromScenario = scenarioTable(asked ?? scenario).get(op.operationId);
      const mine = own.get(op.operationId);
      if (!fromScenario && !mine) return {};
      const r: Resolved = { ...fromScenario, ...mine };
      if (mine && (mine.status !== undefined || mine.example !== undefined || mine.hasBody || mine.items !== undefined || mine.generate)) {
        // An override that picks the answer replaces the scenario's answer, not only its delay.
        r.status = mine.status;
        r.hasBody = mine.hasBody;
        r.body = mine.body;
      }
      const plan: Plan = {};
      if (r.delay !== undefined) plan.delayMs = drawDelay(r.delay, random);
      if (r.headers) plan.headers = r.headers;
      if (r.status !== undefined || r.example !== undefined || r.hasBody || r.items !== undefined || r.generate) plan.answer = (id, params) => answerWith(op, r, id, params);
      return plan;
    },
  };
  if (options.scenario !== undefined) controls.useScenario(options.scenario);
  return controls;
}
