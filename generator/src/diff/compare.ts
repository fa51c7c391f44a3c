/**
 * Compares the model of a product at a base revision with the working tree's and lists every
 * change with its class for client users (see `schema-diff.ts` for the direction rules).
 */
import { pointerOf, resolve } from "../model/json-pointer.js";
import type { OperationModel, ParameterModel, ProductModel, ResponseModel, WebhookModel } from "../model/model.js";
import { bumpOf, type Change, type ChangeClass, type ProductReport, sortChanges } from "./change.js";
import { compareSchemas, type Direction, sameShape, type SchemaSide } from "./schema-diff.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

class Collector {
  readonly changes: Change[] = [];
  constructor(readonly a: ProductModel, readonly b: ProductModel) {}

  add(kind: ChangeClass, code: string, operation: string | undefined, where: string, message: string, extra: { runtimeOnly?: boolean; note?: string } = {}): void {
    this.changes.push({
      class: kind,
      code,
      ...(operation !== undefined ? { operation } : {}),
      where,
      message,
      ...(extra.runtimeOnly ? { runtimeOnly: true } : {}),
      ...(extra.note ? { note: extra.note } : {}),
    });
  }

  schemas(direction: Direction, operation: string, where: string, a: SchemaSide, b: SchemaSide, errorBody = false): void {
    compareSchemas(
      { direction, errorBody, add: (kind, code, at, message, extra) => this.add(kind, code, operation, at, message, extra) },
      a,
      b,
      where,
    );
  }

  side(model: ProductModel, pointer: string): SchemaSide {
    return { doc: model.document, node: { $ref: pointer }, pointer };
  }
}

/** The raw operation object of the bundled document (for the `x-mpkit-*` extensions not in the model). */
function rawOperation(model: ProductModel, op: { path: string; method: string }, root = "paths"): Obj {
  const paths = isObj(model.document[root]) ? (model.document[root] as Obj) : {};
  const item = resolve(model.document, paths[op.path], pointerOf(root, op.path)).node;
  return isObj(item) && isObj(item[op.method]) ? (item[op.method] as Obj) : {};
}

const paramWhere = (p: ParameterModel): string => `${p.in} parameter ${p.name}`;

function compareParameters(c: Collector, id: string, a: OperationModel, b: OperationModel): void {
  const key = (p: ParameterModel) => `${p.in}:${p.name}`;
  const inB = new Map(b.parameters.map((p) => [key(p), p]));
  const inA = new Map(a.parameters.map((p) => [key(p), p]));
  const removed = a.parameters.filter((p) => !inB.has(key(p)));
  const added = b.parameters.filter((p) => !inA.has(key(p)));
  for (const old of [...removed]) {
    const match = added.find(
      (n) => n.in === old.in && n.required === old.required && sameShape(c.side(c.a, old.schemaPointer), c.side(c.b, n.schemaPointer)),
    );
    if (!match) continue;
    removed.splice(removed.indexOf(old), 1);
    added.splice(added.indexOf(match), 1);
    c.add("breaking", "parameter-renamed", id, paramWhere(old), `renamed to ${match.name}: calls that pass ${old.name} no longer compile`);
  }
  for (const p of removed) {
    c.add("breaking", "parameter-removed", id, paramWhere(p), `removed: calls that pass it no longer compile${p.required ? " (it was required)" : ""}`);
  }
  const filled = new Set([...b.client.clientHeaders, ...(b.client.idempotencyKeyHeader ? [b.client.idempotencyKeyHeader] : [])]);
  for (const p of added) {
    if (p.required && !(p.in === "header" && filled.has(p.name))) {
      c.add("breaking", "required-parameter-added", id, paramWhere(p), "new required parameter: existing calls leave it out");
    } else c.add("non-breaking", "parameter-added", id, paramWhere(p), `${p.required ? "required (filled by the client)" : "optional"} parameter added`);
  }
  for (const pa of a.parameters) {
    const pb = inB.get(key(pa));
    if (!pb) continue;
    if (pa.required && !pb.required) c.add("non-breaking", "parameter-made-optional", id, paramWhere(pa), "now optional");
    if (!pa.required && pb.required) c.add("breaking", "parameter-made-required", id, paramWhere(pa), "now required: calls that leave it out no longer compile");
    if (pa.description !== pb.description) c.add("docs", "parameter-docs", id, paramWhere(pa), "description changed");
    c.schemas("write", id, paramWhere(pa), c.side(c.a, pa.schemaPointer), c.side(c.b, pb.schemaPointer));
  }
}

