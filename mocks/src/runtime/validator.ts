/**
 * Request validation against the spec with @cfworker/json-schema (JSON Schema 2020-12, as OpenAPI
 * 3.1 uses): a small interpreting validator (about 7 KB gzip of a browser bundle, where Ajv with
 * its formats was about 40 KB), with nothing compiled: a product's schemas are indexed once, on
 * its first validation, and every check after that walks them directly.
 *
 * What this module adds to the library: Ajv-style problem messages (`must be integer`, `must match
 * pattern "…"`), type coercion of parameters and form fields (text to the schema's type, as Ajv's
 * `coerceTypes: "array"` did), OpenAPI's own formats (`int32` bounds, `byte` …), and bounds on
 * every check (see `MOCK_LIMITS`): the verdict comes from a pass that stops at the first problem
 * (linear in the input); the full list of problems is only built for inputs small enough, and is
 * capped; strings longer than `maxFormatLength` fail their `format` before any regex runs; bodies
 * nested deeper than `maxDepth` are refused before validation recurses into them.
 */
import { type OutputUnit, type Schema, dereference, format as libraryFormats, validate } from "@cfworker/json-schema";
import { MOCK_LIMITS } from "./limits.js";
import type { Shape } from "./params.js";
import type { MockMedia, MockOperation, MockParameter, ProductMock } from "./types.js";

/**
 * The string formats the mocks check, registered in the library's format table under a prefix of
 * their own (the validation copy of a document names them so), so that an app's own use of the
 * library is unaffected: the library's formats with their length bounded, and OpenAPI's `byte`,
 * `binary` and `password`. Formats of numbers (`int32`, `int64`) become bounds in that copy.
 */
const FORMAT_PREFIX = "mpkit:";
const formatNames = new Set<string>();
function registerFormats(): void {
  if (formatNames.size > 0) return;
  const own: Record<string, (s: string) => boolean> = {
    byte: (s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s),
    binary: () => true,
    password: () => true,
  };
  for (const [name, check] of Object.entries({ ...libraryFormats, ...own })) {
    if (name.startsWith(FORMAT_PREFIX)) continue;
    formatNames.add(name);
    libraryFormats[`${FORMAT_PREFIX}${name}`] = (s: string) => s.length <= MOCK_LIMITS.maxFormatLength && check(s);
  }
}

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };

/** Keys of schemas and of the OpenAPI document whose values map names to schemas or objects. */
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "schemas",
  "responses",
  "parameters",
  "requestBodies",
  "headers",
  "content",
  "paths",
  "webhooks",
  "callbacks",
  "links",
  "securitySchemes",
  "encoding",
]);

/**
 * The copy of a document the validator reads: known string formats renamed to their bounded
 * versions, `int32` turned into bounds (and `int64` into an integer type) on numbers. The
 * generated document itself stays as it is (the library marks the schemas it indexes).
 */
function validationCopy(node: unknown, names = false): unknown {
  if (Array.isArray(node)) return node.map((item) => validationCopy(item));
  if (node === null || typeof node !== "object") return node;
  const copy: Record<string, unknown> = {};
  if (names) {
    // The keys of a map like `properties` are names (a property may be called `example`).
    for (const [key, value] of Object.entries(node)) copy[key] = validationCopy(value);
    return copy;
  }
  for (const [key, value] of Object.entries(node)) {
    // Examples are not validated against (and the library would index them as schemas); `enum`
    // and `const` values are data the library only compares.
    if (key === "examples" || key === "example") continue;
    copy[key] = key === "enum" || key === "const" ? value : validationCopy(value, NAME_MAPS.has(key));
  }
  const format = copy.format;
  if (typeof format === "string") {
    const types = Array.isArray(copy.type) ? copy.type : [copy.type];
    const numeric = types.includes("integer") || types.includes("number");
    if (numeric && (format === "int32" || format === "int64")) {
      delete copy.format;
      if (format === "int32") {
        copy.minimum = typeof copy.minimum === "number" ? Math.max(copy.minimum, INT32.minimum) : INT32.minimum;
        copy.maximum = typeof copy.maximum === "number" ? Math.min(copy.maximum, INT32.maximum) : INT32.maximum;
      }
      if (copy.type === "number") copy.type = "integer";
    } else if (formatNames.has(format)) copy.format = `${FORMAT_PREFIX}${format}`;
  }
  return copy;
}

