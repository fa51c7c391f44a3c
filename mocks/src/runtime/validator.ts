/**
 * Request validation against the spec with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 * Schemas are compiled lazily, once per operation, from the bundled document.
 *
 * Every check is bounded (see `MOCK_LIMITS`): the verdict comes from a validator that stops at the
 * first problem (linear in the input); the full list of problems is only built for inputs small
 * enough that Ajv's error collection (quadratic in the number of problems) stays cheap, and is
 * capped; strings longer than `maxFormatLength` fail their `format` before any regex runs; bodies
 * nested deeper than `maxDepth` are refused before Ajv recurses into them.
 */
// Ajv's core with the 2020-12 vocabularies, as `Ajv2020` assembles them, minus what validation
// never uses: the meta-schemas (schemas are not validated against them: the document comes from a
// linted spec) and the OpenAPI `discriminator` keyword (an annotation here, stripped from the
// document). About 2.3 KB gzip of every browser bundle.
import AjvCore, { type ErrorObject, type Options, type ValidateFunction } from "ajv/dist/core.js";
import draft2020Module from "ajv/dist/vocabularies/draft2020.js";
// The format definitions only: ajv-formats' plugin entry would also bundle Ajv's draft-07 build and
// the formatMinimum keywords, which no spec uses (about 3 KB gzip of every browser bundle).
import formatsModule from "ajv-formats/dist/formats.js";
import { MOCK_LIMITS } from "./limits.js";
import type { Shape } from "./params.js";
import type { MockMedia, MockOperation, MockParameter, ProductMock } from "./types.js";

// ajv-formats is CommonJS; its exports arrive wrapped under `default` under some loaders.
const { fullFormats } = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as typeof formatsModule;
const addFormats = (ajv: Ajv2020) => {
  for (const [name, format] of Object.entries(fullFormats)) ajv.addFormat(name, format as Parameters<Ajv2020["addFormat"]>[1]);
};

// Both are CommonJS; their exports arrive wrapped under `default` under some loaders.
const Core = ((AjvCore as unknown as { default?: unknown }).default ?? AjvCore) as unknown as typeof AjvCore.default;
const draft2020 = ((draft2020Module as unknown as { default?: unknown }).default ?? draft2020Module) as unknown as typeof draft2020Module.default;

/** JSON Schema 2020-12 (as OpenAPI 3.1 uses), as `Ajv2020` validates it. */
class Ajv2020 extends Core {
  constructor(options: Options) {
    super({ ...options, dynamicRef: true, next: true, unevaluated: true, meta: false, validateSchema: false });
  }
  override _addVocabularies(): void {
    super._addVocabularies();
    for (const vocabulary of draft2020) this.addVocabulary(vocabulary);
  }
}

type FormatDefinition = RegExp | ((value: string) => boolean) | { type?: string; validate: unknown; async?: boolean; compare?: unknown };

/** Re-registers every string format so that a string over `maxFormatLength` fails it without running its regex. */
function boundFormatLengths(ajv: Ajv2020): void {
  const formats = (ajv as unknown as { formats: Record<string, FormatDefinition> }).formats;
  for (const [name, definition] of Object.entries(formats)) {
    if (typeof definition === "object" && !(definition instanceof RegExp) && (definition.type ?? "string") !== "string") continue;
    if (typeof definition === "object" && !(definition instanceof RegExp) && definition.async) continue;
    const check =
      definition instanceof RegExp
        ? (s: string) => definition.test(s)
        : typeof definition === "function"
          ? definition
          : definition.validate instanceof RegExp
            ? (s: string) => (definition.validate as RegExp).test(s)
            : (definition.validate as (s: string) => boolean);
    const validate = (s: string) => s.length <= MOCK_LIMITS.maxFormatLength && check(s);
    const rest = typeof definition === "object" && !(definition instanceof RegExp) ? definition : {};
    ajv.addFormat(name, { ...rest, type: "string", validate } as Parameters<Ajv2020["addFormat"]>[1]);
  }
}

function makeAjv(coerce: boolean, allErrors: boolean): Ajv2020 {
  // The class turns off `validateSchema` (checking each schema against the meta-schema compiled
  // that meta-schema per instance: most of a first answer's CPU).
  const ajv = new Ajv2020({ strict: false, allErrors, coerceTypes: coerce ? "array" : false, logger: false });
  addFormats(ajv);
  // OpenAPI's own formats.
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("float", { type: "number", validate: () => true });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat("binary", () => true);
  ajv.addFormat("password", () => true);
  boundFormatLengths(ajv);
  return ajv;
}

