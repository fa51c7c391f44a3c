/**
 * The document a product page renders: the bundled spec, deep-copied, with what only the docs
 * need added (the hand-written specs stay as they are), and the toolkit's `x-mpkit-*` extensions,
 * which Redoc does not show, left out:
 * - a `title` on every `oneOf`/`anyOf` alternative that has none, derived from what tells the
 *   alternatives apart (required fields, constant values, bounds), so Redoc names them instead
 *   of showing "object (2)";
 * - `x-codeSamples` per operation (see samples.ts).
 */
import type { ProductModel } from "../model/model.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const refName = (ref: string) => ref.split("/").pop() ?? ref;

function describeValue(schema: Json): string | undefined {
  if ("const" in schema) return `= ${JSON.stringify(schema.const)}`;
  if (Array.isArray(schema.enum)) return schema.enum.length === 1 ? `= ${JSON.stringify(schema.enum[0])}` : `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const bounds: string[] = [];
  if (typeof schema.minimum === "number") bounds.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === "number") bounds.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === "number") bounds.push(`≤ ${schema.maximum}`);
  if (typeof schema.exclusiveMaximum === "number") bounds.push(`< ${schema.exclusiveMaximum}`);
  if (bounds.length > 0) return bounds.join(" and ");
  return undefined;
}

/** A short name for one alternative, or undefined when nothing tells it apart. */
export function alternativeTitle(schema: Json): string | undefined {
  if (typeof schema.title === "string") return schema.title;
  if (typeof schema.$ref === "string") return refName(schema.$ref);
  if (schema.type === "null") return "null";
  const parts: string[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const [name, sub] of Object.entries(properties)) {
    if (!isObject(sub)) continue;
    const value = describeValue(sub) ?? (Array.isArray(sub.anyOf) || Array.isArray(sub.oneOf) ? "restricted" : undefined);
    if (value) parts.push(`${name} ${value}`);
  }
  const requiredOnly = required.filter((name) => !parts.some((p) => p.startsWith(`${name} `)));
  if (requiredOnly.length > 0) parts.unshift(`with ${requiredOnly.join(" and ")}`);
  if (parts.length > 0) return parts.join(", ");
  const value = describeValue(schema);
  if (value) return `value ${value}`;
  if (typeof schema.type === "string") return schema.type;
  return undefined;
}

/** Titles every untitled `oneOf`/`anyOf` alternative in place; returns how many it named. */
export function nameAlternatives(node: unknown): number {
  let named = 0;
  if (Array.isArray(node)) {
    for (const item of node) named += nameAlternatives(item);
    return named;
  }
  if (!isObject(node)) return 0;
  for (const key of ["oneOf", "anyOf"] as const) {
    const alternatives = node[key];
    if (!Array.isArray(alternatives)) continue;
    const titles = alternatives.map((alt, i) => (isObject(alt) ? alternativeTitle(alt) : undefined) ?? `alternative ${i + 1}`);
    // Two alternatives with one name help nobody: number them.
    const seen = new Map<string, number>();
    for (const t of titles) seen.set(t, (seen.get(t) ?? 0) + 1);
    alternatives.forEach((alt, i) => {
      if (!isObject(alt) || typeof alt.title === "string" || typeof alt.$ref === "string") return;
      alt.title = seen.get(titles[i]!)! > 1 ? `${titles[i]} (${i + 1})` : titles[i];
      named += 1;
    });
  }
  for (const value of Object.values(node)) named += nameAlternatives(value);
  return named;
}

export interface DocsDocumentOptions {
  /** `x-codeSamples` by operationId. */
  codeSamples?: Map<string, { lang: string; label: string; source: string }[]>;
}

/** `x-mpkit-*` extensions drive the generator; Redoc shows none of them. */
function withoutToolkitExtensions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutToolkitExtensions);
  if (!isObject(node)) return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => !key.startsWith("x-mpkit-")).map(([key, value]) => [key, withoutToolkitExtensions(value)]));
}

export function docsDocument(product: ProductModel, options: DocsDocumentOptions = {}): Json {
  const document = withoutToolkitExtensions(product.document) as Json;
  nameAlternatives(document);
  if (options.codeSamples) {
    const paths = isObject(document.paths) ? document.paths : {};
    for (const item of Object.values(paths)) {
      if (!isObject(item)) continue;
      for (const operation of Object.values(item)) {
        if (!isObject(operation) || typeof operation.operationId !== "string") continue;
        const samples = options.codeSamples.get(operation.operationId);
        if (samples) operation["x-codeSamples"] = samples;
      }
    }
  }
  return document;
}
