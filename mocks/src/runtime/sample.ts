/**
 * Values built from a schema of the bundled document, for documented responses the spec gives no
 * example for (an empty list, a 200 with only a schema). One walker serves two strategies: the
 * runtime's own minimal one (no dependency: required fields only, empty lists, the first enum
 * value) and the fake-data entry's (`@mpkit/mocks/data`), which plugs in realistic leaves.
 */

export type Schema = Record<string, unknown>;

const isObj = (v: unknown): v is Schema => v !== null && typeof v === "object" && !Array.isArray(v);

/** The node at a JSON pointer (`#/components/schemas/Thing`), `$ref`s followed. */
export function schemaAt(document: unknown, pointer: string, depth = 0): Schema {
  let node: unknown = document;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObj(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  }
  return resolveSchema(document, isObj(node) ? node : {}, depth);
}

/** Follows a local `$ref` (at most 32 in a row: a loop ends in an empty schema). */
export function resolveSchema(document: unknown, schema: Schema, depth = 0): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#") || depth > 32) return schema;
  const { $ref: _ref, ...rest } = schema;
  const target = schemaAt(document, ref, depth + 1);
  return Object.keys(rest).length === 0 ? target : { ...target, ...rest };
}

/** `allOf` members merged into one object schema (properties and required lists joined). */
function merged(document: unknown, schema: Schema, depth: number): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  let out: Schema = { ...rest };
  for (const part of allOf as Schema[]) {
    const s = merged(document, resolveSchema(document, part, depth), depth + 1);
    out = {
      ...s,
      ...out,
      properties: { ...(s.properties as Schema | undefined), ...(out.properties as Schema | undefined) },
      required: [...((s.required as string[] | undefined) ?? []), ...((out.required as string[] | undefined) ?? [])],
    };
  }
  return out;
}

/** What a strategy decides: the leaves, which optional fields appear, how long lists are. */
export interface SampleStrategy {
  /** A value for a schema that is not an object or array (or `undefined` for the default). */
  leaf?(schema: Schema, name: string | undefined): unknown;
  /** Whether an optional property is filled in. */
  optional?(name: string): boolean;
  /** How many items a list gets (within minItems/maxItems; the caller clamps). */
  length?(schema: Schema, name: string | undefined, depth: number): number;
  /** Which `oneOf`/`anyOf` member to build. */
  choose?(count: number): number;
  /** The clock: date and date-time values are built from it. */
  now: Date;
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return (t.find((x) => x !== "null") ?? t[0]) as string | undefined;
  if (typeof t === "string") return t;
  if (isObj(schema.properties)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

function clampNumber(schema: Schema, value: number, integer: boolean): number {
  let v = value;
  const min = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + (integer ? 1 : 0.01) : undefined;
  const max = typeof schema.maximum === "number" ? schema.maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - (integer ? 1 : 0.01) : undefined;
  if (min !== undefined && v < min) v = min;
  if (max !== undefined && v > max) v = max;
  if (typeof schema.multipleOf === "number" && schema.multipleOf > 0) v = Math.ceil(v / schema.multipleOf) * schema.multipleOf;
  return integer ? Math.round(v) : Math.round(v * 100) / 100;
}

/** The minimal leaf: a documented example, else a value of the format, type and limits. */
export function minimalLeaf(schema: Schema, now: Date): unknown {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  const type = typeOf(schema);
  if (type === "null") return null;
  if (type === "boolean") return false;
  if (type === "integer" || type === "number") return clampNumber(schema, 0, type === "integer");
  if (type !== "string" && type !== undefined) return null;
  switch (schema.format) {
    case "uuid":
      return "00000000-0000-4000-8000-000000000000";
    case "date-time":
      return now.toISOString();
    case "date":
      return now.toISOString().slice(0, 10);
    case "email":
      return "someone@example.com";
    case "uri":
    case "url":
      return "https://example.com/";
    default: {
      const min = typeof schema.minLength === "number" ? schema.minLength : 0;
      return "x".repeat(Math.max(min, 1)).slice(0, typeof schema.maxLength === "number" ? schema.maxLength : undefined);
    }
  }
}

/** A value for the schema at `pointer`, built with `strategy` (default: the minimal one). */
export function sampleSchema(document: unknown, pointer: string, strategy: SampleStrategy): unknown {
  return build(document, schemaAt(document, pointer), undefined, strategy, 0);
}

function build(document: unknown, raw: Schema, name: string | undefined, strategy: SampleStrategy, depth: number): unknown {
  const schema = merged(document, resolveSchema(document, raw), depth);
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    const pick = strategy.choose ? strategy.choose(alternatives.length) : 0;
    const { oneOf: _o, anyOf: _a, ...rest } = schema;
    const member = merged(document, resolveSchema(document, alternatives[pick] ?? alternatives[0]!), depth);
    return build(document, { ...rest, ...member }, name, strategy, depth + 1);
  }
  const type = typeOf(schema);
  if (depth > 12) return type === "array" ? [] : type === "object" ? {} : minimalLeaf(schema, strategy.now);
  if (type === "object") {
    const out: Record<string, unknown> = {};
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries((schema.properties as Schema | undefined) ?? {})) {
      if (!required.has(key) && !(strategy.optional?.(key) ?? false)) continue;
      if (!isObj(child)) continue;
      out[key] = build(document, child, key, strategy, depth + 1);
    }
    return out;
  }
  if (type === "array") {
    const min = typeof schema.minItems === "number" ? schema.minItems : 0;
    const max = typeof schema.maxItems === "number" ? schema.maxItems : Infinity;
    const wanted = Math.min(Math.max(strategy.length?.(schema, name, depth) ?? 0, min), max);
    const items = isObj(schema.items) ? schema.items : {};
    return Array.from({ length: wanted }, () => build(document, items, name, strategy, depth + 1));
  }
  if (schema.const === undefined && !Array.isArray(schema.enum) && strategy.leaf) {
    const value = strategy.leaf(schema, name);
    if (value !== undefined) return value;
  }
  return minimalLeaf(schema, strategy.now);
}
