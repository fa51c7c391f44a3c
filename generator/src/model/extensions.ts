/**
 * Checks the mpkit vendor extensions of a spec. They are machine-readable contracts (mocks,
 * clients and docs read them), so a typo must fail generation with the spec line, not be
 * carried along silently. The vocabulary is documented in ARCHITECTURE.md ("Spec conventions").
 */
import { child } from "./json-pointer.js";
import type { ClientPolicyModel, StateMachineModel } from "./model.js";

type Obj = Record<string, unknown>;
export type Report = (pointer: string, rule: string, message: string) => void;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The `check.type` values a business rule may use; extend here when a product needs another. */
export const RULE_CHECK_TYPES = [
  "date-window",
  "max-amount-by-country",
  "daily-limit",
  "duplicate",
  "positive-amount",
] as const;

/** What the mocks' engine needs to evaluate a check; a message when it is missing. */
function checkArguments(check: Obj): string | undefined {
  const isNum = (v: unknown) => typeof v === "number" && Number.isFinite(v);
  const field = typeof check.field === "string" && check.field !== "";
  switch (check.type) {
    case "positive-amount":
      return field ? undefined : "it needs a `field`";
    case "date-window":
      if (!field) return "it needs a `field`";
      return ["minDaysFromToday", "maxDaysFromToday", "maxDaysFromTodayExclusive"].some((k) => isNum(check[k]))
        ? undefined
        : "it needs minDaysFromToday, maxDaysFromToday or maxDaysFromTodayExclusive";
    case "max-amount-by-country":
      return field && isObj(check.limits) && Object.values(check.limits).every((l) => isObj(l) && isNum(l.max))
        ? undefined
        : "it needs a `field` and `limits: { <country>: { max, currency } }`";
    case "daily-limit":
      return Array.isArray(check.per) && check.per.every((p) => typeof p === "string") && isNum(check.limit)
        ? undefined
        : "it needs `per: [<inputs>]` and a numeric `limit`";
    case "duplicate":
      return check.fields === "all" || (Array.isArray(check.fields) && check.fields.every((f) => typeof f === "string"))
        ? undefined
        : "it needs `fields: all` or a list of fields";
    default:
      return undefined;
  }
}

export function checkRules(rules: unknown, pointer: string, report: Report): void {
  const rule = "mpkit-rules";
  if (!Array.isArray(rules)) return report(pointer, rule, "x-mpkit-rules must be a list");
  const ids = new Set<string>();
  rules.forEach((entry, index) => {
    const at = child(pointer, index);
    if (!isObj(entry)) return report(at, rule, "a rule must be an object");
    if (typeof entry.id !== "string" || !KEBAB.test(entry.id)) report(at, rule, "a rule needs a kebab-case `id`");
    else if (ids.has(entry.id)) report(at, rule, `duplicate rule id "${entry.id}"`);
    else ids.add(entry.id);
    if (typeof entry.description !== "string" || entry.description.trim() === "") report(at, rule, "a rule needs a `description`");
    const check = entry.check;
    if (!isObj(check) || typeof check.type !== "string") report(at, rule, "a rule needs a `check` with a `type`");
    else if (!(RULE_CHECK_TYPES as readonly string[]).includes(check.type)) {
      report(child(at, "check"), rule, `unknown check type "${check.type}"; known: ${RULE_CHECK_TYPES.join(", ")}`);
    } else {
      const missing = checkArguments(check);
      if (missing) report(child(at, "check"), rule, `the mocks cannot evaluate this ${check.type} check: ${missing}`);
    }
    if (entry.errors !== undefined) {
      if (!Array.isArray(entry.errors)) return report(at, rule, "`errors` must be a list");
      entry.errors.forEach((error, i) => {
        const status = isObj(error) ? error.status : undefined;
        if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
          report(child(at, "errors", i), rule, "each error needs an HTTP `status`");
        }
        if (isObj(error) && error.code !== undefined && typeof error.code !== "string") {
          report(child(at, "errors", i), rule, "an error `code` must be a string");
        }
      });
    }
  });
}

