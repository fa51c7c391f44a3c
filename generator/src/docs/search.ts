/**
 * The search across every product: operations, webhooks, schemas, fields and error codes,
 * shipped as a script (`window.MPKIT_SEARCH`), which loads from file:// where a fetched index
 * would not. The script carries the entries gzip-compressed (base64): the page inflates them
 * with the browser's DecompressionStream and indexes them with MiniSearch when the search is
 * first used (a few milliseconds for every product), which costs a fifth of the bytes of a
 * serialized index. Each entry's `url` opens the right place: the operation in its Redoc page,
 * or the error-code row in the product's guide.
 */
import { gzipSync } from "node:zlib";
import { resolve } from "../model/json-pointer.js";
import type { Model, ProductModel } from "../model/model.js";
import { scriptJson } from "./json.js";
import { errorCodes, operationFields, targets } from "./facts.js";

export interface SearchEntry {
  id: string;
  kind: "operation" | "webhook" | "schema" | "field" | "error code";
  title: string;
  /** The exact name: operationId, webhook key, field or schema name, error code. */
  name: string;
  text: string;
  product: string;
  productTitle: string;
  /** Relative to the site root. */
  url: string;
}

export const SEARCH_OPTIONS = {
  fields: ["name", "title", "text"],
  // The product is the first folder of `url`: stored once, the whole site's 4 MB budget pays for it.
  storeFields: ["kind", "title", "url"],
};

/** Short plain text from markdown: no tables, code fences or markup, at most `max` characters. */
function plain(markdown: string | undefined, max = 240): string {
  if (!markdown) return "";
  const text = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/^\|.*\|$/gm, " ")
    .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1")
    .replace(/[`*_#>]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function errorAnchor(code: string): string {
  return `error-${code}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

export function searchEntries(product: ProductModel): SearchEntry[] {
  const entries: SearchEntry[] = [];
  const base = { product: product.name, productTitle: product.title };
  const page = `${product.name}/index.html`;
  const routeOf = new Map(targets(product).map((t) => [t.operationId, t]));
  for (const op of product.operations) {
    const target = routeOf.get(op.operationId)!;
    entries.push({
      ...base,
      id: `${product.name}:operation:${op.operationId}`,
      kind: "operation",
      title: op.summary,
      name: op.operationId,
      text: `${op.method.toUpperCase()} ${op.path} ${target.tag} ${plain(op.description, 120)}`,
      url: `${page}#${target.route}`,
    });
  }
  for (const hook of product.webhooks) {
    const target = routeOf.get(hook.operationId)!;
    entries.push({ ...base, id: `${product.name}:webhook:${hook.name}`, kind: "webhook", title: hook.summary, name: `${hook.name} ${hook.operationId}`, text: `${target.tag} webhook callback`, url: `${page}#${target.route}` });
  }
  // Fields and schemas land on the first operation (or webhook) that carries them.
  const fields = new Map<string, { description?: string; operations: string[]; url: string }>();
  const schemas = new Map<string, { description?: string; url: string }>();
  const bodies = [
    ...product.operations.map((op) => ({ op, id: op.operationId })),
    ...product.webhooks.map((hook) => ({ op: { requestBody: hook.requestBody, responses: [] }, id: hook.operationId })),
  ];
  for (const { op, id } of bodies) {
    const url = `${page}#${routeOf.get(id)!.route}`;
    for (const field of operationFields(product, op)) {
      const known = fields.get(field.name);
      if (known) known.operations.push(id);
      else fields.set(field.name, { description: field.description, operations: [id], url });
    }
    for (const pointer of [op.requestBody?.schemaPointer, ...op.responses.map((r) => r.schemaPointer)]) {
      if (!pointer) continue;
      const resolved = resolve(product.document, { $ref: pointer }, pointer);
      const name = /^#\/components\/schemas\/([^/]+)$/.exec(resolved.pointer)?.[1];
      if (name && !schemas.has(name)) {
        const node = resolved.node as { description?: string };
        schemas.set(name, { description: node?.description, url });
      }
    }
  }
  for (const [name, field] of fields) {
    entries.push({ ...base, id: `${product.name}:field:${name}`, kind: "field", title: name, name, text: plain(field.description, 60), url: field.url });
  }
  for (const [name, schema] of schemas) {
    entries.push({ ...base, id: `${product.name}:schema:${name}`, kind: "schema", title: name, name, text: plain(schema.description, 60), url: schema.url });
  }
  for (const error of errorCodes(product)) {
    entries.push({
      ...base,
      id: `${product.name}:error:${error.code}`,
      kind: "error code",
      title: `${error.code} ${error.meaning}`.trim(),
      name: error.code,
      text: `${error.statuses.join(" ")} error ${error.operations.join(" ")}`,
      url: `${product.name}/guide.html#${errorAnchor(error.code)}`,
    });
  }
  return entries;
}

/** What the page indexes: an entry without the product (the first folder of its url). */
export type SearchDoc = Omit<SearchEntry, "product" | "productTitle">;

export function searchDocs(model: Model): SearchDoc[] {
  return model.products.flatMap(searchEntries).map(({ product: _p, productTitle: _t, ...doc }) => doc);
}

export function searchIndexScript(model: Model): string {
  const docs = gzipSync(JSON.stringify(searchDocs(model)), { level: 9 }).toString("base64");
  return `window.MPKIT_SEARCH=${scriptJson({ options: SEARCH_OPTIONS, docs })};\n`;
}