function compareRequestBody(c: Collector, id: string, a: OperationModel, b: OperationModel): void {
  const ba = a.requestBody;
  const bb = b.requestBody;
  if (!ba && !bb) return;
  if (!ba) {
    c.add(bb!.required ? "breaking" : "non-breaking", "request-body-added", id, "request body", bb!.required ? "a required request body was added" : "an optional request body was added");
    return;
  }
  if (!bb) {
    c.add("breaking", "request-body-removed", id, "request body", "the request body was removed: calls that pass one no longer compile");
    return;
  }
  if (ba.contentType !== bb.contentType) {
    c.add("breaking", "request-media-type-changed", id, "request body", `media type changed from ${ba.contentType} to ${bb.contentType}`);
  }
  if (!ba.required && bb.required) c.add("breaking", "request-body-made-required", id, "request body", "now required");
  if (ba.required && !bb.required) c.add("non-breaking", "request-body-made-optional", id, "request body", "now optional");
  c.schemas("write", id, "request body", c.side(c.a, ba.schemaPointer), c.side(c.b, bb.schemaPointer));
}

const isSuccess = (r: ResponseModel): boolean => /^2/.test(r.status);

function compareResponses(c: Collector, id: string, a: OperationModel, b: OperationModel): void {
  const byStatus = new Map(b.responses.map((r) => [r.status, r]));
  const inA = new Set(a.responses.map((r) => r.status));
  const replaced = new Set<string>();
  for (const ra of a.responses) {
    const rb = byStatus.get(ra.status);
    const where = `response ${ra.status}`;
    const replacement = !rb && isSuccess(ra) && ra.schemaPointer
      ? b.responses.find((r) => isSuccess(r) && !inA.has(r.status) && r.contentType === ra.contentType && r.schemaPointer && sameShape(c.side(c.a, ra.schemaPointer!), c.side(c.b, r.schemaPointer)))
      : undefined;
    if (replacement) {
      replaced.add(replacement.status);
      c.add("non-breaking", "success-status-changed", id, where, `now answered with ${replacement.status}, same body: the client's result is unchanged`, { note: "code on client.raw that checks the status must follow" });
      continue;
    }
    if (!rb) {
      c.add("breaking", isSuccess(ra) ? "success-status-removed" : "error-status-removed", id, where,
        isSuccess(ra) ? "status removed: the result type loses it" : "error status removed: checks for it (error.status === " + ra.status + ") no longer compile");
      continue;
    }
    if (ra.description !== rb.description) c.add("docs", "response-docs", id, where, "description changed");
    if (ra.contentType !== rb.contentType) {
      c.add("breaking", "response-media-type-changed", id, where, `media type changed from ${ra.contentType ?? "(none)"} to ${rb.contentType ?? "(none)"}`);
      continue;
    }
    if (ra.schemaPointer && rb.schemaPointer) {
      c.schemas("read", id, `${where} body`, c.side(c.a, ra.schemaPointer), c.side(c.b, rb.schemaPointer), !isSuccess(ra));
    } else if (ra.schemaPointer || rb.schemaPointer) {
      c.add("breaking", "response-body-changed", id, where, rb.schemaPointer ? "a body was added" : "the body was removed");
    }
  }
  for (const rb of b.responses.filter((r) => !inA.has(r.status) && !replaced.has(r.status))) {
    const where = `response ${rb.status}`;
    if (!isSuccess(rb)) {
      c.add("non-breaking", "error-status-added", id, where, "error status added", { note: "code that switches exhaustively over error.status must handle it" });
      continue;
    }
    const sameAsExisting = a.responses.some(
      (r) => isSuccess(r) && r.contentType === rb.contentType &&
        (r.schemaPointer && rb.schemaPointer ? sameShape(c.side(c.a, r.schemaPointer), c.side(c.b, rb.schemaPointer)) : r.schemaPointer === rb.schemaPointer),
    );
    if (sameAsExisting) c.add("non-breaking", "success-status-added", id, where, "success status added, with a body the client already reads");
    else c.add("breaking", "success-status-added", id, where, "success status added with a new body: the result type gains a shape readers must handle");
  }
}