/** Validates `x-mpkit-state-machine` against the enum it annotates. */
export function checkStateMachine(schemaName: string, schema: Obj, pointer: string, report: Report): StateMachineModel | undefined {
  const rule = "mpkit-state-machine";
  const at = child(pointer, "x-mpkit-state-machine");
  const machine = schema["x-mpkit-state-machine"];
  const states = Array.isArray(schema.enum) ? schema.enum.filter((s): s is string => typeof s === "string") : [];
  if (!isObj(machine)) return void report(at, rule, "x-mpkit-state-machine must be an object");
  if (states.length === 0) return void report(at, rule, `${schemaName}: a state machine must annotate a string enum`);
  const list = (key: string): string[] => {
    const value = machine[key];
    if (!Array.isArray(value) || value.some((s) => typeof s !== "string")) {
      report(at, rule, `${schemaName}: \`${key}\` must be a list of states`);
      return [];
    }
    for (const s of value as string[]) if (!states.includes(s)) report(at, rule, `${schemaName}: "${s}" in \`${key}\` is not a value of the enum`);
    return value as string[];
  };
  const initial = list("initial");
  const final = list("final");
  const transitions: StateMachineModel["transitions"] = [];
  if (!Array.isArray(machine.transitions)) report(at, rule, `${schemaName}: \`transitions\` must be a list`);
  else {
    machine.transitions.forEach((t, i) => {
      const from = isObj(t) ? t.from : undefined;
      const to = isObj(t) ? t.to : undefined;
      if (typeof from !== "string" || typeof to !== "string" || !states.includes(from) || !states.includes(to)) {
        return report(child(at, "transitions", i), rule, `${schemaName}: a transition needs \`from\` and \`to\` among the enum values`);
      }
      if (final.includes(from)) report(child(at, "transitions", i), rule, `${schemaName}: final state "${from}" cannot have a transition`);
      const effects = checkTransitionEffects(t as Obj, child(at, "transitions", i), report);
      transitions.push({ from, to, trigger: isObj(t) && typeof t.trigger === "string" ? t.trigger : "", ...effects });
    });
  }
  const refuse = checkRefuse(machine.refuse, child(at, "refuse"), rule, report);
  const enter = checkEnter(machine.enter, initial, child(at, "enter"), report);
  return { schema: schemaName, states, initial, final, transitions, ...(refuse ? { refuse } : {}), ...(enter ? { enter } : {}) };
}

export function checkMockErrors(errors: unknown, pointer: string, report: Report): void {
  if (errors === undefined) return;
  if (!isObj(errors)) return report(pointer, "mpkit-mock-errors", "x-mpkit-mock-errors must map status codes to error bodies");
  for (const [status, body] of Object.entries(errors)) {
    if (!/^[45][0-9][0-9]$/.test(status)) report(child(pointer, status), "mpkit-mock-errors", `"${status}" is not a 4xx or 5xx status code`);
    if (!isObj(body)) report(child(pointer, status), "mpkit-mock-errors", `the ${status} error body must be an object`);
  }
}

export function checkRetry(retry: unknown, pointer: string, report: Report): void {
  const rule = "mpkit-retry";
  if (!isObj(retry)) return report(pointer, rule, "x-mpkit-retry must be an object");
  const { retries, delaysSeconds } = retry;
  if (typeof retries !== "number" || !Number.isInteger(retries) || retries < 0) report(pointer, rule, "`retries` must be a whole number");
  if (!Array.isArray(delaysSeconds) || delaysSeconds.some((d) => typeof d !== "number" || d < 0)) {
    report(pointer, rule, "`delaysSeconds` must be a list of non-negative numbers");
  } else if (typeof retries === "number" && delaysSeconds.length !== retries) {
    report(pointer, rule, `${delaysSeconds.length} delays given for ${retries} retries`);
  }
}

const POLICY_KEYS = ["retries", "maxRetries", "timeoutMs", "retryDelayMs"] as const;