function fragment(pointer: string): string {
  return `#${pointer
    .replace(/^#/, "")
    .split("/")
    .map((t) => encodeURIComponent(t))
    .join("/")}`;
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

function describeOne(prefix: string, e: ErrorObject): Problem {
  const missing = e.keyword === "required" ? `/${String((e.params as { missingProperty: string }).missingProperty)}` : "";
  const where = `${e.instancePath}${missing}`.replace(/^\//, "");
  const at = prefix === "body" ? `body${where ? `/${where}` : ""}` : `${prefix}${where ? `.${where.replace(/\//g, ".")}` : ""}`;
  return { at, message: e.message ?? "is invalid" };
}

/** At most `maxProblems` problems; when there are more, a last entry counts them. */
function describe(prefix: string, errors: ErrorObject[] | null | undefined, complete: boolean): Problem[] {
  const all = errors ?? [];
  const problems: Problem[] = [];
  for (let i = 0; i < all.length && i < MOCK_LIMITS.maxProblems; i++) problems.push(describeOne(prefix, all[i]!));
  if (all.length > MOCK_LIMITS.maxProblems) {
    problems.push({ at: prefix, message: `has ${all.length - MOCK_LIMITS.maxProblems} more problems` });
  } else if (!complete) {
    problems.push({ at: prefix, message: `may have more problems (only the first is listed for inputs of over ${MOCK_LIMITS.maxValuesForFullReport} values)` });
  }
  return problems;
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

/** A fast validator for the verdict and, compiled on first need, a complete one for the report. */
interface Check {
  fast: ValidateFunction;
  full?: ValidateFunction;
  compileFull: () => ValidateFunction;
}

export class ProductValidator {
  private readonly bodyAjv = makeAjv(false, false);
  private readonly bodyAjvFull = makeAjv(false, true);
  private readonly paramAjv = makeAjv(true, false);
  private readonly paramAjvFull = makeAjv(true, true);
  private readonly id: string;
  private readonly checks = new Map<string, Check>();

  constructor(private readonly product: ProductMock) {
    this.id = `https://mpkit.invalid/${product.name}/openapi.json`;
    for (const ajv of [this.bodyAjv, this.bodyAjvFull, this.paramAjv, this.paramAjvFull]) {
      ajv.addSchema({ ...product.document, $id: this.id }, undefined, undefined, false);
    }
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
    const key = `media:${op.operationId}:${media.contentType}`;
    return this.run(this.check(key, coerce, () => ({ $ref: `${this.id}${fragment(media.schema)}` })), "body", body);
  }

  private check(key: string, params: boolean, schema: () => Record<string, unknown>): Check {
    let found = this.checks.get(key);
    if (!found) {
      const [fast, full] = params ? [this.paramAjv, this.paramAjvFull] : [this.bodyAjv, this.bodyAjvFull];
      const entry: Check = {
        fast: fast.compile(schema()),
        compileFull: () => (entry.full ??= full.compile(schema())),
      };
      found = entry;
      this.checks.set(key, found);
    }
    return found;
  }

  /** Runs a check: the verdict from the fast validator, the problems from the complete one when the input is small. */
  private run(check: Check, prefix: string, data: unknown): Problem[] {
    const { values, depth } = measure(data, MOCK_LIMITS.maxValuesForFullReport);
    if (depth > MOCK_LIMITS.maxDepth) return [{ at: prefix, message: `is nested deeper than ${MOCK_LIMITS.maxDepth} levels` }];
    if (check.fast(data)) return [];
    if (values > MOCK_LIMITS.maxValuesForFullReport) return describe(prefix, check.fast.errors, false);
    const full = check.compileFull();
    return full(data) ? describe(prefix, check.fast.errors, false) : describe(prefix, full.errors, true);
  }

  /** Validates (and coerces in place) one group of parameters. */
  checkParameters(op: MockOperation, where: "path" | "query" | "header" | "cookie", values: Record<string, unknown>): Problem[] {
    const check = this.check(`${op.operationId}:${where}`, true, () => {
      const group = op.parameters.filter((p) => p.in === where);
      return {
        type: "object",
        properties: Object.fromEntries(group.map((p) => [p.name, { $ref: `${this.id}${fragment(p.schema)}` }])),
        required: group.filter((p) => p.required).map((p) => p.name),
      };
    });
    return this.run(check, where, values);
  }

  checkBody(op: MockOperation, body: unknown): Problem[] {
    const schema = op.requestBody?.schema;
    if (schema === undefined) return [];
    return this.run(this.check(`body:${op.operationId}`, false, () => ({ $ref: `${this.id}${fragment(schema)}` })), "body", body);
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
    const check = this.check(`response:${op.operationId}:${documented.status}`, false, () => ({ $ref: `${this.id}${fragment(schema)}` }));
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
    return this.run(this.check(`webhook:${name}`, false, () => ({ $ref: `${this.id}${fragment(pointer)}` })), "body", body);
  }
}
