/**
 * The part of a bundled spec that request and response validation needs: the schemas the
 * mock table points at, the webhook payloads, and everything they reference, with annotations (descriptions,
 * examples, titles, vendor extensions) removed. Keyword-aware, so a property *named*
 * `description` is kept.
 */
import { get, setOwn } from "../model/json-pointer.js";
import { isOpenApi30, upgradeSchema } from "../model/json-schema.js";
import type { ProductModel } from "../model/model.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

const ANNOTATIONS = new Set(["description", "title", "example", "examples", "externalDocs", "discriminator", "xml", "$comment"]);
const ONE_SCHEMA = new Set([
  "items",
  "not",
  "if",
  "then",
  "else",
  "additionalProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "propertyNames",
  "contentSchema",
]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

export function stripSchema(schema: unknown): unknown {
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (ONE_SCHEMA.has(key)) setOwn(out, key, stripSchema(value));
    else if (SCHEMA_MAPS.has(key) && isObj(value)) setOwn(out, key, Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripSchema(v)])));
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) setOwn(out, key, value.map(stripSchema));
    else setOwn(out, key, value);
  }
  return out;
}

function collectRefs(node: unknown, into: string[]): void {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, into));
  else if (isObj(node)) {
    if (typeof node.$ref === "string" && node.$ref.startsWith("#")) into.push(node.$ref);
    Object.values(node).forEach((n) => collectRefs(n, into));
  }
}

function setAt(target: Obj, pointer: string, value: unknown): void {
  const tokens = pointer
    .replace(/^#\//, "")
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = target;
  tokens.forEach((token, i) => {
    const here = Object.hasOwn(node, token) ? node[token] : undefined;
    if (i === tokens.length - 1) setOwn(node, token, value);
    else if (isObj(here)) node = here;
    else {
      const next: Obj = {};
      setOwn(node, token, next);
      node = next;
    }
  });
}

/** Schemas at the pointers the mocks use, plus the closure of their `$ref`s, stripped. */
export function validationDocument(product: ProductModel): Obj {
  const roots = product.operations.flatMap((op) => [
    ...op.parameters.map((p) => p.schemaPointer),
    ...(op.requestBody ? [op.requestBody.schemaPointer, ...(op.requestBody.alternatives ?? []).map((a) => a.schemaPointer)] : []),
    ...op.responses.flatMap((r) => (r.schemaPointer ? [r.schemaPointer] : [])),
  ]);
  // Webhook payloads too, so that a receiver can validate what MobilePay sends it.
  for (const hook of product.webhooks) if (hook.requestBody) roots.push(hook.requestBody.schemaPointer);
  const out: Obj = {};
  // An OpenAPI 3.0 spec's schemas are translated to the 2020-12 form the mocks' Ajv reads.
  const legacy = isOpenApi30(product.document);
  const done = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const pointer = queue.shift() as string;
    if (done.has(pointer)) continue;
    done.add(pointer);
    const raw = get(product.document, pointer) ?? {};
    const stripped = stripSchema(legacy ? upgradeSchema(raw) : raw);
    setAt(out, pointer, stripped);
    const refs: string[] = [];
    collectRefs(stripped, refs);
    queue.push(...refs);
  }
  return sortKeysDeep(out, 0) as Obj;
}

/** Top-level groups in a stable order; below the first two levels, the spec's own order. */
function sortKeysDeep(node: unknown, depth: number): unknown {
  if (!isObj(node) || depth > 1) return node;
  return Object.fromEntries(
    Object.keys(node)
      .sort()
      .map((k) => [k, sortKeysDeep(node[k], depth + 1)]),
  );
}