/** Validates `x-mpkit-client-defaults` (root or operation) and returns it as a model. */
export function checkClientDefaults(value: unknown, pointer: string, report: Report): ClientPolicyModel | undefined {
  const rule = "mpkit-client-defaults";
  if (value === undefined) return undefined;
  if (!isObj(value)) return void report(pointer, rule, "x-mpkit-client-defaults must be an object");
  const policy: ClientPolicyModel = {};
  for (const [key, entry] of Object.entries(value)) {
    if (!(POLICY_KEYS as readonly string[]).includes(key)) {
      report(child(pointer, key), rule, `unknown key "${key}"; known: ${POLICY_KEYS.join(", ")}`);
      continue;
    }
    if (typeof entry !== "number" || !Number.isInteger(entry) || entry < 0) {
      report(child(pointer, key), rule, `\`${key}\` must be a whole number of at least 0`);
      continue;
    }
    policy[key as (typeof POLICY_KEYS)[number]] = entry;
  }
  if (policy.retries !== undefined && policy.maxRetries !== undefined && policy.retries > policy.maxRetries) {
    report(pointer, rule, `retries (${policy.retries}) exceed maxRetries (${policy.maxRetries})`);
  }
  return policy;
}

/** `x-mpkit-idempotent`: `true`, `false` or `{ bodyField }`. */
export function checkIdempotent(
  value: unknown,
  pointer: string,
  report: Report,
): { idempotent?: boolean; bodyField?: string } {
  const rule = "mpkit-idempotent";
  if (value === undefined) return {};
  if (typeof value === "boolean") return { idempotent: value };
  if (isObj(value) && typeof value.bodyField === "string" && Object.keys(value).length === 1) return { bodyField: value.bodyField };
  report(pointer, rule, "x-mpkit-idempotent must be true, false or { bodyField: <request body field> }");
  return {};
}

/** `x-mpkit-poll`: `{ delayField, stateField? }`. */
export function checkPoll(value: unknown, pointer: string, report: Report): { delayField: string; stateField?: string } | undefined {
  const rule = "mpkit-poll";
  if (value === undefined) return undefined;
  if (!isObj(value) || typeof value.delayField !== "string") {
    return void report(pointer, rule, "x-mpkit-poll must be { delayField, stateField? }");
  }
  for (const key of Object.keys(value)) {
    if (key !== "delayField" && key !== "stateField") report(child(pointer, key), rule, `unknown key "${key}"`);
  }
  if (value.stateField !== undefined && typeof value.stateField !== "string") report(pointer, rule, "`stateField` must be a field name");
  return { delayField: value.delayField, ...(typeof value.stateField === "string" ? { stateField: value.stateField } : {}) };
}

/** `x-mpkit-rate-limit: { requests, perSeconds, per? }`: `per` names inputs of the operation. */
export function checkRateLimit(value: unknown, pointer: string, inputs: readonly string[], report: Report): void {
  const rule = "mpkit-rate-limit";
  if (value === undefined) return;
  if (!isObj(value)) return report(pointer, rule, "x-mpkit-rate-limit must be { requests, perSeconds, per? }");
  for (const key of ["requests", "perSeconds"] as const) {
    const n = value[key];
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) report(pointer, rule, `\`${key}\` must be a whole number of at least 1`);
  }
  for (const key of Object.keys(value)) {
    if (!["requests", "perSeconds", "per"].includes(key)) report(child(pointer, key), rule, `unknown key "${key}"`);
  }
  if (value.per !== undefined) {
    if (!Array.isArray(value.per) || value.per.some((p) => typeof p !== "string")) {
      return report(pointer, rule, "`per` must be a list of input names");
    }
    for (const name of value.per as string[]) {
      if (!inputs.includes(name)) report(pointer, rule, `"${name}" in \`per\` is not a parameter of the operation`);
    }
  }
}

export const RESOURCE_ROLES = ["create", "read", "list", "update", "delete", "transition", "simulate"] as const;
export type ResourceRoleName = (typeof RESOURCE_ROLES)[number];

export interface ResourceAnnotation {
  role?: ResourceRoleName;
  resource?: string;
  id?: string;
  param?: string;
  items?: string;
  machine?: string;
  refuse?: { status: number; code?: string | null };
  /** The initial state a create puts the resource in (default: the machine's first). */
  initial?: string;
}