/** Does every old alternative of credentials still satisfy some new alternative? */
function compareSecurity(c: Collector, id: string | undefined, a: string[][], b: string[][]): void {
  if (same(a, b)) return;
  const satisfied = (creds: string[]) => b.some((alt) => alt.every((s) => creds.includes(s))) || b.length === 0;
  const lost = a.filter((alt) => !satisfied(alt));
  if (lost.length > 0) {
    c.add("breaking", "security-changed", id, "security", `the credentials ${lost.map((l) => l.join(" + ") || "(none)").join(" or ")} are no longer enough; now: ${b.map((l) => l.join(" + ")).join(" or ") || "(none)"}`,
      { runtimeOnly: true, note: "the client refuses the call before sending it when credentials are missing" });
  } else {
    c.add("non-breaking", "security-relaxed", id, "security", `now also accepts ${b.map((l) => l.join(" + ") || "(none)").join(" or ")}`);
  }
}

function compareServers(c: Collector, id: string | undefined, a: Record<string, string>, b: Record<string, string>): void {
  for (const [env, url] of Object.entries(a)) {
    if (!(env in b)) c.add("breaking", "environment-removed", id, "servers", `environment "${env}" removed${id ? "" : ": clients configured with it no longer compile"}`);
    else if (b[env] !== url) c.add("breaking", "server-url-changed", id, "servers", `${env} URL changed from ${url} to ${b[env]}: released clients call the old URL`, { runtimeOnly: true });
  }
  for (const env of Object.keys(b)) if (!(env in a)) c.add("non-breaking", "environment-added", id, "servers", `environment "${env}" added`);
}

