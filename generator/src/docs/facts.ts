/**
 * What the guides and the search read from a product model, beyond what the model holds
 * directly: where each operation lands in its Redoc page, the error codes (code, status, meaning,
 * operations), the fields of each operation's bodies, and the webhooks with their tags.
 */
import { get, resolve } from "../model/json-pointer.js";
import type { OperationModel, ProductModel } from "../model/model.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Redoc 3's URL slug of a tag or an operation id. */
export function redocSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** Hash route of an operation (or webhook) in its product page: `#/<tag>/<operationid>`. */
export function operationRoute(tag: string, operationId: string): string {
  return `/${redocSlug(tag)}/${redocSlug(operationId)}`;
}

export function webhookTag(product: ProductModel, name: string, method: string): string {
  const item = get(product.document, `#/webhooks/${name.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}`);
  return isObject(item) && Array.isArray(item.tags) && typeof item.tags[0] === "string" ? item.tags[0] : "webhooks";
}

export interface Target {
  operationId: string;
  summary: string;
  tag: string;
  route: string;
  webhook?: string;
}

/** Every operation and webhook of the product with its route. */
export function targets(product: ProductModel): Target[] {
  const list: Target[] = product.operations.map((op) => ({
    operationId: op.operationId,
    summary: op.summary,
    tag: op.tags[0] ?? "default",
    route: operationRoute(op.tags[0] ?? "default", op.operationId),
  }));
  for (const hook of product.webhooks) {
    const tag = webhookTag(product, hook.name, hook.method);
    list.push({ operationId: hook.operationId, summary: hook.summary, tag, route: operationRoute(tag, hook.operationId), webhook: hook.name });
  }
  return list;
}

/** Walks a schema (following $refs, compositions, properties, items) and calls `visit` on each node once. */
export function walkSchema(document: unknown, pointer: string, visit: (node: Json, pointer: string) => void): void {
  const seen = new Set<string>();
  const step = (node: unknown, at: string) => {
    const resolved = resolve(document, node, at);
    if (!isObject(resolved.node) || seen.has(resolved.pointer)) return;
    seen.add(resolved.pointer);
    const schema = resolved.node;
    visit(schema, resolved.pointer);
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      if (Array.isArray(schema[key])) (schema[key] as unknown[]).forEach((s, i) => step(s, `${resolved.pointer}/${key}/${i}`));
    }
    if (isObject(schema.properties)) for (const [name, s] of Object.entries(schema.properties)) step(s, `${resolved.pointer}/properties/${name}`);
    if (schema.items !== undefined) step(schema.items, `${resolved.pointer}/items`);
  };
  step(get(document, pointer), pointer);
}

export interface ErrorCode {
  code: string;
  /** HTTP statuses it comes with (`webhook` for codes MobilePay sends in callbacks). */
  statuses: string[];
  meaning: string;
  /** operationIds (and webhook operationIds) that can answer or send it. */
  operations: string[];
}

function enumMeanings(schema: Json): Map<string, string> | undefined {
  const described = schema["x-enumDescriptions"];
  if (!isObject(described) || !Array.isArray(schema.enum)) return undefined;
  return new Map(schema.enum.map((v) => [String(v), typeof described[String(v)] === "string" ? (described[String(v)] as string) : ""]));
}

/**
 * The product's error codes: enum values with `x-enumDescriptions` in the body of an error
 * answer (status ≥ 400) or of a webhook payload, plus the codes of the `x-mpkit-rules` errors; one
 * entry per code.
 */
export function errorCodes(product: ProductModel): ErrorCode[] {
  const rows = new Map<string, ErrorCode>();
  const meanings = new Map<string, string>();
  const add = (code: string, status: string, meaning: string, operationId: string) => {
    const key = code;
    const row = rows.get(key) ?? { code, statuses: [], meaning, operations: [] };
    if (!row.statuses.includes(status)) row.statuses.push(status);
    if (row.meaning === "" && meaning !== "") row.meaning = meaning;
    if (!row.operations.includes(operationId)) row.operations.push(operationId);
    rows.set(key, row);
  };
  const collect = (pointer: string, status: string, operationId: string) =>
    walkSchema(product.document, pointer, (schema) => {
      const codes = enumMeanings(schema);
      if (!codes) return;
      for (const [code, meaning] of codes) {
        meanings.set(code, meaning);
        add(code, status, meaning, operationId);
      }
    });
  for (const op of product.operations) {
    for (const response of op.responses) {
      if (!/^[45]/.test(response.status) || !response.schemaPointer) continue;
      collect(response.schemaPointer, response.status, op.operationId);
    }
  }
  for (const hook of product.webhooks) if (hook.requestBody) collect(hook.requestBody.schemaPointer, "webhook", hook.operationId);
  for (const op of product.operations) {
    for (const rule of op.rules) {
      if (!isObject(rule) || !Array.isArray(rule.errors)) continue;
      for (const error of rule.errors) {
        if (!isObject(error) || error.code === undefined) continue;
        const code = String(error.code);
        add(code, String(error.status ?? ""), meanings.get(code) ?? (typeof error.when === "string" ? error.when : ""), op.operationId);
      }
    }
  }
  const statusOrder = (s: string) => (s === "webhook" ? 1000 : Number.parseInt(s, 10) || 999);
  for (const row of rows.values()) row.statuses.sort((a, b) => statusOrder(a) - statusOrder(b));
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code, "en", { numeric: true }));
}

export interface Field {
  name: string;
  description?: string;
  /** Where it appears: `request` or the response status. */
  where: string;
}

/** The named properties of an operation's request body and 2xx bodies (through $refs and compositions). */
export function operationFields(product: ProductModel, op: Pick<OperationModel, "requestBody" | "responses">): Field[] {
  const fields = new Map<string, Field>();
  const collect = (pointer: string, where: string) =>
    walkSchema(product.document, pointer, (schema) => {
      if (!isObject(schema.properties)) return;
      for (const [name, sub] of Object.entries(schema.properties)) {
        if (fields.has(name)) continue;
        const described = resolve(product.document, sub, pointer).node;
        const description = isObject(sub) && typeof sub.description === "string" ? sub.description : isObject(described) && typeof described.description === "string" ? described.description : undefined;
        fields.set(name, { name, description, where });
      }
    });
  if (op.requestBody) collect(op.requestBody.schemaPointer, "request");
  for (const response of op.responses) if (/^2/.test(response.status) && response.schemaPointer) collect(response.schemaPointer, response.status);
  return [...fields.values()];
}