const RESOURCE_KEYS = ["role", "resource", "id", "param", "items", "machine", "refuse", "initial"];

function checkRefuse(value: unknown, pointer: string, rule: string, report: Report): { status: number; code?: string | null } | undefined {
  if (value === undefined) return undefined;
  const status = isObj(value) ? value.status : undefined;
  if (!isObj(value) || typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 599) {
    return void report(pointer, rule, "`refuse` must be { status: <4xx or 5xx>, code? }");
  }
  if (value.code !== undefined && value.code !== null && typeof value.code !== "string") return void report(pointer, rule, "`refuse.code` must be a string, or null for the format's \"no code\"");
  return { status, ...(typeof value.code === "string" || value.code === null ? { code: value.code } : {}) };
}

/** `x-mpkit-resource: { role, resource?, id?, param?, items?, refuse? }` on an operation. */
export function checkResource(value: unknown, pointer: string, report: Report): ResourceAnnotation | undefined {
  const rule = "mpkit-resource";
  if (value === undefined) return undefined;
  if (!isObj(value)) return void report(pointer, rule, "x-mpkit-resource must be { role, resource?, id?, param?, items?, refuse? }");
  const out: ResourceAnnotation = {};
  for (const key of Object.keys(value)) {
    if (!RESOURCE_KEYS.includes(key)) report(child(pointer, key), rule, `unknown key "${key}"; known: ${RESOURCE_KEYS.join(", ")}`);
  }
  if (value.role !== undefined) {
    if (!(RESOURCE_ROLES as readonly unknown[]).includes(value.role)) {
      report(child(pointer, "role"), rule, `unknown role "${String(value.role)}"; known: ${RESOURCE_ROLES.join(", ")}`);
    } else out.role = value.role as ResourceRoleName;
  }
  if (value.resource !== undefined) {
    if (typeof value.resource !== "string" || !/^[a-z][a-z0-9-]*$/.test(value.resource)) {
      report(child(pointer, "resource"), rule, "`resource` must be a lower-case name");
    } else out.resource = value.resource;
  }
  for (const key of ["id", "param", "items", "machine", "initial"] as const) {
    if (value[key] === undefined) continue;
    if (typeof value[key] !== "string") report(child(pointer, key), rule, `\`${key}\` must be a field name`);
    else out[key] = value[key] as string;
  }
  const refuse = checkRefuse(value.refuse, child(pointer, "refuse"), rule, report);
  if (refuse) out.refuse = refuse;
  return out;
}

/**
 * The machine-readable part of a transition: `cause: { operation } | { after, field? }` and
 * `emits: { webhook, status? }`. Operation and webhook names are checked by the caller.
 */