function lookupRaw(document: unknown, pointer: string): unknown {
  let node: unknown = document;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

function lookup(document: unknown, pointer: string): Record<string, unknown> {
  let node: unknown = document;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref === "string" && ref.startsWith("#")) return lookup(document, ref);
  return (node ?? {}) as Record<string, unknown>;
}

export interface Problem {
  /** Where: `path.merchantId`, `query.state`, `header.AuthenticatedUser`, `body/TotalAmount`. */
  at: string;
  message: string;
}

/** A library error in Ajv's words (the messages the mocks always gave), or undefined for an error that only wraps others. */
function message(unit: OutputUnit, value: unknown): string | undefined {
  switch (unit.keyword) {
    case "type":
      return `must be ${Array.isArray(value) ? value.join(",") : String(value)}`;
    case "const":
      return "must be equal to constant";
    case "enum":
      return "must be equal to one of the allowed values";
    case "required":
      return `must have required property '${/"(.*)"\.$/.exec(unit.error)?.[1] ?? ""}'`;
    case "minimum":
      return `must be >= ${String(value)}`;
    case "maximum":
      return `must be <= ${String(value)}`;
    case "exclusiveMinimum":
      return `must be > ${String(value)}`;
    case "exclusiveMaximum":
      return `must be < ${String(value)}`;
    case "multipleOf":
      return `must be multiple of ${String(value)}`;
    case "minLength":
      return `must NOT have fewer than ${String(value)} characters`;
    case "maxLength":
      return `must NOT have more than ${String(value)} characters`;
    case "minItems":
      return `must NOT have fewer than ${String(value)} items`;
    case "maxItems":
      return `must NOT have more than ${String(value)} items`;
    case "minProperties":
      return `must NOT have fewer than ${String(value)} properties`;
    case "maxProperties":
      return `must NOT have more than ${String(value)} properties`;
    case "uniqueItems":
      return "must NOT have duplicate items";
    case "pattern":
      return `must match pattern "${String(value)}"`;
    case "format":
      return `must match format "${String(value).replace(FORMAT_PREFIX, "")}"`;
    case "not":
      return "must NOT be valid";
    case "anyOf":
      return "must match a schema in anyOf";
    case "oneOf":
      return "must match exactly one schema in oneOf";
    case "contains":
    case "minContains":
    case "maxContains": {
      // One message for the three, as Ajv words it; `value` is the schema holding them.
      const { minContains = 1, maxContains } = (value ?? {}) as { minContains?: number; maxContains?: number };
      return maxContains === undefined
        ? `must contain at least ${minContains} valid item(s)`
        : `must contain at least ${minContains} and no more than ${maxContains} valid item(s)`;
    }
    case "additionalProperties":
      return value === false ? "must NOT have additional properties" : undefined;
    case "unevaluatedProperties":
      return value === false ? "must NOT have unevaluated properties" : undefined;
    case "unevaluatedItems":
      return value === false ? "must NOT have unevaluated items" : undefined;
    case "then":
    case "else":
      return `must match "${unit.keyword}" schema`;
    case "propertyNames":
      return "property name must be valid";
    case "dependentRequired":
      return "must have the properties it depends on";
    default:
      // `$ref`, `properties`, `items`, `allOf`, `false` (the parent names it) …: the errors under them say what is wrong.
      return undefined;
  }
}

/** A decoded token of the library's JSON pointers (URI-encoded, `~0`/`~1`-escaped). */
function token(raw: string): string {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // kept as it is
  }
  return text.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The JSON type of a value, as the schema `type` keyword names it (integers are numbers here). */
function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function hasType(value: unknown, types: readonly string[]): boolean {
  const type = jsonType(value);
  return types.includes(type) || (type === "number" && types.includes("integer") && Number.isInteger(value));
}

const NOT_COERCED = Symbol("not coerced");

