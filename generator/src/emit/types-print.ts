/**
 * The printing half of `emit-types.ts`: openapi-typescript's transform and TypeScript's printer
 * (loaded only by the thread that prints a product's types).
 */
import { astToString, NULL, type OpenAPI3, resolveRef, scanDiscriminators, type SchemaObject, transformSchema, tsUnion } from "openapi-typescript";
import ts from "typescript";
import { get } from "../model/json-pointer.js";
import type { OperationModel, ProductModel } from "../model/model.js";

/** What printing a product's types reads of its model (all a worker thread is sent). */
export type TypesInput = Pick<ProductModel, "document" | "callbacks"> & { operations: Pick<OperationModel, "operationId" | "path" | "method">[] };

type TypesContext = Parameters<typeof transformSchema>[1];
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** JSON pointer escaping, as openapi-typescript writes the paths it hands to `transform`. */
const escape = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Where a file is sent as bytes: the schemas of request bodies that are neither JSON, text nor
 * an URL-encoded form (`multipart/form-data`, `application/octet-stream` …), and every schema
 * they reference. In them a binary string (`format: binary`, or a `contentMediaType` without
 * `contentEncoding`) is a `Blob` (a `File` too), since that is what a caller passes.
 */
function byteBodyPointers(document: Obj): string[] {
  const roots: string[] = [];
  const visit = (item: unknown, at: string) => {
    if (!isObj(item)) return;
    for (const [method, op] of Object.entries(item)) {
      if (!isObj(op) || !isObj(op.requestBody)) continue;
      let body = op.requestBody;
      let bodyAt = `${at}/${method}/requestBody`;
      if (typeof body.$ref === "string") {
        bodyAt = body.$ref;
        const target = get(document, body.$ref);
        body = isObj(target) ? target : {};
      }
      if (!isObj(body.content)) continue;
      for (const type of Object.keys(body.content)) {
        if (/json|^text\/|^application\/x-www-form-urlencoded/i.test(type)) continue;
        roots.push(`${bodyAt}/content/${escape(type)}/schema`);
      }
    }
  };
  for (const group of ["paths", "webhooks"]) {
    const items = isObj(document[group]) ? document[group] : {};
    for (const [key, item] of Object.entries(items)) visit(item, `#/${group}/${escape(key)}`);
  }
  // Follow `$ref`s from the roots, so a component schema used by such a body counts too.
  const found = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const pointer = queue.pop()!;
    if (found.has(pointer)) continue;
    found.add(pointer);
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (isObj(node)) {
        if (typeof node.$ref === "string" && node.$ref.startsWith("#/")) queue.push(node.$ref);
        Object.values(node).forEach(walk);
      }
    };
    walk(get(document, pointer));
  }
  return [...found];
}

const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));

function isBinary(schema: SchemaObject): boolean {
  const s = schema as Obj;
  const string = s.type === "string" || (Array.isArray(s.type) && s.type.includes("string"));
  return string && (s.format === "binary" || (typeof s.contentMediaType === "string" && s.contentEncoding === undefined));
}

function binaryAsBlob(pointers: string[]): TypesContext["transform"] {
  if (pointers.length === 0) return undefined;
  return (schema, options) => {
    if (!isBinary(schema)) return undefined;
    const at = options.path ?? "";
    if (!pointers.some((p) => at === p || at.startsWith(`${p}/`))) return undefined;
    const nullable = (schema as Obj).nullable === true || (Array.isArray(schema.type) && schema.type.includes("null"));
    return nullable ? tsUnion([BLOB, NULL]) : BLOB;
  };
}

/**
 * openapi-typescript's transform, run on the bundled document the loader already linted (with
 * rules stricter than openapi-typescript's own) and bundled: `openapiTS()` would parse, lint and
 * bundle it a second time. The options are openapiTS()'s defaults, except
 * `defaultNonNullable: false`: a property with a `default` stays optional where the spec does not
 * require it (a caller may leave it out; the server fills the default in).
 */
export function typesOf(product: TypesInput): string {
  // The transform may keep references into the object it is given; give it a copy.
  const copy = structuredClone(product.document);
  forTypes(copy, product);
  const schema = copy as unknown as OpenAPI3;
  const options = { silent: true, defaultNonNullable: false };
  const ctx: TypesContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable,
    // scanDiscriminators walks every node building a path array per node (~10% of the types'
    // CPU); a document without a discriminator gets what it would return, found by a plain walk.
    discriminators: hasDiscriminator(schema) ? scanDiscriminators(schema, options) : { objects: {}, refsHandled: [] },
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined as unknown as TypesContext["redoc"],
    silent: options.silent,
    inject: undefined,
    transform: binaryAsBlob(byteBodyPointers(schema as unknown as Obj)),
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: options.silent }),
  };
  return astToString(transformSchema(schema, ctx));
}