export function checkTransitionEffects(
  t: Obj,
  pointer: string,
  report: Report,
): { cause?: TransitionCause; emits?: TransitionEmits } {
  const rule = "mpkit-state-machine";
  const out: ReturnType<typeof checkTransitionEffects> = {};
  if (t.cause !== undefined) {
    const c = t.cause;
    if (!isObj(c) || (typeof c.operation !== "string" && typeof c.after !== "string" && c.rule !== true)) {
      report(child(pointer, "cause"), rule, "`cause` must be { operation, follows?, when? }, { after: <ISO 8601 duration>, field?, when? } or { rule: true }");
    } else {
      for (const key of Object.keys(c)) {
        if (!["operation", "after", "field", "when", "rule", "follows"].includes(key)) report(child(pointer, "cause", key), rule, `unknown key "${key}"`);
      }
      const f = c.follows;
      const follows =
        isObj(f) && typeof f.operation === "string" && typeof f.via === "string" && Object.keys(f).length === 2 ? { operation: f.operation, via: f.via } : undefined;
      if (f !== undefined && !follows) {
        report(child(pointer, "cause", "follows"), rule, "`follows` must be { operation, via: <field holding the id of the resource the operation acts on> }");
      }
      if (c.rule !== undefined && c.rule !== true) report(child(pointer, "cause", "rule"), rule, "`rule` must be true");
      const when = checkWhen(c.when, child(pointer, "cause", "when"), report);
      if (typeof c.after === "string" && !/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(c.after)) {
        report(child(pointer, "cause", "after"), rule, `"${c.after}" is not an ISO 8601 duration`);
      }
      if (c.field !== undefined && typeof c.field !== "string") report(child(pointer, "cause", "field"), rule, "`field` must be a field name");
      out.cause = {
        ...(typeof c.operation === "string" ? { operation: c.operation } : {}),
        ...(typeof c.after === "string" ? { after: c.after } : {}),
        ...(typeof c.field === "string" ? { field: c.field } : {}),
        ...(when ? { when } : {}),
        ...(c.rule === true ? { rule: true } : {}),
        ...(follows ? { follows } : {}),
      };
    }
  }
  if (t.emits !== undefined) {
    const e = t.emits;
    const scalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);
    if (
      !isObj(e) ||
      typeof e.webhook !== "string" ||
      (e.status !== undefined && typeof e.status !== "string") ||
      (e.id !== undefined && typeof e.id !== "string") ||
      (e.fields !== undefined && (!isObj(e.fields) || !Object.values(e.fields).every(scalar))) ||
      (e.code !== undefined && typeof e.code !== "string") ||
      Object.keys(e).some((k) => !["webhook", "status", "id", "fields", "code"].includes(k))
    ) {
      report(child(pointer, "emits"), rule, "`emits` must be { webhook, status?, id?: <payload field>, fields?: { <payload field>: <value> }, code?: <payload field> }");
    } else {
      out.emits = {
        webhook: e.webhook,
        ...(typeof e.status === "string" ? { status: e.status } : {}),
        ...(typeof e.id === "string" ? { id: e.id } : {}),
        ...(isObj(e.fields) ? { fields: e.fields as Record<string, string | number | boolean | null> } : {}),
        ...(typeof e.code === "string" ? { code: e.code } : {}),
      };
    }
  }
  return out;
}

export interface TransitionWhen {
  /** A field of the causing request's body, else of the stored resource (dotted path). */
  field: string;
  /** Read `field` from the stored resource (of any kind) whose id this field of the resource holds. */
  of?: string;
  /** The field must hold this value (or one of these values). */
  equals?: Scalar | Scalar[];
  /** The field must not hold this value (nor any of these values). */
  notEquals?: Scalar | Scalar[];
  /** The field must be present (`true`) or absent (`false`). */
  present?: boolean;
}

type Scalar = string | number | boolean | null;

export interface TransitionCause {
  operation?: string;
  after?: string;
  field?: string;
  /** Every condition must hold. */
  when?: TransitionWhen[];
  rule?: true;
  /** The transition is also taken when `operation` acts on the resource whose id `via` holds (an agreement's cancellation cancels its payments). */
  follows?: { operation: string; via: string };
}

export interface TransitionEmits {
  webhook: string;
  status?: string;
  id?: string;
  fields?: Record<string, string | number | boolean | null>;
  /** Payload field that carries the code of the rule that caused the transition. */
  code?: string;
}

/** `when: { field, of?, equals? | notEquals? | present? }` (or a list of them): the condition a cause holds under. */
function checkWhen(value: unknown, pointer: string, report: Report): TransitionWhen[] | undefined {
  const rule = "mpkit-state-machine";
  if (value === undefined) return undefined;
  const scalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);
  const values = (v: unknown) => v === undefined || scalar(v) || (Array.isArray(v) && v.every(scalar));
  const out: TransitionWhen[] = [];
  const list = Array.isArray(value) ? value : [value];
  list.forEach((w, i) => {
    const at = Array.isArray(value) ? child(pointer, i) : pointer;
    const tests = isObj(w) ? ["equals", "notEquals", "present"].filter((k) => w[k] !== undefined) : [];
    if (
      !isObj(w) ||
      typeof w.field !== "string" ||
      (w.of !== undefined && typeof w.of !== "string") ||
      tests.length !== 1 ||
      !values(w.equals) ||
      !values(w.notEquals) ||
      (w.present !== undefined && typeof w.present !== "boolean") ||
      Object.keys(w).some((k) => !["field", "of", "equals", "notEquals", "present"].includes(k))
    ) {
      return report(at, rule, "`when` must be { field, of?, equals | notEquals: <value or values> } or { field, of?, present: true | false }, or a list of them");
    }
    out.push({
      field: w.field,
      ...(typeof w.of === "string" ? { of: w.of } : {}),
      ...(w.equals !== undefined ? { equals: w.equals as Scalar | Scalar[] } : {}),
      ...(w.notEquals !== undefined ? { notEquals: w.notEquals as Scalar | Scalar[] } : {}),
      ...(typeof w.present === "boolean" ? { present: w.present } : {}),
    });
  });
  return out;
}