/** The client-behaviour extensions: idempotency, retry policy, polling, rules, rate limits. */
function compareBehaviour(c: Collector, id: string, a: OperationModel, b: OperationModel): void {
  const ca = a.client;
  const cb = b.client;
  if (ca.idempotent !== cb.idempotent) {
    c.add("non-breaking", "idempotency-changed", id, "x-mpkit-idempotent",
      cb.idempotent ? "now safe to repeat: the client retries it" : "no longer safe to repeat: the client stops retrying it");
  }
  if (ca.idempotencyKeyHeader !== cb.idempotencyKeyHeader || ca.idempotencyField !== cb.idempotencyField) {
    c.add("non-breaking", "idempotency-key-changed", id, "x-mpkit-idempotent",
      `idempotency key: ${ca.idempotencyKeyHeader ?? ca.idempotencyField ?? "(none)"} → ${cb.idempotencyKeyHeader ?? cb.idempotencyField ?? "(none)"}`);
  }
  if (!same(ca.policy, cb.policy)) {
    const lowered = (ca.policy?.maxRetries ?? Infinity) > (cb.policy?.maxRetries ?? Infinity);
    c.add("non-breaking", "client-policy-changed", id, "x-mpkit-client-defaults", `retry/timeout policy ${JSON.stringify(ca.policy ?? {})} → ${JSON.stringify(cb.policy ?? {})}`,
      lowered ? { note: "a lower maxRetries caps what callers configured" } : {});
  }
  if (!same(ca.poll, cb.poll)) {
    if (!cb.poll) c.add("breaking", "poll-removed", id, "x-mpkit-poll", `the polling helper client.poll.${id} was removed`);
    else if (!ca.poll) c.add("non-breaking", "poll-added", id, "x-mpkit-poll", `polling helper client.poll.${id} added`);
    else c.add("non-breaking", "poll-changed", id, "x-mpkit-poll", `polling ${JSON.stringify(ca.poll)} → ${JSON.stringify(cb.poll)}`);
  }
  // Business rules, by id: a new or changed rule can refuse requests that passed before.
  const rules = (op: OperationModel) => new Map(op.rules.filter(isObj).map((r) => [String(r.id), r]));
  const ra = rules(a);
  const rb = rules(b);
  for (const [rid, rule] of rb) {
    const old = ra.get(rid);
    if (!old) c.add("breaking", "rule-added", id, `rule ${rid}`, "business rule added: requests that passed may be refused", { runtimeOnly: true });
    else if (!same({ ...old, description: 0 }, { ...rule, description: 0 })) {
      c.add("breaking", "rule-changed", id, `rule ${rid}`, `business rule changed: ${JSON.stringify(old.check)} → ${JSON.stringify(rule.check)}`, { runtimeOnly: true });
    } else if (old.description !== rule.description) c.add("docs", "rule-docs", id, `rule ${rid}`, "description changed");
  }
  for (const rid of ra.keys()) if (!rb.has(rid)) c.add("non-breaking", "rule-removed", id, `rule ${rid}`, "business rule removed");
  // Rate limits: fewer requests per second can refuse a caller's pace.
  const la = rawOperation(c.a, a)["x-mpkit-rate-limit"] as { requests?: number; perSeconds?: number } | undefined;
  const lb = rawOperation(c.b, b)["x-mpkit-rate-limit"] as { requests?: number; perSeconds?: number } | undefined;
  if (!same(la, lb)) {
    const rate = (l: typeof la) => (l?.requests && l.perSeconds ? l.requests / l.perSeconds : Infinity);
    const tighter = rate(lb) < rate(la) || !same((la as Obj | undefined)?.per, (lb as Obj | undefined)?.per);
    c.add(tighter ? "breaking" : "non-breaking", "rate-limit-changed", id, "x-mpkit-rate-limit",
      `rate limit ${la ? `${la.requests}/${la.perSeconds}s` : "(none)"} → ${lb ? `${lb.requests}/${lb.perSeconds}s` : "(none)"}`, tighter ? { runtimeOnly: true } : {});
  }
  // Any other x-mpkit-* extension this report does not know yet.
  const known = ["x-mpkit-rules", "x-mpkit-rate-limit", "x-mpkit-idempotent", "x-mpkit-poll", "x-mpkit-client-defaults"];
  const xa = rawOperation(c.a, a);
  const xb = rawOperation(c.b, b);
  for (const k of new Set([...Object.keys(xa), ...Object.keys(xb)])) {
    if (k.startsWith("x-mpkit-") && !known.includes(k) && !same(xa[k], xb[k])) c.add("non-breaking", "extension-changed", id, k, "changed");
  }
}

function compareOperation(c: Collector, a: OperationModel, b: OperationModel): void {
  const id = b.operationId;
  if (a.method !== b.method || a.path !== b.path) {
    c.add("breaking", "operation-moved", id, "route", `moved from ${a.method.toUpperCase()} ${a.path} to ${b.method.toUpperCase()} ${b.path}: released clients call the old route`, { runtimeOnly: true });
  }
  if (!a.deprecated && b.deprecated) c.add("non-breaking", "operation-deprecated", id, "operation", "deprecated");
  if (a.deprecated && !b.deprecated) c.add("non-breaking", "operation-undeprecated", id, "operation", "no longer deprecated");
  if (a.summary !== b.summary || a.description !== b.description || !same(a.tags, b.tags)) {
    c.add("docs", "operation-docs", id, "operation", "summary, description or tags changed");
  }
  compareParameters(c, id, a, b);
  compareRequestBody(c, id, a, b);
  compareResponses(c, id, a, b);
  compareSecurity(c, id, a.security, b.security);
  compareServers(c, id, a.servers ?? {}, b.servers ?? {});
  compareBehaviour(c, id, a, b);
}