/** One value converted to one type, or `NOT_COERCED`. */
function coerceTo(value: unknown, type: string): unknown {
  switch (type) {
    case "string":
      return typeof value === "number" || typeof value === "boolean" ? String(value) : value === null ? "" : NOT_COERCED;
    case "number":
    case "integer": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : typeof value === "boolean" ? Number(value) : value === null ? 0 : Number.NaN;
      return Number.isNaN(n) || (type === "integer" && !Number.isInteger(n)) ? NOT_COERCED : n;
    }
    case "boolean":
      return value === "true" || value === 1 ? true : value === "false" || value === 0 || value === null ? false : NOT_COERCED;
    case "null":
      return value === "" || value === 0 || value === false ? null : NOT_COERCED;
    default:
      return NOT_COERCED;
  }
}

/** A value converted to the first of `types` it can be, as Ajv's `coerceTypes: "array"` does. */
function coerceValue(value: unknown, types: readonly string[]): unknown {
  if (hasType(value, types)) return value;
  if (types.includes("array") && (value === null || typeof value !== "object")) return [value];
  let single = value;
  if (Array.isArray(value) && value.length === 1) {
    single = value[0];
    if (hasType(single, types)) return single;
  }
  for (const type of types) {
    const coerced = coerceTo(single, type);
    if (coerced !== NOT_COERCED) return coerced;
  }
  return value;
}

/** A check's schema and what its problems are reported against. */
interface Check {
  schema: Schema;
  /** Whether text values are converted to the schema's types first (parameters, form fields). */
  coerce: boolean;
}

/** Whether a record has no own enumerable key (as `Object.keys(values).length === 0`, without the list). */
function isEmpty(values: Record<string, unknown>): boolean {
  for (const key in values) if (Object.hasOwn(values, key)) return false;
  return true;
}

/** How many values `data` holds (stopping the count at `limit + 1`) and how deep it nests, without recursion. */
function measure(data: unknown, limit: number): { values: number; depth: number } {
  let values = 0;
  let depth = 0;
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length > 0) {
    const [value, level] = stack.pop()!;
    if (values <= limit) values++;
    if (level > depth) depth = level;
    if (depth > MOCK_LIMITS.maxDepth) break;
    if (value !== null && typeof value === "object") {
      for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, level + 1]);
    }
  }
  return { values, depth };
}

export class ProductValidator {
  private readonly id: string;
  private readonly checks = new Map<string, Check>();
  private index?: { document: Record<string, unknown>; lookup: Record<string, Schema | boolean> };

  constructor(private readonly product: ProductMock) {
    this.id = `https://mpkit.invalid/${product.name}/openapi.json`;
  }

  /** The validation copy of the document and the library's index of it, made on first use. */
  private indexed(): { document: Record<string, unknown>; lookup: Record<string, Schema | boolean> } {
    if (!this.index) {
      registerFormats();
      const document = { ...(validationCopy(this.product.document) as Record<string, unknown>), $id: this.id };
      this.index = { document, lookup: dereference(document as Schema) };
    }
    return this.index;
  }

  /** The schema at `pointer` of the validation copy; a pointer to nothing is a broken mock table. */
  private schemaAt(pointer: string): Schema {
    const schema = lookupRaw(this.indexed().document, pointer);
    if (schema === undefined || schema === null) throw new Error(`${this.product.title}: no schema at ${pointer}`);
    return schema as Schema;
  }

  /** A schema node that may be a reference, followed to what it names. */
  private resolve(schema: unknown): Record<string, unknown> | undefined {
    let node = schema;
    for (let hops = 0; hops < 32 && node !== null && typeof node === "object"; hops++) {
      const ref = (node as Schema).__absolute_ref__ ?? (node as Schema).$ref;
      if (typeof ref !== "string") return node as Record<string, unknown>;
      node = this.indexed().lookup[ref];
    }
    return undefined;
  }