/** `enter: { <initial state>: { emits?, rule? } }`: what reports a resource created in an initial state. */
export function checkEnter(
  value: unknown,
  initial: readonly string[],
  pointer: string,
  report: Report,
): Record<string, { emits?: TransitionEmits; rule?: true }> | undefined {
  const rule = "mpkit-state-machine";
  if (value === undefined) return undefined;
  if (!isObj(value)) return void report(pointer, rule, "`enter` must map initial states to { emits?, rule? }");
  const out: Record<string, { emits?: TransitionEmits; rule?: true }> = {};
  for (const [state, entry] of Object.entries(value)) {
    const at = child(pointer, state);
    if (!initial.includes(state)) report(at, rule, `"${state}" in \`enter\` is not an initial state`);
    if (!isObj(entry) || Object.keys(entry).some((k) => k !== "emits" && k !== "rule") || (entry.rule !== undefined && entry.rule !== true)) {
      report(at, rule, "an `enter` entry must be { emits?, rule?: true }");
      continue;
    }
    const effects = checkTransitionEffects({ emits: entry.emits }, at, report);
    out[state] = { ...(effects.emits ? { emits: effects.emits } : {}), ...(entry.rule === true ? { rule: true } : {}) };
  }
  return out;
}

export const CALLBACK_SCHEMES = ["basic", "apiKey", "oauth2"] as const;

export interface CallbackAuthModel {
  scheme: (typeof CALLBACK_SCHEMES)[number];
  /** Request body fields holding the registered URL and the credentials. */
  url?: string;
  username?: string;
  password?: string;
  apiKey?: string;
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
}

const CALLBACK_FIELDS: Record<CallbackAuthModel["scheme"], string[]> = {
  basic: ["username", "password"],
  apiKey: ["apiKey"],
  oauth2: ["clientId", "clientSecret", "tokenUrl"],
};

/** `x-mpkit-callback-auth: { scheme, url?, <credential>: <body field> … }` on a callback configuration operation. */
export function checkCallbackAuth(value: unknown, pointer: string, bodyFields: readonly string[] | undefined, report: Report): CallbackAuthModel | undefined {
  const rule = "mpkit-callback-auth";
  if (value === undefined) return undefined;
  if (!isObj(value) || !(CALLBACK_SCHEMES as readonly unknown[]).includes(value.scheme)) {
    return void report(pointer, rule, `x-mpkit-callback-auth must be { scheme: ${CALLBACK_SCHEMES.join(" | ")}, url?, … }`);
  }
  const scheme = value.scheme as CallbackAuthModel["scheme"];
  const allowed = ["scheme", "url", ...CALLBACK_FIELDS[scheme]];
  const out: CallbackAuthModel = { scheme };
  for (const [key, field] of Object.entries(value)) {
    if (key === "scheme") continue;
    if (!allowed.includes(key)) {
      report(child(pointer, key), rule, `unknown key "${key}" for scheme ${scheme}; known: ${allowed.join(", ")}`);
      continue;
    }
    if (typeof field !== "string") {
      report(child(pointer, key), rule, `\`${key}\` must name a request body field`);
      continue;
    }
    if (bodyFields && !bodyFields.includes(field)) report(child(pointer, key), rule, `the request body has no field "${field}"`);
    (out as unknown as Record<string, string>)[key] = field;
  }
  for (const key of CALLBACK_FIELDS[scheme]) {
    if (out[key as keyof CallbackAuthModel] === undefined) report(pointer, rule, `scheme ${scheme} needs \`${key}\``);
  }
  return out;
}
