/**
 * The stateful engine: an in-memory store per mock instance, driven only by the generated
 * tables (`resource` bindings on operations, `resources`, `machines`, `deliveries`). It knows
 * roles (create, read, list, update, delete, transition, simulate), never a product or an
 * operation by name.
 */
import { bypass } from "./msw-core.js";
import { durationMs, type MockClock } from "./clock.js";
import type { MockCallbackAuth, MockOperation, MockResource, MockRule, MockStateMachine, MockTransition, ProductMock } from "./types.js";
import { prng } from "./random.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
/** A JSON copy (what JSON keeps of `v`); strings, booleans, finite numbers and null are their own copy. */
const clone = <T>(v: T): T =>
  v === undefined || v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)) ? v : (JSON.parse(JSON.stringify(v)) as T);
const plain = (name: string) => name.replace(/[_.-]/g, "").toLowerCase();

const HEX = "0123456789abcdef";

/** The key of `target` that names the same field as `name` (`invoiceId` ~ `InvoiceId`). */
function keyLike(target: Obj, name: string): string | undefined {
  if (Object.hasOwn(target, name)) return name;
  const wanted = plain(name);
  return Object.keys(target).find((k) => plain(k) === wanted);
}

/** The template's shape with the stored values of the fields it shares with `data`. */
function overlay(template: unknown, data: Obj): unknown {
  if (!isObj(template)) return template;
  const out: Obj = {};
  for (const [key, value] of Object.entries(template)) {
    const from = keyLike(data, key);
    out[key] = from !== undefined ? clone(data[from]) : clone(value);
  }
  return out;
}