  /** The schema value a library error points at (its `keywordLocation`, `$ref`s followed). */
  private valueAt(root: Schema, location: string): unknown {
    let node: unknown = root;
    for (const raw of location.replace(/^#\/?/, "").split("/")) {
      if (raw === "") continue;
      if (node === null || typeof node !== "object") return undefined;
      node = raw === "$ref" ? this.resolve(node) : (node as Record<string, unknown>)[token(raw)];
    }
    return node;
  }

  /** Whether the parameter's schema is an array (so repeated query keys are kept). */
  isArray(parameter: MockParameter): boolean {
    return this.shape(parameter.schema) === "array";
  }

  /** What the schema at `pointer` makes of a serialised value: an array, an object or one value. */
  shape(pointer: string): Shape {
    const schema = lookup(this.product.document, pointer);
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes("array") || schema.items !== undefined || schema.prefixItems !== undefined) return "array";
    if (types.includes("object") || schema.properties !== undefined || schema.additionalProperties !== undefined) return "object";
    const members = [schema.allOf, schema.anyOf, schema.oneOf].find(Array.isArray) as unknown[] | undefined;
    if (members?.[0] && typeof (members[0] as { $ref?: unknown }).$ref === "string") return this.shape((members[0] as { $ref: string }).$ref);
    if (members?.[0]) return this.shape(`${pointer}/${schema.allOf ? "allOf" : schema.anyOf ? "anyOf" : "oneOf"}/0`);
    return "primitive";
  }

