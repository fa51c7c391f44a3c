/**
 * fast-check arbitraries of values valid against a JSON Schema (2020-12, as OpenAPI 3.1 uses),
 * derived from the mocks' validation document. Honours $ref, type (and type lists), const, enum,
 * formats, patterns (through `fc.stringMatching`), lengths, bounds, required/optional properties,
 * allOf (merged), oneOf/anyOf (one branch) and `contains`; `not` and oneOf exclusivity are left
 * to chance. Generated formats are checked with an independent Ajv.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";

type Schema = Record<string, unknown>;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

/** Where the value goes: headers take printable ASCII only; paths and queries any text. */
export type Place = "body" | "path" | "query" | "header";

const EMAIL: Schema = { type: "string", format: "email" };
const URI: Schema = { type: "string", format: "uri" };
const isObject = (v: unknown): v is Schema => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * `fc.stringMatching` per pattern, built once: building one tokenizes fast-check's string biases
 * against the pattern's character classes (most of the fuzz test's CPU when it was rebuilt for
 * every generated request). Arbitraries are immutable, so a shared one draws the same values.
 */
const matchingCache = new Map<string, fc.Arbitrary<string>>();
function matching(pattern: RegExp): fc.Arbitrary<string> {
  const key = `${pattern.flags}/${pattern.source}`;
  let arb = matchingCache.get(key);
  if (!arb) matchingCache.set(key, (arb = fc.stringMatching(pattern)));
  return arb;
}

export class SchemaArbitraries {
  private readonly oracle = new Ajv2020({ strict: false, allErrors: false, logger: false });
  private readonly compiled = new WeakMap<Schema, ValidateFunction>();
  private readonly id: string;

  constructor(private readonly document: Schema, name: string) {
    this.id = `https://fuzz.invalid/${name}/openapi.json`;
    addFormats(this.oracle);
    for (const f of ["int32", "int64", "float", "double", "byte", "binary", "password"]) this.oracle.addFormat(f, () => true);
    this.oracle.addSchema({ ...document, $id: this.id }, undefined, undefined, false);
  }

  /** Whether `value` is valid against `schema` (a node of the document, `$ref`s resolved against it). */
  valid(schema: Schema, value: unknown): boolean {
    let validate = this.compiled.get(schema);
    if (!validate) {
      const rewritten = JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#/g, `"$ref":"${this.id}#`)) as Schema;
      validate = this.oracle.compile(rewritten);
      this.compiled.set(schema, validate);
    }
    return validate(value);
  }