/** Whether scanDiscriminators would find anything: an object (anywhere, examples too) whose `discriminator` has a `propertyName`. */
function hasDiscriminator(node: unknown): boolean {
  if (node === null || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some(hasDiscriminator);
  const discriminator = (node as Obj).discriminator as { propertyName?: unknown } | null | undefined;
  if (discriminator !== null && discriminator !== undefined && discriminator.propertyName) return true;
  for (const key in node) if (Object.hasOwn(node, key) && hasDiscriminator((node as Obj)[key])) return true;
  return false;
}

// mpkit-spec (issue 16): what openapi-typescript would type so that valid specs fail to compile.
/** Keys whose values are data, not schemas: never rewritten. */
const DATA_KEYS = new Set(["example", "examples", "const", "default", "enum"]);

/**
 * Rewrites the copy of the document openapi-typescript reads (the committed document and the
 * mocks' validation document are not touched):
 * - an object schema that says nothing of its properties allows any (`{ [key: string]: unknown }`,
 *   not `Record<string, never>`, which no example with keys satisfies);
 * - a discriminator without a mapping whose subschemas carry their value as `const` (or a
 *   one-value `enum`) gets that mapping, so the types use the values, not the schema names;
 * - operations' callbacks are typed like webhooks (`webhooks["<operationId>.<name>"]`).
 */
function forTypes(doc: Obj, product: TypesInput): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    if (
      (node.type === "object" || (Array.isArray(node.type) && node.type.includes("object"))) &&
      !["properties", "additionalProperties", "patternProperties", "allOf", "anyOf", "oneOf", "$ref", "unevaluatedProperties"].some((k) => k in node)
    ) {
      node.additionalProperties = true;
    }
    if (isObj(node.discriminator) && typeof node.discriminator.propertyName === "string") addMapping(doc, node, node.discriminator.propertyName);
    for (const [key, value] of Object.entries(node)) if (!DATA_KEYS.has(key) && !key.startsWith("x-")) walk(value);
  };
  walk(doc);
  const callbacks = product.callbacks ?? [];
  if (callbacks.length > 0) {
    const webhooks: Obj = isObj(doc.webhooks) ? doc.webhooks : {};
    for (const hook of callbacks) {
      const owner = product.operations.find((o) => o.operationId === hook.callback!.operationId);
      const item = owner && isObj(doc.paths) ? deref(doc, doc.paths[owner.path]) : {};
      const operation = owner ? deref(doc, item[owner.method]) : {};
      if (!isObj(operation.callbacks)) continue;
      const callback = deref(doc, operation.callbacks[hook.callback!.name]);
      const target = deref(doc, callback[hook.callback!.expression]);
      webhooks[hook.name] = { ...(isObj(webhooks[hook.name]) ? (webhooks[hook.name] as Obj) : {}), [hook.method]: target[hook.method] };
    }
    doc.webhooks = webhooks;
  }
}

function deref(doc: Obj, node: unknown): Obj {
  let current = node;
  for (let i = 0; i < 20 && isObj(current) && typeof current.$ref === "string" && current.$ref.startsWith("#/"); i++) {
    let target: unknown = doc;
    for (const token of current.$ref.slice(2).split("/")) {
      const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
      target = isObj(target) && Object.hasOwn(target, key) ? target[key] : undefined;
    }
    current = target;
  }
  return isObj(current) ? current : {};
}

/** The discriminator value a subschema carries: `const`, or the only value of `enum`. */
function carriedValue(doc: Obj, schema: Obj, property: string, depth = 0): string | undefined {
  if (depth > 5) return undefined;
  const props = isObj(schema.properties) ? schema.properties : {};
  const prop = deref(doc, props[property]);
  if (typeof prop.const === "string") return prop.const;
  if (Array.isArray(prop.enum) && prop.enum.length === 1 && typeof prop.enum[0] === "string") return prop.enum[0];
  for (const member of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const found = carriedValue(doc, deref(doc, member), property, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function addMapping(doc: Obj, node: Obj, property: string): void {
  const discriminator = node.discriminator as Obj;
  const members = [...(Array.isArray(node.oneOf) ? node.oneOf : []), ...(Array.isArray(node.anyOf) ? node.anyOf : [])];
  const mapping: Record<string, string> = isObj(discriminator.mapping) ? { ...(discriminator.mapping as Record<string, string>) } : {};
  const mapped = new Set(Object.values(mapping));
  for (const member of members) {
    if (!isObj(member) || typeof member.$ref !== "string" || mapped.has(member.$ref)) continue;
    const value = carriedValue(doc, deref(doc, member), property);
    if (value === undefined) return; // one subschema without a carried value: keep openapi-typescript's own reading
    mapping[value] = member.$ref;
  }
  if (Object.keys(mapping).length > 0) discriminator.mapping = mapping;
}