  /** The property names of the object schema at `pointer` (following `$ref` and `allOf`), and their schema pointers. */
  properties(pointer: string, depth = 0): Map<string, string> {
    const found = new Map<string, string>();
    if (depth > 10) return found;
    const raw = lookupRaw(this.product.document, pointer) as { $ref?: unknown } | undefined;
    if (typeof raw?.$ref === "string" && raw.$ref.startsWith("#")) return this.properties(raw.$ref, depth + 1);
    const at = pointer;
    const schema = (raw ?? {}) as Record<string, unknown>;
    if (schema.properties !== null && typeof schema.properties === "object") {
      for (const name of Object.keys(schema.properties as object)) found.set(name, `${at}/properties/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
    if (Array.isArray(schema.allOf)) {
      schema.allOf.forEach((_, i) => {
        for (const [name, p] of this.properties(`${at}/allOf/${i}`, depth + 1)) if (!found.has(name)) found.set(name, p);
      });
    }
    return found;
  }

  /**
   * Validates a body of one of the operation's media types. Form and multipart fields arrive
   * as text: `coerce` converts them by their schema (numbers, booleans, arrays) first, in place.
   */
  checkMedia(op: MockOperation, media: MockMedia, body: unknown, coerce: boolean): Problem[] {
    let check = this.mediaChecks.get(media);
    if (check === undefined || check.coerce !== coerce) {
      check = this.check(`media:${op.operationId}:${media.contentType}`, coerce, () => this.schemaAt(media.schema));
      this.mediaChecks.set(media, check);
    }
    return this.run(check, "body", body);
  }

  /** The checks of the tables' own objects (a media type, an operation's parameter groups), found without building a key per request. */
  private readonly mediaChecks = new WeakMap<MockMedia, Check>();
  private readonly parameterChecks = new WeakMap<MockOperation, { required: Set<string>; checks: Partial<Record<"path" | "query" | "header" | "cookie", Check>> }>();

  private check(key: string, coerce: boolean, schema: () => Schema): Check {
    let found = this.checks.get(key);
    if (!found) {
      found = { schema: schema(), coerce };
      this.checks.set(key, found);
    }
    return found;
  }

  /** Runs a check: the verdict from a pass that stops at the first problem, the problems from a complete one when the input is small. */
  private run(check: Check, prefix: string, input: unknown): Problem[] {
    const { values, depth } = measure(input, MOCK_LIMITS.maxValuesForFullReport);
    if (depth > MOCK_LIMITS.maxDepth) return [{ at: prefix, message: `is nested deeper than ${MOCK_LIMITS.maxDepth} levels` }];
    if (check.coerce) this.coerce(input, check.schema, 0);
    const { lookup } = this.indexed();
    let data = input;
    let fast;
    try {
      fast = validate(data, check.schema, "2020-12", lookup, true);
    } catch {
      // A value JSON has no type for (`undefined` in a hand-written body …): judged as it would be sent.
      try {
        data = JSON.parse(JSON.stringify(input) ?? "null");
        fast = validate(data, check.schema, "2020-12", lookup, true);
      } catch {
        return [{ at: prefix, message: "is not JSON data" }];
      }
    }
    if (fast.valid) return [];
    if (values > MOCK_LIMITS.maxValuesForFullReport) return this.describe(prefix, check.schema, fast.errors, false);
    const full = validate(data, check.schema, "2020-12", lookup, false);
    return full.valid ? this.describe(prefix, check.schema, fast.errors, false) : this.describe(prefix, check.schema, full.errors, true);
  }

  /** The library's errors as problems, in Ajv's words; at most `maxProblems`, and when there are more, a last entry counts them. */
  private describe(prefix: string, schema: Schema, errors: readonly OutputUnit[], complete: boolean): Problem[] {
    const all: Problem[] = [];
    const seen = new Set<string>();
    for (const unit of errors) {
      // Items that fail a `contains` schema are no problem of their own.
      if (/\/contains\//.test(unit.keywordLocation)) continue;
      const contains = /^(?:contains|minContains|maxContains)$/.test(unit.keyword);
      const value = this.valueAt(schema, contains ? unit.keywordLocation.replace(/\/[^/]*$/, "") : unit.keywordLocation);
      // A property the schema declares is evaluated by it, valid or not (as Ajv tells them apart):
      // its own problems are listed, not an "unevaluated property" besides.
      if (unit.keyword === "unevaluatedProperties" && this.declares(schema, unit, /^Property "(.*)" does not/.exec(unit.error)?.[1])) continue;
      const text = message(unit, value);
      if (text === undefined) continue;
      const missing = unit.keyword === "required" ? `/${/"(.*)"\.$/.exec(unit.error)?.[1] ?? ""}` : "";
      const path = unit.instanceLocation
        .replace(/^#\/?/, "")
        .split("/")
        .filter((t) => t !== "")
        .map((t) => token(t).replace(/~/g, "~0").replace(/\//g, "~1"))
        .join("/");
      const where = `${path}${missing}`.replace(/^\//, "");
      const at = prefix === "body" ? `body${where ? `/${where}` : ""}` : `${prefix}${where ? `.${where.replace(/\//g, ".")}` : ""}`;
      if (seen.has(`${at}\n${text}`)) continue;
      seen.add(`${at}\n${text}`);
      all.push({ at, message: text });
    }
    if (all.length === 0) all.push({ at: prefix, message: "is invalid" });
    const problems = all.slice(0, MOCK_LIMITS.maxProblems);
    if (all.length > MOCK_LIMITS.maxProblems) {
      problems.push({ at: prefix, message: `has ${all.length - MOCK_LIMITS.maxProblems} more problems` });
    } else if (!complete) {
      problems.push({ at: prefix, message: `may have more problems (only the first is listed for inputs of over ${MOCK_LIMITS.maxValuesForFullReport} values)` });
    }
    return problems;
  }

  /** Whether the schema holding an `unevaluatedProperties` error declares the property in `properties` (its own or its members'). */
  private declares(root: Schema, unit: OutputUnit, name: string | undefined): boolean {
    if (name === undefined) return false;
    const holder = this.valueAt(root, unit.keywordLocation.replace(/\/unevaluatedProperties$/, ""));
    return this.facets(holder).some((f) => f.properties !== null && typeof f.properties === "object" && Object.hasOwn(f.properties, name));
  }

  private readonly facetsOf = new WeakMap<object, Record<string, unknown>[]>();

  /** The schema and the members it is made of (`allOf`, `anyOf`, `oneOf`), references followed, in order; kept per schema. */
  private facets(schema: unknown): Record<string, unknown>[] {
    if (schema === null || typeof schema !== "object") return [];
    let found = this.facetsOf.get(schema);
    if (!found) this.facetsOf.set(schema, (found = this.collectFacets(schema, [], 0)));
    return found;
  }

  private collectFacets(schema: unknown, found: Record<string, unknown>[], depth: number): Record<string, unknown>[] {
    const node = this.resolve(schema);
    if (!node || depth > 16 || found.includes(node)) return found;
    found.push(node);
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      const members = node[key];
      if (Array.isArray(members)) for (const member of members) this.collectFacets(member, found, depth + 1);
    }
    return found;
  }

  /**
   * Converts text to the types the schema names, as Ajv's `coerceTypes: "array"` did: numbers,
   * integers, booleans and null from their text, a single value to a one-item array and back;
   * into array items and object properties, replacing them in place.
   */
  private coerce(value: unknown, schema: unknown, depth: number): unknown {
    if (depth > MOCK_LIMITS.maxDepth) return value;
    const facets = this.facets(schema);
    const types: string[] = [];
    for (const facet of facets) {
      for (const t of Array.isArray(facet.type) ? facet.type : [facet.type]) if (typeof t === "string" && !types.includes(t)) types.push(t);
    }
    const result = types.length > 0 ? coerceValue(value, types) : value;
    if (Array.isArray(result)) {
      const items = facets.find((f) => f.items !== undefined && typeof f.items === "object")?.items;
      if (items !== undefined) for (let i = 0; i < result.length; i++) result[i] = this.coerce(result[i], items, depth + 1);
    } else if (result !== null && typeof result === "object") {
      const record = result as Record<string, unknown>;
      for (const facet of facets) {
        const properties = facet.properties as Record<string, unknown> | undefined;
        if (properties === null || typeof properties !== "object") continue;
        for (const name of Object.keys(record)) {
          if (Object.hasOwn(properties, name)) record[name] = this.coerce(record[name], properties[name], depth + 1);
        }
      }
    }
    return result;
  }

  /** Validates (and coerces in place) one group of parameters. */
  checkParameters(op: MockOperation, where: "path" | "query" | "header" | "cookie", values: Record<string, unknown>): Problem[] {
    let groups = this.parameterChecks.get(op);
    if (groups === undefined) this.parameterChecks.set(op, (groups = { required: new Set(op.parameters.filter((p) => p.required).map((p) => p.in)), checks: {} }));
    // No value and none required: nothing a group's schema (properties and `required` only) could refuse.
    if (!groups.required.has(where) && isEmpty(values)) return [];
    const check = (groups.checks[where] ??= this.check(`${op.operationId}:${where}`, true, () => {
      const group = op.parameters.filter((p) => p.in === where);
      return {
        type: "object",
        properties: Object.fromEntries(group.map((p) => [p.name, this.schemaAt(p.schema)])),
        required: group.filter((p) => p.required).map((p) => p.name),
      };
    }));
    return this.run(check, where, values);
  }

  checkBody(op: MockOperation, body: unknown): Problem[] {
    const schema = op.requestBody?.schema;
    if (schema === undefined) return [];
    return this.run(this.check(`body:${op.operationId}`, false, () => this.schemaAt(schema)), "body", body);
  }

  /**
   * Validates a response body against the schema the spec documents for that status; useful
   * for checking hand-written handler overrides. An undocumented status is a problem too.
   */
  checkResponse(op: MockOperation, status: number | string, body: unknown): Problem[] {
    const documented = op.responses.find((r) => r.status === String(status));
    if (!documented) return [{ at: "status", message: `${status} is not documented for ${op.operationId}` }];
    const schema = documented.schema;
    if (!schema) return body === undefined || body === null || body === "" ? [] : [{ at: "body", message: "must be empty" }];
    const check = this.check(`response:${op.operationId}:${documented.status}`, false, () => this.schemaAt(schema));
    return this.run(check, "body", body);
  }

  /**
   * Validates a webhook payload (what MobilePay sends to the merchant or PSP) against the spec,
   * e.g. in the receiving endpoint or in its tests. An unknown webhook name is a problem too.
   */
  checkWebhook(name: string, body: unknown): Problem[] {
    const webhooks = this.product.webhooks ?? {};
    const pointer = Object.hasOwn(webhooks, name) ? webhooks[name] : undefined;
    if (!pointer) return [{ at: "webhook", message: `${this.product.title} has no webhook "${name}" with a body` }];
    return this.run(this.check(`webhook:${name}`, false, () => this.schemaAt(pointer)), "body", body);
  }
}