  /** The schema at a JSON pointer (`#/components/schemas/X`), following `$ref`s. */
  resolve(schema: Schema, seen = 0): Schema {
    const ref = schema.$ref;
    if (typeof ref !== "string" || seen > 32) return schema;
    let node: unknown = this.document;
    for (const raw of ref.replace(/^#\/?/, "").split("/").filter(Boolean)) {
      node = (node as Schema | undefined)?.[decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    const { $ref: _drop, ...siblings } = schema;
    return this.resolve({ ...(isObject(node) ? node : {}), ...siblings }, seen + 1);
  }

  /** Merges `allOf` members (and a `contains` list) into one schema. */
  private merge(a: Schema, b: Schema): Schema {
    const ra = this.resolve(a);
    const rb = this.resolve(b);
    const out: Schema = { ...ra, ...rb };
    if (isObject(ra.properties) || isObject(rb.properties)) {
      const props: Schema = { ...((ra.properties as Schema) ?? {}) };
      for (const [k, v] of Object.entries((rb.properties as Schema) ?? {})) {
        props[k] = isObject(props[k]) && isObject(v) ? this.merge(props[k] as Schema, v) : v;
      }
      out.properties = props;
    }
    out.required = [...new Set([...((ra.required as string[]) ?? []), ...((rb.required as string[]) ?? [])])];
    const contains = [ra, rb].flatMap((s) => (Array.isArray(s.containsAll) ? s.containsAll : isObject(s.contains) ? [s.contains] : []));
    if (contains.length > 0) out.containsAll = contains;
    delete out.contains;
    return out;
  }

  arbitrary(input: Schema, place: Place = "body", depth = 0): fc.Arbitrary<unknown> {
    let schema = this.resolve(input);
    if (Array.isArray(schema.allOf)) {
      const { allOf, ...rest } = schema;
      schema = (allOf as Schema[]).reduce<Schema>((acc, s) => this.merge(acc, s), rest);
    }
    // `not` and oneOf exclusivity are not filtered for (a filter that never passes would spin
    // forever); the rare value that breaks them is refused, which the 2xx share shows.
    return this.build(schema, place, depth);
  }

  private build(schema: Schema, place: Place, depth: number): fc.Arbitrary<unknown> {
    if ("const" in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
    if (Array.isArray(branches)) {
      const { oneOf: _o, anyOf: _a, ...rest } = schema;
      return fc.oneof(...branches.map((b) => this.arbitrary(this.merge(rest, b), place, depth + 1)));
    }
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];
    if (types.length > 1) return fc.oneof(...types.map((t) => this.build({ ...schema, type: t }, place, depth)));
    const type = types[0] ?? (schema.properties ? "object" : schema.items ? "array" : undefined);
    switch (type) {
      case "string":
        return this.string(schema, place);
      case "integer":
      case "number":
        return this.number(schema, type === "integer");
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array":
        return this.array(schema, place, depth);
      case "object":
        return this.object(schema, place, depth);
      default:
        return place === "body" ? fc.jsonValue({ maxDepth: 2 }) : fc.string({ maxLength: 8 });
    }
  }

  private string(schema: Schema, place: Place): fc.Arbitrary<string> {
    const minLength = (schema.minLength as number | undefined) ?? 0;
    const maxLength = (schema.maxLength as number | undefined) ?? Number.POSITIVE_INFINITY;
    const pattern = typeof schema.pattern === "string" ? new RegExp(schema.pattern, "u") : undefined;
    let arb: fc.Arbitrary<string>;
    switch (schema.format) {
      case "uuid":
        arb = fc.uuid();
        break;
      case "date":
        arb = fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
        break;
      case "date-time":
        arb = fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString());
        break;
      case "email":
        arb = fc.emailAddress().filter((s) => this.valid(EMAIL, s));
        break;
      case "uri":
      case "url":
        arb = fc.webUrl({ validSchemes: ["https"], withQueryParameters: true }).filter((s) => this.valid(URI, s));
        break;
      default:
        if (pattern) {
          arb = matching(pattern);
        } else {
          const unit = place === "header" ? "grapheme-ascii" : fc.oneof(fc.constant("grapheme-ascii" as const), fc.constant("binary" as const));
          arb =
            typeof unit === "string"
              ? fc.string({ unit, minLength, maxLength: Math.min(maxLength, minLength + 24) })
              : unit.chain((u) => fc.string({ unit: u, minLength, maxLength: Math.min(maxLength, minLength + 24) }));
          // Patterns and formats make their own lengths; a plain string stays short.
        }
    }
    const length = (s: string) => [...s].length;
    return arb.filter((s) => length(s) >= minLength && length(s) <= maxLength && (!pattern || pattern.test(s)));
  }

  private number(schema: Schema, integer: boolean): fc.Arbitrary<number> {
    const bound = (v: unknown) => (typeof v === "number" ? v : undefined);
    const int32 = schema.format === "int32";
    let min = bound(schema.minimum) ?? (int32 ? -(2 ** 31) : -1e9);
    let max = bound(schema.maximum) ?? (int32 ? 2 ** 31 - 1 : 1e9);
    const exMin = bound(schema.exclusiveMinimum);
    const exMax = bound(schema.exclusiveMaximum);
    if (integer) {
      if (exMin !== undefined) min = Math.max(min, Math.floor(exMin) + 1);
      if (exMax !== undefined) max = Math.min(max, Math.ceil(exMax) - 1);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    const step = bound(schema.multipleOf);
    if (step !== undefined) {
      const lo = Math.ceil((exMin ?? min) / step + (exMin !== undefined ? 1e-9 : 0));
      const hi = Math.floor((exMax ?? max) / step - (exMax !== undefined ? 1e-9 : 0));
      return fc.integer({ min: lo, max: hi }).map((k) => k * step);
    }
    return fc.double({
      min: exMin ?? min,
      max: exMax ?? max,
      minExcluded: exMin !== undefined,
      maxExcluded: exMax !== undefined,
      noNaN: true,
      noDefaultInfinity: true,
    }).map((n) => (Object.is(n, -0) ? 0 : n));
  }

  private array(schema: Schema, place: Place, depth: number): fc.Arbitrary<unknown[]> {
    const items = isObject(schema.items) ? schema.items : {};
    const containsAll = Array.isArray(schema.containsAll) ? (schema.containsAll as Schema[]) : [];
    if (containsAll.length > 0) {
      // One item for each `contains` clause (the specs use them as "exactly one link of each rel").
      return fc.tuple(...containsAll.map((c) => this.arbitrary(this.merge(items, c), place, depth + 1)));
    }
    const minLength = (schema.minItems as number | undefined) ?? 0;
    const cap = depth > 4 ? minLength : minLength + 3;
    const maxLength = Math.min((schema.maxItems as number | undefined) ?? cap, cap);
    const item = this.arbitrary(items, place, depth + 1);
    return schema.uniqueItems
      ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
      : fc.array(item, { minLength, maxLength });
  }

  private object(schema: Schema, place: Place, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const keys = Object.keys(properties).filter((k) => required.has(k) || depth < 6);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const key of keys) model[key] = this.arbitrary(properties[key] as Schema, place, depth + 1);
    return fc.record(model, { requiredKeys: keys.filter((k) => required.has(k)) });
  }
}