function compareWebhook(c: Collector, a: WebhookModel, b: WebhookModel): void {
  const id = `webhook ${b.name}`;
  if (a.summary !== b.summary) c.add("docs", "webhook-docs", id, "webhook", "summary changed");
  if (a.requestBody && b.requestBody) {
    // MobilePay writes the payload and the merchant's receiver reads it: the read direction.
    c.schemas("read", id, "payload", c.side(c.a, a.requestBody.schemaPointer), c.side(c.b, b.requestBody.schemaPointer));
  } else if (a.requestBody || b.requestBody) {
    c.add("breaking", "webhook-payload-changed", id, "payload", b.requestBody ? "a payload was added" : "the payload was removed");
  }
  const xa = rawOperation(c.a, { path: a.name, method: a.method }, "webhooks");
  const xb = rawOperation(c.b, { path: b.name, method: b.method }, "webhooks");
  if (!same(xa["x-mpkit-retry"], xb["x-mpkit-retry"])) {
    c.add("non-breaking", "webhook-retry-changed", id, "x-mpkit-retry", `delivery retries ${JSON.stringify(xa["x-mpkit-retry"] ?? null)} → ${JSON.stringify(xb["x-mpkit-retry"] ?? null)}`);
  }
}

function compareProductLevel(c: Collector): void {
  const { a, b } = c;
  if (a.title !== b.title || a.description !== b.description || a.summary !== b.summary) c.add("docs", "product-docs", undefined, "info", "title, summary or description changed");
  if (a.version !== b.version) c.add("docs", "api-version-changed", undefined, "info.version", `upstream API version ${a.version} → ${b.version}`);
  compareServers(c, undefined, Object.fromEntries(a.environments.map((e) => [e.name, e.url])), Object.fromEntries(b.environments.map((e) => [e.name, e.url])));
  for (const [name, scheme] of Object.entries(a.securitySchemes)) {
    const next = b.securitySchemes[name];
    const used = a.operations.some((op) => op.security.flat().includes(name));
    if (!next) {
      if (used) c.add("breaking", "security-scheme-removed", undefined, `security scheme ${name}`, "removed: clients configured with these credentials no longer compile");
      continue;
    }
    const { description: da, ...ra } = scheme;
    const { description: db, ...rb } = next;
    if (!same(ra, rb)) c.add("breaking", "security-scheme-changed", undefined, `security scheme ${name}`, `changed: ${JSON.stringify(ra)} → ${JSON.stringify(rb)}`, { runtimeOnly: true });
    else if (da !== db) c.add("docs", "security-scheme-docs", undefined, `security scheme ${name}`, "description changed");
  }
  if (!same(a.clientPolicy, b.clientPolicy)) {
    c.add("non-breaking", "client-policy-changed", undefined, "x-mpkit-client-defaults", `product retry/timeout policy ${JSON.stringify(a.clientPolicy ?? {})} → ${JSON.stringify(b.clientPolicy ?? {})}`);
  }
  if (a.correlationHeader !== b.correlationHeader) {
    c.add("non-breaking", "correlation-header-changed", undefined, "x-mpkit-correlation-id", `correlation header ${a.correlationHeader ?? "(none)"} → ${b.correlationHeader ?? "(none)"}`);
  }
  // Every named schema is an exported type of the client package.
  for (const name of a.schemaNames) if (!b.schemaNames.includes(name)) c.add("breaking", "schema-removed", undefined, `schema ${name}`, `removed: the exported type ${name} is gone`);
  for (const name of b.schemaNames) if (!a.schemaNames.includes(name)) c.add("non-breaking", "schema-added", undefined, `schema ${name}`, "added (a new exported type)");
  // State machines: the transitions and final states clients (and polling helpers) rely on.
  for (const ma of a.stateMachines) {
    const mb = b.stateMachines.find((m) => m.schema === ma.schema);
    const where = `state machine ${ma.schema}`;
    if (!mb) {
      c.add("non-breaking", "state-machine-removed", undefined, where, "no longer documented");
      continue;
    }
    const t = (m: typeof ma) => m.transitions.map((x) => `${x.from} → ${x.to}`);
    const gone = t(ma).filter((x) => !t(mb).includes(x));
    const fresh = t(mb).filter((x) => !t(ma).includes(x));
    if (gone.length > 0) c.add("breaking", "transition-removed", undefined, where, `transition ${gone.join(", ")} removed: flows that relied on it stop`, { runtimeOnly: true });
    if (fresh.length > 0) c.add("non-breaking", "transition-added", undefined, where, `transition ${fresh.join(", ")} added`, { note: "code that follows the states must expect it" });
    if (!same([...ma.final].sort(), [...mb.final].sort())) {
      c.add("breaking", "final-states-changed", undefined, where, `final states ${ma.final.join(", ")} → ${mb.final.join(", ")}: polling stops at other states`, { runtimeOnly: true });
    }
    if (!same([...ma.initial].sort(), [...mb.initial].sort())) {
      c.add("non-breaking", "initial-states-changed", undefined, where, `initial states ${ma.initial.join(", ")} → ${mb.initial.join(", ")}`);
    }
  }
  for (const mb of b.stateMachines) {
    if (!a.stateMachines.some((m) => m.schema === mb.schema)) c.add("non-breaking", "state-machine-added", undefined, `state machine ${mb.schema}`, "documented");
  }
}