/** `ConsumerAlias.Alias` in a body (field names matched loosely). */
function dotted(value: unknown, path: string): unknown {
  let node = value;
  for (const part of path.split(".")) {
    if (!isObj(node)) return undefined;
    const key = keyLike(node, part);
    node = key === undefined ? undefined : node[key];
  }
  return node;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fieldOf(r: { data: Obj; scope: Record<string, string> }, name: string): string | undefined {
  const key = keyLike(r.data, name);
  if (key !== undefined && r.data[key] !== undefined && r.data[key] !== null) return String(r.data[key]);
  const scoped = keyLike(r.scope, name);
  return scoped !== undefined ? r.scope[scoped] : undefined;
}

export interface StoredResource {
  kind: string;
  data: Obj;
  /** Path parameters of the create call (`merchantId` …): lists are scoped by them. */
  scope: Record<string, string>;
  enteredAt: number;
  createdAt: number;
  /** The create request's body, for duplicate checks. */
  request?: unknown;
  /** Body fields of the requests that moved it (a scheduled `PaymentDate` …): conditions and timers read them. */
  inputs?: Obj;
}

/** One transition the engine applied, for tests and coverage counts. */
export interface TransitionRecord {
  kind: string;
  id: string;
  machine: string;
  /** `undefined` for a resource created in an initial state. */
  from?: string;
  to: string;
  /** Mock-clock time (ISO 8601). */
  at: string;
  cause: "operation" | "time" | "rule" | "create";
  operation?: string;
}

/** Callback authentication registered through an `x-mpkit-callback-auth` operation. */
interface CallbackConfig {
  scope: Record<string, string>;
  scheme: MockCallbackAuth["scheme"];
  url?: string;
  authorization?: string;
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
}

export interface DeliveryRecord {
  webhook: string;
  attempt: number;
  /** Mock-clock time of the attempt (ISO 8601). */
  at: string;
  url: string;
  status?: number;
  error?: string;
  payload: unknown;
  /** The callback authentication sent (`basic`, `apiKey`, `oauth2`), when one was registered. */
  auth?: MockCallbackAuth["scheme"];
}

/** Sends one webhook request; the default is `fetch` past the mocks. */
export type Deliver = (request: Request) => Promise<Response>;

export interface EngineOptions {
  clock: MockClock;
  seed: number;
  deliver?: Deliver;
  /** Where webhooks are delivered: one URL, or a URL per webhook name. */
  webhookUrl?: string | ((webhook: string, resource: Obj) => string | undefined);
}

export type EngineAnswer =
  | { kind: "json"; status: number; body: unknown }
  | { kind: "error"; status: number; code?: string | null; message: string; retryAfter?: number };

/** Base64 of a UTF-8 string, in Node and in browsers. */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export interface EngineSnapshot {
  resources: StoredResource[];
  counter: number;
  random: number;
}

export class StateEngine {
  private store = new Map<string, Map<string, StoredResource>>();
  private counter = 0;
  private readonly random: ReturnType<typeof prng>;
  private generation = 0;
  readonly deliveries: DeliveryRecord[] = [];
  /** Every transition applied since the last reset. */
  readonly transitions: TransitionRecord[] = [];
  private callbackConfigs: CallbackConfig[] = [];
  private failures = 0;

  constructor(
    private readonly product: ProductMock,
    private readonly options: EngineOptions,
  ) {
    this.random = prng(options.seed);
  }

  get clock(): MockClock {
    return this.options.clock;
  }

  // ---- controls ----

  reset(): void {
    this.store.clear();
    this.windows.clear();
    this.counter = 0;
    this.random.set(this.options.seed);
    this.deliveries.length = 0;
    this.transitions.length = 0;
    this.callbackConfigs = [];
    this.failures = 0;
    this.generation++;
  }

  snapshot(): EngineSnapshot {
    return { resources: clone([...this.store.values()].flatMap((m) => [...m.values()])), counter: this.counter, random: this.random.state() };
  }

  restore(snapshot: EngineSnapshot): void {
    this.store.clear();
    this.generation++;
    for (const r of clone(snapshot.resources)) this.put(r);
    this.counter = snapshot.counter;
    this.random.set(snapshot.random);
    for (const r of this.all()) this.scheduleTimers(r);
  }

  /** Stores resources as given (missing ids are minted, missing fields come from the read example). */
  seed(data: Readonly<Record<string, readonly Obj[] | undefined>>): void {
    for (const [kind, items] of Object.entries(data)) {
      const def = this.product.resources && Object.hasOwn(this.product.resources, kind) ? this.product.resources[kind] : undefined;
      if (!def) throw new TypeError(`${this.product.title} mocks keep no resource "${kind}"; known: ${Object.keys(this.product.resources ?? {}).join(", ")}`);
      for (const item of items ?? []) this.scheduleTimers(this.build(kind, def, item, {}, true));
    }
  }

  /** The stored resources of one kind (copies). */
  list(kind: string): Obj[] {
    return [...(this.store.get(kind)?.values() ?? [])].map((r) => clone(r.data));
  }

  get(kind: string, id: string): Obj | undefined {
    const found = this.store.get(kind)?.get(id);
    return found ? clone(found.data) : undefined;
  }

  /** The next `count` deliveries answer 500 (or fail with `error`), to test redelivery. */
  failDeliveries(count: number): void {
    this.failures = count;
  }

  // ---- requests ----

  /**
   * Answers a validated request from the store, or `undefined` when the operation keeps no
   * state (it then answers the spec's example). The body is the engine's from then on (a create
   * keeps it as the request it was made by): pass one parsed for this call.
   */
  handle(op: MockOperation, input: { path: Record<string, string>; query: URLSearchParams; body: unknown }): EngineAnswer | undefined {
    const limited = this.rateLimited(op, input);
    if (limited) return limited;
    if (op.callbackAuth) this.registerCallback(op.callbackAuth, input);
    const binding = op.resource;
    const def = binding ? this.product.resources?.[binding.resource] : undefined;
    if (!binding || !def) return undefined;
    const kind = binding.resource;
    if (binding.role === "create") {
      const scope: Record<string, string> = { ...input.path };
      for (const [name, value] of input.query) scope[name] = value;
      return this.create(op, kind, def, { path: scope, body: input.body });
    }
    if (binding.role === "list") return this.answer(op, this.listAnswer(op, kind, input));
    const id = this.idOf(binding.param, input);
    const stored = id === undefined ? undefined : this.find(kind, def, binding.param!, id);
    if (!stored && binding.role === "simulate" && id !== undefined && this.known(id)) return undefined;
    if (!stored) return { kind: "error", status: 404, message: `${kind} ${id ?? "(no id)"} was not found` };
    if (binding.role === "update") {
      this.update(stored, input.body);
      return this.answer(op, stored.data);
    }
    if (binding.role === "read") return this.answer(op, stored.data);
    const refused = this.transitionBy(op, def, stored, input.body);
    if (refused) return refused;
    this.cascade(op, stored, def);
    if (binding.role === "delete" && !this.causes(op, def)) this.store.get(kind)?.delete(String(stored.data[def.id]));
    return this.answer(op, stored.data);
  }

  private idOf(param: string | undefined, input: { path: Record<string, string>; query: URLSearchParams; body: unknown }): string | undefined {
    if (param === undefined) return undefined;
    if (input.path[param] !== undefined) return input.path[param];
    if (input.query.has(param)) return input.query.get(param) ?? undefined;
    if (isObj(input.body)) {
      const key = keyLike(input.body, param);
      if (key !== undefined && input.body[key] !== undefined) return String(input.body[key]);
    }
    return undefined;
  }

  /**
   * The resource an input designates: by id; else the latest one whose field of that name holds
   * the value; else through another kind that has it (a simulation names a device's field, and
   * the resource on that device is meant). Resources in a final state come last.
   */
  private find(kind: string, def: MockResource, param: string, value: string): StoredResource | undefined {
    const map = this.store.get(kind);
    const byId = map?.get(value);
    if (byId || plain(param) === plain(def.id)) return byId;
    const all = [...(map?.values() ?? [])];
    const final = new Set(this.machineOf(def)?.final ?? []);
    const pick = (list: StoredResource[]) =>
      list.filter((r) => !def.state || !final.has(String(r.data[def.state.field]))).at(-1) ?? list.at(-1);
    const direct = all.filter((r) => fieldOf(r, param) === value);
    if (direct.length > 0) return pick(direct);
    for (const [otherKind, others] of this.store) {
      const otherDef = this.product.resources?.[otherKind];
      if (otherKind === kind || !otherDef) continue;
      const owner = others.get(value) ?? [...others.values()].find((r) => fieldOf(r, param) === value);
      if (!owner) continue;
      const ownerId = String(owner.data[otherDef.id]);
      const linked = all.filter((r) => fieldOf(r, otherDef.id) === ownerId);
      if (linked.length > 0) return pick(linked);
      // …or the other way round: the owner names the resource it belongs to.
      for (const name of [def.id, param, ...this.idInputs(kind)]) {
        const target = fieldOf(owner, name);
        if (target !== undefined && map?.get(target)) return map.get(target);
      }
    }
    return undefined;
  }

  /** Names the id of `kind` goes by in operation inputs (`agreementId` for an `id` field). */
  private idInputs(kind: string): string[] {
    return this.product.operations.flatMap((o) => (o.resource?.resource === kind && o.resource.param !== undefined ? [o.resource.param] : []));
  }

  /** Whether any stored resource has this id. */
  private known(id: string): boolean {
    return [...this.store.values()].some((m) => m.has(id));
  }

  private machineOf(def: MockResource): MockStateMachine | undefined {
    return def.state ? this.product.machines?.[def.state.machine] : undefined;
  }

  private causes(op: MockOperation, def: MockResource): boolean {
    return this.machineOf(def)?.transitions.some((t) => t.cause?.operation === op.operationId) ?? false;
  }

  /**
   * Whether a transition's `when` holds: each condition reads the request body, the requests
   * that moved the resource and the one that created it, then the stored resource (for
   * `present`, only a seeded one: a created resource's optional fields may come from the
   * example); with `of`, the stored resource of any kind whose id that field holds.
   */
  private holds(t: MockTransition, stored: StoredResource, body?: unknown): boolean {
    return (t.cause?.when ?? []).every((when) => {
      let value: unknown;
      if (when.of !== undefined) {
        const ref = fieldOf(stored, when.of) ?? dotted(stored.inputs, when.of);
        const other = ref === undefined ? undefined : this.anyById(String(ref));
        value = other ? dotted(other.data, when.field) : undefined;
      } else {
        value = dotted(body, when.field) ?? dotted(stored.inputs, when.field) ?? dotted(stored.request, when.field);
        const created = isObj(stored.request) || Array.isArray(stored.request);
        if (value === undefined && (when.present === undefined || !created)) value = dotted(stored.data, when.field);
      }
      const among = (expected: unknown) => (Array.isArray(expected) ? expected : [expected]).some((e) => equal(value, e));
      if (when.present !== undefined) return (value !== undefined && value !== null) === when.present;
      if (when.equals !== undefined) return among(when.equals);
      return !among(when.notEquals);
    });
  }

  private anyById(id: string): StoredResource | undefined {
    for (const map of this.store.values()) if (map.has(id)) return map.get(id);
    return undefined;
  }

  /**
   * Resources that follow another (`cause.follows`: the payments of a cancelled agreement) take
   * their transition when the operation acts on it.
   */
  private cascade(op: MockOperation, owner: StoredResource, ownerDef: MockResource): void {
    const ownerId = String(owner.data[ownerDef.id]);
    for (const [kind, map] of this.store) {
      const def = kind === owner.kind ? undefined : this.product.resources?.[kind];
      const machine = def ? this.machineOf(def) : undefined;
      const linked = machine?.transitions.filter((t) => t.cause?.follows?.operation === op.operationId) ?? [];
      if (!def?.state || linked.length === 0) continue;
      for (const resource of [...map.values()]) {
        const state = String(resource.data[def.state.field]);
        const t = linked.find((l) => l.from === state && fieldOf(resource, l.cause!.follows!.via) === ownerId && this.holds(l, resource));
        if (t) this.apply(resource, def, t, { cause: "operation", operation: op.operationId });
      }
    }
  }

  /** Applies the transition `op` causes, or answers the documented refusal. */
  private transitionBy(op: MockOperation, def: MockResource, stored: StoredResource, body?: unknown): EngineAnswer | undefined {
    const machine = this.machineOf(def);
    if (!machine || !def.state) return undefined;
    const candidates = machine.transitions.filter((t) => t.cause?.operation === op.operationId);
    if (candidates.length === 0) return undefined;
    const current = String(stored.data[def.state.field]);
    // A transition whose condition holds wins over an unconditional one from the same state.
    const from = candidates.filter((t) => t.from === current);
    const transition = from.find((t) => t.cause?.when && this.holds(t, stored, body)) ?? from.find((t) => !t.cause?.when);
    if (!transition) {
      const refuse = op.resource?.refuse ?? machine.refuse ?? { status: 409 };
      return {
        kind: "error",
        status: refuse.status,
        ...(refuse.code !== undefined ? { code: refuse.code } : {}),
        message: `${op.operationId} is not allowed while the ${stored.kind} is ${current}`,
      };
    }
    if (isObj(body)) stored.inputs = { ...stored.inputs, ...clone(body) };
    this.apply(stored, def, transition, { cause: "operation", operation: op.operationId });
    return undefined;
  }

  private apply(
    stored: StoredResource,
    def: MockResource,
    transition: MockTransition,
    why: { cause: TransitionRecord["cause"]; operation?: string; code?: string },
  ): void {
    const from = String(stored.data[def.state!.field]);
    stored.data[def.state!.field] = transition.to;
    stored.enteredAt = this.clock.nowMs();
    this.record(stored, def, from, transition.to, why);
    if (transition.emits) this.emit(transition.emits, transition.to, stored, def, why.code);
    this.scheduleTimers(stored);
  }

  private record(stored: StoredResource, def: MockResource, from: string | undefined, to: string, why: { cause: TransitionRecord["cause"]; operation?: string }): void {
    this.transitions.push({
      kind: stored.kind,
      id: String(stored.data[def.id]),
      machine: def.state!.machine,
      ...(from !== undefined ? { from } : {}),
      to,
      at: this.clock.iso(),
      cause: why.cause,
      ...(why.operation !== undefined ? { operation: why.operation } : {}),
    });
  }

  /** Time-driven transitions out of the resource's current state, on the mock clock. */
  private scheduleTimers(stored: StoredResource): void {
    const def = this.product.resources?.[stored.kind];
    const machine = def ? this.machineOf(def) : undefined;
    if (!def?.state || !machine) return;
    const state = String(stored.data[def.state.field]);
    const generation = this.generation;
    for (const t of machine.transitions) {
      if (t.from !== state || t.cause?.after === undefined || !this.holds(t, stored)) continue;
      let base = stored.enteredAt;
      if (t.cause.field !== undefined) {
        const value = dotted(stored.data, t.cause.field) ?? dotted(stored.inputs, t.cause.field);
        base = typeof value === "string" ? Date.parse(value) : NaN;
      }
      if (Number.isNaN(base)) continue;
      this.clock.schedule(base + durationMs(t.cause.after), () => {
        if (generation !== this.generation || String(stored.data[def.state!.field]) !== state) return;
        const live = this.store.get(stored.kind)?.get(String(stored.data[def.id]));
        if (live !== stored) return;
        // Deliveries it emits are scheduled now and run within the same clock step.
        this.apply(stored, def, t, { cause: "time" });
      });
    }
  }

  private mint(def: MockResource, kind: string): string | number {
    this.counter++;
    if (def.idType === "integer") return this.counter;
    if (def.idType === "string") return `${kind}-${this.counter}`;
    // A version-4 UUID from 32 draws of the seeded generator (the 13th digit is the version, the
    // 17th the variant); built without intermediate arrays: every create mints one.
    let id = "";
    for (let i = 0; i < 32; i++) {
      const digit = Math.floor(this.random.next() * 16);
      if (i === 8 || i === 12 || i === 16 || i === 20) id += "-";
      id += HEX[i === 12 ? 4 : i === 16 ? (digit & 3) | 8 : digit];
    }
    return id;
  }

  /**
   * Per resource kind, the example a new resource starts from (see `template`): its JSON copy,
   * and its JSON text when a field holds an object or a list.
   */
  private readonly templates = new Map<string, { copy: Obj; text?: string } | undefined>();

  /**
   * A fresh copy of the representation a read answers with: its first 2xx example. Each copy is
   * one parse of the JSON text, or, when every field holds a plain value, a copy of its fields.
   */
  private template(kind: string): Obj {
    if (!this.templates.has(kind)) {
      const example = this.templateSource(kind);
      const text = isObj(example) ? JSON.stringify(example) : undefined;
      const copy = text === undefined ? undefined : (JSON.parse(text) as Obj);
      const flat = copy !== undefined && Object.values(copy).every((v) => v === null || typeof v !== "object");
      this.templates.set(kind, copy === undefined ? undefined : flat ? { copy } : { copy, text });
    }
    const template = this.templates.get(kind);
    if (template === undefined) return {};
    return template.text === undefined ? { ...template.copy } : (JSON.parse(template.text) as Obj);
  }

  private templateSource(kind: string): unknown {
    const read = this.product.operations.find((o) => o.resource?.resource === kind && o.resource.role === "read" && o.path.endsWith(`{${o.resource.param}}`))
      ?? this.product.operations.find((o) => o.resource?.resource === kind && o.resource.role === "read");
    const list = read ? undefined : this.product.operations.find((o) => o.resource?.resource === kind && o.resource.role === "list");
    const response = (read ?? list)?.responses.find((r) => /^2/.test(r.status));
    let example = response ? Object.values(response.examples)[0] : undefined;
    if (Array.isArray(example)) example = example[0];
    return example;
  }

  private put(stored: StoredResource): void {
    const def = this.product.resources![stored.kind]!;
    let map = this.store.get(stored.kind);
    if (!map) this.store.set(stored.kind, (map = new Map()));
    map.set(String(stored.data[def.id]), stored);
  }

  /**
   * A new stored resource from the template, the given fields and the path scope. `given` is
   * copied, unless `owned` (a request body the engine was handed: parsed for it, held by no one
   * else).
   */
  private build(kind: string, def: MockResource, given: unknown, scope: Record<string, string>, seeded = false, initial?: string, owned = false): StoredResource {
    const data = this.template(kind);
    const now = this.clock.iso();
    for (const field of def.dateFields ?? []) data[field] = now;
    if (isObj(given)) {
      for (const [key, value] of Object.entries(given)) data[keyLike(data, key) ?? key] = clone(value);
    }
    for (const [name, value] of Object.entries(scope)) {
      const key = keyLike(data, name);
      if (key !== undefined && typeof data[key] === "string") data[key] = value;
    }
    if (!seeded || data[def.id] === undefined || (isObj(given) && keyLike(given, def.id) === undefined)) data[def.id] = this.mint(def, kind);
    const machine = this.machineOf(def);
    if (def.state && machine && !(seeded && isObj(given) && keyLike(given, def.state.field) !== undefined)) {
      data[def.state.field] = initial !== undefined && machine.initial.includes(initial) ? initial : machine.initial[0];
    }
    // Every field is kept (a hidden id or state included); answers are projected onto the
    // documented shape, so they stay valid.
    const stored: StoredResource = { kind, data, scope, enteredAt: this.clock.nowMs(), createdAt: this.clock.nowMs(), request: owned ? given : clone(given) };
    this.put(stored);
    return stored;
  }

  private create(op: MockOperation, kind: string, def: MockResource, input: { path: Record<string, string>; body: unknown }): EngineAnswer {
    const items = op.resource!.items;
    if (items === undefined) {
      const deferred: string[] = [];
      const broken = this.breaks(op.rules ?? [], kind, input.body, input.path, deferred);
      if (broken === "repeat") {
        const first = this.duplicateOf(op.rules ?? [], kind, input.body, input.path);
        if (first) return this.answer(op, first.data);
      } else if (broken) return broken;
      const stored = this.build(kind, def, input.body, input.path, false, op.resource!.initial, true);
      this.entered(stored, def, deferred[0]);
      return this.answer(op, stored.data);
    }
    const list = items === "" ? input.body : isObj(input.body) ? input.body[items] : undefined;
    const created = (Array.isArray(list) ? list : []).map((item) => {
      // Each item is checked on its own; a batch answers at once and reports a broken rule later
      // (a callback with the rule's code), so every failure is deferred.
      const deferred: string[] = [];
      const broken = this.breaks(op.rules ?? [], kind, item, input.path, deferred, true);
      if (broken && broken !== "repeat" && broken.kind === "error") deferred.push(broken.code ?? "");
      const stored = this.build(kind, def, item, input.path, false, op.resource!.initial, true);
      this.entered(stored, def, deferred[0]);
      return stored;
    });
    const response = op.responses.find((r) => /^2/.test(r.status));
    const example = response ? clone(Object.values(response.examples)[0]) : undefined;
    if (!response || example === undefined) return { kind: "json", status: Number(response?.status ?? 200), body: undefined };
    // The per-item answer names each item's id, by the id's name or (`payment_id` for `id`) by a
    // field ending in "id" whose example looks like a minted id.
    const looksLikeId = (v: unknown) =>
      def.idType === "uuid" ? typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) : typeof v === (def.idType === "integer" ? "number" : "string");
    const idKey = (sample: unknown) =>
      isObj(sample) ? (keyLike(sample, def.id) ?? Object.keys(sample).find((k) => plain(k).endsWith("id") && looksLikeId(sample[k]))) : undefined;
    const perItem = (sample: unknown) =>
      created.map((c) => {
        const out = overlay(sample, c.data);
        const key = idKey(sample);
        if (isObj(out) && key !== undefined) out[key] = clone(c.data[def.id]);
        return out;
      });
    let body: unknown = example;
    if (Array.isArray(example)) body = perItem(example[0]);
    else if (isObj(example)) {
      for (const [key, value] of Object.entries(example)) {
        if (!Array.isArray(value)) continue;
        example[key] = idKey(value[0]) !== undefined ? perItem(value[0]) : [];
      }
    }
    return { kind: "json", status: Number(response.status), body };
  }

  // ---- business rules and rate limits ----

  private readonly windows = new Map<string, number[]>();

  /** `x-mpkit-rate-limit`: at most `requests` per `perSeconds` per key, on the mock clock. */
  private rateLimited(op: MockOperation, input: { path: Record<string, string>; query: URLSearchParams; body: unknown }): EngineAnswer | undefined {
    const limit = op.rateLimit;
    if (!limit) return undefined;
    const key = [op.operationId, ...(limit.per ?? []).map((name) => this.inputValue(name, input) ?? "")].join("\u0000");
    const now = this.clock.nowMs();
    const windowMs = limit.perSeconds * 1000;
    const hits = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    if (hits.length >= limit.requests) {
      const retryAfter = Math.max(1, Math.ceil((hits[0]! + windowMs - now) / 1000));
      this.windows.set(key, hits);
      return { kind: "error", status: 429, message: `rate limit of ${limit.requests} per ${limit.perSeconds} s exceeded`, retryAfter };
    }
    hits.push(now);
    this.windows.set(key, hits);
    return undefined;
  }

  private inputValue(name: string, input: { path: Record<string, string>; query?: URLSearchParams; body: unknown }): string | undefined {
    if (input.path[name] !== undefined) return input.path[name];
    if (input.query?.has(name)) return input.query.get(name) ?? undefined;
    const value = dotted(input.body, name);
    return value === undefined ? undefined : JSON.stringify(value);
  }

  /**
   * The first rule a create breaks, as the documented error; `"repeat"` for an identical repeat
   * that answers the first. Rules whose status is below 400 are reported later (a callback, a
   * batch's per-item result): their codes go to `deferred` instead; in a batch (`batch`) an
   * identical repeat is deferred as a duplicate too.
   */
  private breaks(
    rules: readonly MockRule[],
    kind: string,
    body: unknown,
    scope: Record<string, string>,
    deferred: string[] = [],
    batch = false,
  ): EngineAnswer | "repeat" | undefined {
    if (rules.length === 0) return undefined;
    const today = this.clock.iso().slice(0, 10);
    const fail = (rule: MockRule, index: number, message: string): EngineAnswer | undefined => {
      const error = rule.errors[index] ?? rule.errors[0];
      if (!error) return undefined;
      if (error.status < 400) {
        deferred.push(error.code ?? "");
        return undefined;
      }
      return { kind: "error", status: error.status, ...(error.code !== undefined ? { code: error.code } : {}), message: `${rule.id}: ${message}` };
    };
    for (const rule of rules) {
      const c = rule.check;
      const value = typeof c.field === "string" ? dotted(body, c.field) : undefined;
      let answer: EngineAnswer | "repeat" | undefined;
      if (c.type === "positive-amount" && typeof value === "number" && value <= 0) answer = fail(rule, 0, `${c.field} must be greater than 0`);
      else if (c.type === "date-window" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) {
        const days = Math.round((Date.parse(value.slice(0, 10)) - Date.parse(today)) / 86_400_000);
        const num = (k: string) => (typeof c[k] === "number" ? (c[k] as number) : undefined);
        const min = num("minDaysFromToday");
        const max = num("maxDaysFromToday");
        const maxExclusive = num("maxDaysFromTodayExclusive");
        if (min !== undefined && days < min) answer = fail(rule, 0, `${c.field} is ${days} days from today, before the window`);
        else if ((max !== undefined && days > max) || (maxExclusive !== undefined && days >= maxExclusive)) {
          answer = fail(rule, min !== undefined ? 1 : 0, `${c.field} is ${days} days from today, after the window`);
        }
      } else if (c.type === "max-amount-by-country" && typeof value === "number") {
        const limits = Object.values((c.limits ?? {}) as Record<string, { max: number; currency?: string }>);
        const currency = isObj(body) ? Object.entries(body).find(([k]) => /currency/i.test(k))?.[1] : undefined;
        const limit = limits.find((l) => l.currency !== undefined && l.currency === currency) ?? limits[0];
        if (limit && value > limit.max) answer = fail(rule, 0, `${c.field} ${value} is above the limit of ${limit.max}`);
      } else if (c.type === "daily-limit" && Array.isArray(c.per) && typeof c.limit === "number") {
        const per = c.per as string[];
        const key = (values: (name: string) => unknown) => JSON.stringify(per.map(values));
        const mine = key((name) => scope[name] ?? dotted(body, name));
        const count = this.storedOf(kind).filter(
          (r) => new Date(r.createdAt).toISOString().slice(0, 10) === today && key((name) => r.scope[name] ?? dotted(r.request, name)) === mine,
        ).length;
        if (count >= c.limit) answer = fail(rule, 0, `at most ${c.limit} a day`);
      } else if (c.type === "duplicate") {
        const first = this.duplicateOf([rule], kind, body, scope);
        if (first) answer = !batch && c.fields !== "all" && equal(first.request, body) ? "repeat" : fail(rule, 0, "a duplicate of an earlier request");
      }
      if (answer) return answer;
    }
    return undefined;
  }

  private duplicateOf(rules: readonly MockRule[], kind: string, body: unknown, scope: Record<string, string>): StoredResource | undefined {
    const rule = rules.find((r) => r.check.type === "duplicate");
    if (!rule) return undefined;
    const fields = rule.check.fields;
    return this.storedOf(kind).find((r) =>
      fields === "all"
        ? equal(r.request, body)
        : (fields as string[]).every((f) => {
            const mine = scope[f] ?? dotted(body, f);
            return mine !== undefined && equal(r.scope[f] ?? dotted(r.request, f), mine);
          }),
    );
  }

  private storedOf(kind: string): StoredResource[] {
    return [...(this.store.get(kind)?.values() ?? [])];
  }

  /**
   * A new resource enters its initial state: the creation is reported (`enter`), or, when a
   * business rule it broke is reported later (`code`), it takes the machine's rule transition
   * or enters the initial state a rule failure creates, with the rule's code in the payload.
   */
  private entered(stored: StoredResource, def: MockResource, code?: string): void {
    const machine = this.machineOf(def);
    if (!machine || !def.state) return this.scheduleTimers(stored);
    const initial = String(stored.data[def.state.field]);
    if (code !== undefined) {
      const byRule = machine.transitions.find((t) => t.from === initial && t.cause?.rule);
      const failed = Object.entries(machine.enter ?? {}).find(([, e]) => e.rule);
      if (failed) {
        stored.data[def.state.field] = failed[0];
        this.record(stored, def, undefined, failed[0], { cause: "rule" });
        if (failed[1].emits) this.emit(failed[1].emits, failed[0], stored, def, code);
        return this.scheduleTimers(stored);
      }
      if (byRule) {
        this.record(stored, def, undefined, initial, { cause: "create" });
        return this.apply(stored, def, byRule, { cause: "rule", code });
      }
    }
    this.record(stored, def, undefined, initial, { cause: "create" });
    const enter = machine.enter?.[initial];
    if (enter?.emits) this.emit(enter.emits, initial, stored, def);
    this.scheduleTimers(stored);
  }

  private update(stored: StoredResource, body: unknown): void {
    if (Array.isArray(body)) {
      for (const patch of body) {
        if (!isObj(patch) || (patch.op !== "replace" && patch.op !== "add") || typeof patch.path !== "string") continue;
        const field = patch.path.replace(/^\//, "").split("/")[0] ?? "";
        const key = keyLike(stored.data, field);
        if (key !== undefined) stored.data[key] = clone(patch.value);
      }
    } else if (isObj(body)) {
      for (const [field, value] of Object.entries(body)) {
        const key = keyLike(stored.data, field);
        if (key !== undefined) stored.data[key] = clone(value);
      }
    }
  }

  private listAnswer(op: MockOperation, kind: string, input: { path: Record<string, string>; query: URLSearchParams }): Obj[] {
    // Scoped by the path: the create's path inputs, else the resource's field of that name
    // (payments created per provider, listed per agreement).
    let items = [...(this.store.get(kind)?.values() ?? [])].filter((r) =>
      Object.entries(input.path).every(([name, value]) => {
        const own = fieldOf(r, name);
        return own === undefined || own === value;
      }),
    );
    const paging = new Set(["pagesize", "pagenumber", "page", "top", "skip", "offset", "limit", "continuationtoken"]);
    for (const [name, value] of input.query) {
      if (paging.has(plain(name))) continue;
      items = items.filter((r) => {
        const key = keyLike(r.data, name);
        if (key === undefined) return true;
        const field = r.data[key];
        return typeof field !== "object" || field === null ? String(field).toLowerCase() === value.toLowerCase() : true;
      });
    }
    const number = (names: string[]) => {
      for (const [name, value] of input.query) if (names.includes(plain(name)) && /^\d+$/.test(value)) return Number(value);
      return undefined;
    };
    const size = number(["pagesize", "top", "limit"]);
    const page = number(["pagenumber", "page"]);
    const skip = number(["skip", "offset"]) ?? (size !== undefined && page !== undefined ? (Math.max(page, 1) - 1) * size : 0);
    items = items.slice(skip, size === undefined ? undefined : skip + size);
    return items.map((r) => r.data);
  }

  private answer(op: MockOperation, data: Obj | Obj[]): EngineAnswer {
    const response = op.responses.find((r) => /^2/.test(r.status));
    if (!response) return { kind: "json", status: 200, body: undefined };
    const status = Number(response.status);
    const example = Object.values(response.examples)[0];
    if (!response.contentType || example === undefined) return { kind: "json", status, body: undefined };
    if (!Array.isArray(data)) return { kind: "json", status, body: overlay(example, data) };
    const def = this.product.resources![op.resource!.resource]!;
    const each = (sample: unknown) => data.map((d) => (isObj(sample) ? overlay(sample, d) : typeof sample === "string" ? String(d[def.id]) : sample));
    if (Array.isArray(example)) return { kind: "json", status, body: each(example[0]) };
    if (isObj(example)) {
      const body = clone(example);
      const key = Object.keys(body).find((k) => Array.isArray(body[k]));
      if (key !== undefined) body[key] = each((body[key] as unknown[])[0]);
      return { kind: "json", status, body };
    }
    return { kind: "json", status, body: example };
  }

  // ---- webhooks ----

  /** `x-mpkit-callback-auth`: remembers how (and where) callbacks of this scope are sent. */
  private registerCallback(auth: MockCallbackAuth, input: { path: Record<string, string>; body: unknown }): void {
    const field = (name: string | undefined) => {
      const value = name === undefined ? undefined : dotted(input.body, name);
      return value === undefined || value === null ? undefined : String(value);
    };
    const config: CallbackConfig = { scope: { ...input.path }, scheme: auth.scheme };
    const url = field(auth.url);
    if (url !== undefined) config.url = url;
    if (auth.scheme === "basic") config.authorization = `Basic ${base64(`${field(auth.username) ?? ""}:${field(auth.password) ?? ""}`)}`;
    if (auth.scheme === "apiKey") config.authorization = field(auth.apiKey) ?? "";
    if (auth.scheme === "oauth2") {
      for (const key of ["clientId", "clientSecret", "tokenUrl"] as const) {
        const value = field(auth[key]);
        if (value !== undefined) config[key] = value;
      }
    }
    // Setting a scheme replaces the one registered before for the same scope (and keeps its URL).
    const previous = this.callbackConfigs.find((c) => equal(c.scope, config.scope));
    if (previous?.url !== undefined && config.url === undefined) config.url = previous.url;
    this.callbackConfigs = this.callbackConfigs.filter((c) => c !== previous).concat(config);
  }

  /** The callback configuration whose scope (path inputs) the resource shares. */
  private callbackFor(stored: StoredResource): CallbackConfig | undefined {
    return this.callbackConfigs.findLast((c) => Object.entries(c.scope).every(([name, value]) => (stored.scope[name] ?? fieldOf(stored, name) ?? value) === value));
  }

  /** The `Authorization` value of a delivery: fixed for Basic and API keys, fetched per delivery for OAuth 2.0. */
  private async authorization(config: CallbackConfig | undefined, send: Deliver): Promise<string | undefined> {
    if (!config) return undefined;
    if (config.scheme !== "oauth2") return config.authorization;
    if (config.tokenUrl === undefined) throw new Error("no token endpoint registered for callbacks");
    const response = await send(
      new Request(config.tokenUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Authorization: `Basic ${base64(`${config.clientId ?? ""}:${config.clientSecret ?? ""}`)}`,
        },
        body: "grant_type=client_credentials",
      }),
    );
    const token = response.ok ? ((await response.json().catch(() => undefined)) as { access_token?: unknown } | undefined)?.access_token : undefined;
    if (typeof token !== "string") throw new Error(`the callback token endpoint answered ${response.status} without an access_token`);
    return `Bearer ${token}`;
  }

  private emit(emits: NonNullable<MockTransition["emits"]>, to: string, stored: StoredResource, def: MockResource, code?: string): void {
    const { webhook } = emits;
    const status = emits.status ?? to;
    const delivery = this.product.deliveries?.[webhook];
    const urlOption = this.options.webhookUrl;
    const config = this.callbackFor(stored);
    const registered = delivery?.urlField !== undefined ? dotted({ ...stored.inputs, ...(isObj(stored.request) ? stored.request : {}), ...stored.data }, delivery.urlField) : undefined;
    const url =
      (typeof urlOption === "function" ? urlOption(webhook, clone(stored.data)) : urlOption) ??
      (typeof registered === "string" ? registered : undefined) ??
      config?.url;
    if (!delivery || url === undefined) return;
    // A payload that is a list of events carries one event, shaped like the example event of the
    // same status when there is one (an `Accepted` event has a `PaymentDate`).
    const stateKey = (e: unknown) => (isObj(e) && def.state ? (keyLike(e, def.state.field) ?? Object.keys(e).find((k) => /status|state/i.test(k))) : undefined);
    const samples: unknown[] = Array.isArray(delivery.example) ? delivery.example : [delivery.example];
    const sample = samples.find((e) => isObj(e) && stateKey(e) !== undefined && e[stateKey(e)!] === status) ?? samples[0];
    const event = isObj(sample) ? (overlay(sample, { ...stored.scope, ...stored.data, ...stored.inputs }) as Obj) : clone(sample);
    if (isObj(event) && def.state) {
      const key = stateKey(event);
      if (key !== undefined) event[key] = status;
      for (const k of Object.keys(event)) {
        if (/^(date|time|timestamp|occurred|changed)/i.test(k) && typeof event[k] === "string" && !Number.isNaN(Date.parse(String(event[k])))) {
          event[k] = this.clock.iso();
        }
      }
    }
    if (isObj(event)) {
      if (emits.id !== undefined) event[emits.id] = clone(stored.data[def.id]);
      for (const [k, v] of Object.entries(emits.fields ?? {})) event[k] = v;
      if (emits.code !== undefined && code !== undefined) event[emits.code] = /^\d+$/.test(code) ? Number(code) : code;
    }
    const payload = Array.isArray(delivery.example) ? [event] : event;
    const attempt = async (n: number): Promise<void> => {
      const record: DeliveryRecord = { webhook, attempt: n, at: this.clock.iso(), url, payload: clone(payload), ...(config ? { auth: config.scheme } : {}) };
      this.deliveries.push(record);
      let ok = false;
      try {
        if (this.failures > 0) {
          this.failures--;
          record.status = 500;
        } else {
          const send = this.options.deliver ?? ((r: Request) => fetch(bypass(r)));
          const headers: Record<string, string> = { "Content-Type": delivery.contentType ?? "application/json" };
          const authorization = await this.authorization(config, send);
          if (authorization !== undefined) headers.Authorization = authorization;
          const request = new Request(url, { method: delivery.method.toUpperCase(), headers, body: JSON.stringify(payload) });
          const response = await send(request);
          record.status = response.status;
          ok = response.ok;
        }
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      const delay = delivery.retryDelaysSeconds?.[n - 1];
      if (!ok && delay !== undefined) this.clock.schedule(this.clock.nowMs() + delay * 1000, () => attempt(n + 1));
    };
    this.clock.schedule(this.clock.nowMs(), () => attempt(1));
  }

  private all(): StoredResource[] {
    return [...this.store.values()].flatMap((m) => [...m.values()]);
  }
}
