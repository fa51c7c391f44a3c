/**
 * OpenAPI 3.0 schemas in their OpenAPI 3.1 / JSON Schema 2020-12 form (issue 16), for everything
 * that validates with Ajv: the mocks' validation document and the generator's example checks.
 * A 3.1 document is returned as it is.
 *
 * - `nullable: true` → `"null"` added to `type` (and to `enum`); beside `allOf`/`anyOf`/`oneOf`
 *   without a `type`, the schema becomes `anyOf: [schema, { type: "null" }]`; `nullable: false` goes;
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` → the number form (`minimum` moves into it);
 * - `example` → `examples: [example]`; `x-*` extensions stay (Ajv ignores them).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

const ONE_SCHEMA = new Set(["items", "not", "additionalProperties", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

/** Whether a document is OpenAPI 3.0 (its schemas need upgrading). */
export function isOpenApi30(document: Obj): boolean {
  return typeof document.openapi === "string" && document.openapi.startsWith("3.0");
}

function define(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One 3.0 schema (and its subschemas) in the 2020-12 form; a new object, the input is kept. */
export function upgradeSchema(schema: unknown): unknown {
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "exclusiveMinimum" || key === "exclusiveMaximum" || key === "example") continue;
    if (ONE_SCHEMA.has(key)) define(out, key, upgradeSchema(value));
    else if (SCHEMA_MAPS.has(key) && isObj(value)) define(out, key, Object.fromEntries(Object.entries(value).map(([k, v]) => [k, upgradeSchema(v)])));
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) define(out, key, value.map(upgradeSchema));
    else define(out, key, value);
  }
  if ("example" in schema && !("examples" in schema)) out.examples = [schema.example];
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    const value = schema[flag];
    if (typeof value === "number") out[flag] = value;
    else if (value === true && typeof schema[bound] === "number") {
      out[flag] = schema[bound];
      delete out[bound];
    }
  }
  if (schema.nullable === true && !("$ref" in schema)) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined && ["allOf", "anyOf", "oneOf"].some((k) => k in out)) return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

/**
 * The whole document with every schema upgraded (the schemas under `components.schemas` and
 * every `schema` of a parameter, header or media type), for validating against its pointers.
 */
export function upgradeDocument(document: Obj): Obj {
  if (!isOpenApi30(document)) return document;
  const walk = (node: unknown, key: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, undefined));
    if (!isObj(node)) return node;
    const out: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "example" || k === "examples" || k.startsWith("x-")) define(out, k, v);
      else if (k === "schema") define(out, k, upgradeSchema(v));
      else if (key === "schemas" && isObj(v)) define(out, k, upgradeSchema(v));
      else define(out, k, walk(v, k));
    }
    return out;
  };
  return walk(document, undefined) as Obj;
}

function resolve(document: Obj, node: unknown): Obj {
  let current = node;
  for (let hops = 0; hops < 50 && isObj(current) && typeof current.$ref === "string" && current.$ref.startsWith("#"); hops++) {
    let target: unknown = document;
    for (const raw of current.$ref.replace(/^#\/?/, "").split("/").filter((t) => t !== "")) {
      const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      target = isObj(target) && Object.hasOwn(target, token) ? target[token] : undefined;
    }
    current = target;
  }
  return isObj(current) ? current : {};
}

/** Property schemas of an object schema, through `$ref` and every member of `allOf`/`anyOf`/`oneOf`; `open` when any key is allowed. */
function shape(document: Obj, schema: unknown, depth = 0): { props: Map<string, unknown>; open: boolean } {
  const node = resolve(document, schema);
  const props = new Map<string, unknown>();
  let open = depth > 20;
  let closedSomewhere = false;
  if (isObj(node.properties)) {
    closedSomewhere = true;
    for (const [k, v] of Object.entries(node.properties)) if (!props.has(k)) props.set(k, v);
  }
  if (node.additionalProperties !== undefined && node.additionalProperties !== false) open = true;
  if (node.patternProperties !== undefined || node.unevaluatedProperties === true) open = true;
  for (const keyword of ["allOf", "anyOf", "oneOf"]) {
    if (!Array.isArray(node[keyword])) continue;
    for (const member of node[keyword] as unknown[]) {
      const inner = shape(document, member, depth + 1);
      if (inner.open) open = true;
      if (inner.props.size > 0) closedSomewhere = true;
      for (const [k, v] of inner.props) if (!props.has(k)) props.set(k, v);
    }
  }
  // A schema that says nothing about properties allows any (as its generated type does).
  if (!closedSomewhere) open = true;
  return { props, open };
}

/**
 * Keys of `value` that its generated type would refuse as excess properties: TypeScript checks
 * object literals (the mocks' examples are checked with `satisfies`) against the properties the
 * schema lists, where JSON Schema allows any unless `additionalProperties: false`. Paths of the
 * excess keys, e.g. `/items/0/colour`.
 */
export function excessProperties(document: Obj, schema: unknown, value: unknown, at = "", depth = 0): string[] {
  if (depth > 50) return [];
  const node = resolve(document, schema);
  if (Array.isArray(value)) {
    const items = node.items ?? (["allOf", "anyOf", "oneOf"].map((k) => node[k]).find(Array.isArray) as unknown[] | undefined)?.map((m) => resolve(document, m).items).find(Boolean);
    return items === undefined ? [] : value.flatMap((item, i) => excessProperties(document, items, item, `${at}/${i}`, depth + 1));
  }
  if (!isObj(value)) return [];
  const { props, open } = shape(document, node);
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (props.has(key)) found.push(...excessProperties(document, props.get(key), item, `${at}/${key}`, depth + 1));
    else if (!open) found.push(`${at}/${key}`);
  }
  return found;
}