/** Every change between two models of one product, breaking first. */
export function compareProducts(a: ProductModel, b: ProductModel): Change[] {
  const c = new Collector(a, b);
  compareProductLevel(c);
  const oldOps = new Map(a.operations.map((op) => [op.operationId, op]));
  const newOps = new Map(b.operations.map((op) => [op.operationId, op]));
  const route = (op: OperationModel) => `${op.method} ${op.path}`;
  const unmatchedNew = b.operations.filter((op) => !oldOps.has(op.operationId));
  for (const opA of a.operations) {
    let opB = newOps.get(opA.operationId);
    if (!opB) {
      // Same route under a new operationId: the client method was renamed.
      opB = unmatchedNew.find((n) => route(n) === route(opA));
      if (opB) {
        unmatchedNew.splice(unmatchedNew.indexOf(opB), 1);
        c.add("breaking", "operation-renamed", opB.operationId, "operationId", `renamed from ${opA.operationId}: the client method ${opA.operationId}() is now ${opB.operationId}()`);
      } else {
        c.add("breaking", "operation-removed", opA.operationId, "operation", `${opA.method.toUpperCase()} ${opA.path} removed: the client method ${opA.operationId}() is gone`);
        continue;
      }
    }
    compareOperation(c, opA, opB);
  }
  for (const op of unmatchedNew) c.add("non-breaking", "operation-added", op.operationId, "operation", `${op.method.toUpperCase()} ${op.path} added: new client method ${op.operationId}()`);
  const hookKey = (w: WebhookModel) => `${w.name} ${w.method}`;
  const newHooks = new Map(b.webhooks.map((w) => [hookKey(w), w]));
  for (const wa of a.webhooks) {
    const wb = newHooks.get(hookKey(wa));
    if (!wb) c.add("breaking", "webhook-removed", `webhook ${wa.name}`, "webhook", "removed: receivers no longer get it, and its payload type is gone");
    else compareWebhook(c, wa, wb);
  }
  for (const wb of b.webhooks) {
    if (!a.webhooks.some((w) => hookKey(w) === hookKey(wb))) c.add("non-breaking", "webhook-added", `webhook ${wb.name}`, "webhook", "added");
  }
  return sortChanges(c.changes);
}

export function productReport(a: ProductModel | undefined, b: ProductModel | undefined): ProductReport {
  const model = (b ?? a)!;
  let changes: Change[];
  if (!a) changes = [{ class: "non-breaking", code: "product-added", where: "product", message: `new product with ${b!.operations.length} operation(s)` }];
  else if (!b) changes = [{ class: "breaking", code: "product-removed", where: "product", message: "the product was removed" }];
  else changes = compareProducts(a, b);
  return { product: model.name, packageName: model.packageName, specFile: model.specFile, changes, bump: bumpOf(changes) };
}
