/**
 * Compares two JSON Schemas of the bundled documents (base and working tree) in one
 * direction and reports what the change means for code that uses the generated client.
 *
 * - `write`: a request (parameter or body) that the caller builds. Narrowing breaks callers.
 * - `read`: a response or a webhook payload that the caller (or the merchant's webhook
 *   receiver) reads. Widening breaks readers.
 *
 * `$ref`s are followed on both sides, so a change to a shared schema is reported at every
 * place it is reached from. `allOf` members are merged into one view before comparing.
 */
import { child, get, resolve } from "../model/json-pointer.js";
import type { ChangeClass } from "./change.js";

type Obj = Record<string, unknown>;
export type Direction = "write" | "read";

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export interface SchemaSide {
  doc: Obj;
  node: unknown;
  pointer: string;
}

export interface SchemaChangeSink {
  (kind: ChangeClass, code: string, where: string, message: string, extra?: { runtimeOnly?: boolean; note?: string }): void;
}

export interface SchemaContext {
  direction: Direction;
  /** A non-2xx response body: error codes added there are expected, removed ones break comparisons. */
  errorBody?: boolean;
  add: SchemaChangeSink;
}

/** Limits: which way is "narrower" when the number grows. */
const UPPER = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"] as const;
const LOWER = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties", "multipleOf"] as const;

interface View {
  pointer: string;
  types?: string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  limits: Record<string, number>;
  hasDefault: boolean;
  default?: unknown;
  properties: Map<string, SchemaSide>;
  required: Set<string>;
  additionalProperties?: boolean | SchemaSide;
  items?: SchemaSide;
  oneOf?: SchemaSide[];
  anyOf?: SchemaSide[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  docs: string;
}

function deref(side: SchemaSide): { node: Obj; pointer: string } {
  const found = resolve(side.doc, side.node, side.pointer);
  return { node: isObj(found.node) ? found.node : {}, pointer: found.pointer };
}

function typesOf(node: Obj): string[] | undefined {
  let types: string[] | undefined;
  if (typeof node.type === "string") types = [node.type];
  else if (Array.isArray(node.type)) types = node.type.filter((t): t is string => typeof t === "string");
  if (types && node.nullable === true && !types.includes("null")) types = [...types, "null"];
  return types?.sort();
}

/** The schema with `$ref`s followed and `allOf` members merged (first definition of a keyword wins). */
export function viewOf(side: SchemaSide, depth = 0): View {
  const { node, pointer } = deref(side);
  const view: View = {
    pointer,
    types: typesOf(node),
    limits: {},
    hasDefault: "default" in node,
    default: node.default,
    properties: new Map(),
    required: new Set(Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === "string") : []),
    docs: JSON.stringify([node.description, node.title, node.example, node.examples, node.deprecated]),
  };
  if (Array.isArray(node.enum)) view.enum = node.enum;
  else if ("const" in node) view.enum = [node.const];
  if (typeof node.format === "string") view.format = node.format;
  if (typeof node.pattern === "string") view.pattern = node.pattern;
  for (const key of [...UPPER, ...LOWER]) if (typeof node[key] === "number") view.limits[key] = node[key] as number;
  if (isObj(node.properties)) {
    for (const [name, value] of Object.entries(node.properties)) {
      view.properties.set(name, { doc: side.doc, node: value, pointer: child(pointer, "properties", name) });
    }
  }
  if (typeof node.additionalProperties === "boolean") view.additionalProperties = node.additionalProperties;
  else if (isObj(node.additionalProperties)) {
    view.additionalProperties = { doc: side.doc, node: node.additionalProperties, pointer: child(pointer, "additionalProperties") };
  }
  if (isObj(node.items)) view.items = { doc: side.doc, node: node.items, pointer: child(pointer, "items") };
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const list = node[keyword];
    if (Array.isArray(list)) view[keyword] = list.map((member, i) => ({ doc: side.doc, node: member, pointer: child(pointer, keyword, i) }));
  }
  if (isObj(node.discriminator) && typeof node.discriminator.propertyName === "string") {
    const mapping = isObj(node.discriminator.mapping) ? (node.discriminator.mapping as Record<string, string>) : {};
    view.discriminator = { propertyName: node.discriminator.propertyName, mapping };
  }
  if (Array.isArray(node.allOf) && depth < 10) {
    node.allOf.forEach((member, i) => {
      const m = viewOf({ doc: side.doc, node: member, pointer: child(pointer, "allOf", i) }, depth + 1);
      view.types ??= m.types;
      view.enum ??= m.enum;
      view.format ??= m.format;
      view.pattern ??= m.pattern;
      for (const [k, v] of Object.entries(m.limits)) view.limits[k] ??= v;
      for (const [k, v] of m.properties) if (!view.properties.has(k)) view.properties.set(k, v);
      for (const r of m.required) view.required.add(r);
      view.additionalProperties ??= m.additionalProperties;
      view.items ??= m.items;
      view.oneOf ??= m.oneOf;
      view.anyOf ??= m.anyOf;
      view.discriminator ??= m.discriminator;
      if (!view.hasDefault && m.hasDefault) Object.assign(view, { hasDefault: true, default: m.default });
    });
  }
  return view;
}

/** The schema with every `$ref` inlined (cycles cut), for "is this the same shape" questions. */
export function shapeOf(side: SchemaSide, stack: string[] = []): unknown {
  const { node, pointer } = deref(side);
  if (stack.includes(pointer)) return { $cycle: pointer.split("/").pop() };
  const walk = (value: unknown, at: string): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, child(at, i)));
    if (!isObj(value)) return value;
    if (typeof value.$ref === "string") return shapeOf({ doc: side.doc, node: value, pointer: at }, [...stack, pointer]);
    const out: Obj = {};
    for (const key of Object.keys(value).sort()) {
      if (["description", "title", "example", "examples", "x-mpkit-state-machine"].includes(key)) continue;
      out[key] = walk(value[key], child(at, key));
    }
    return out;
  };
  return walk(node, pointer);
}

export function sameShape(a: SchemaSide, b: SchemaSide): boolean {
  return JSON.stringify(shapeOf(a)) === JSON.stringify(shapeOf(b));
}

const show = (v: unknown): string => (typeof v === "string" ? `"${v}"` : JSON.stringify(v));
const list = (values: unknown[]): string => values.map(show).join(", ");
const fieldPath = (where: string, name: string): string => (where.endsWith(" ") || where === "" ? `${where}${name}` : `${where}.${name}`);

/** Which member of a `oneOf`/`anyOf` this is: its `$ref` target name, else its position. */
function memberKey(member: SchemaSide, index: number): string {
  return isObj(member.node) && typeof member.node.$ref === "string" ? member.node.$ref.split("/").pop()! : `#${index + 1}`;
}

export function compareSchemas(ctx: SchemaContext, a: SchemaSide, b: SchemaSide, where: string, stack: string[] = []): void {
  const va = viewOf(a);
  const vb = viewOf(b);
  const key = `${va.pointer}|${vb.pointer}`;
  if (stack.includes(key)) return;
  stack = [...stack, key];
  const { direction, add } = ctx;
  const read = direction === "read";
  const noun = read ? "readers" : "callers";

  // Types.
  if (JSON.stringify(va.types) !== JSON.stringify(vb.types)) {
    const ta = va.types;
    const tb = vb.types;
    if (ta === undefined || tb === undefined) {
      const widened = tb === undefined;
      add(widened === read ? "breaking" : "non-breaking", widened ? "type-widened" : "type-narrowed", where,
        widened ? `type ${list(ta ?? [])} dropped: any value is allowed now` : `type now restricted to ${list(tb ?? [])}`);
    } else {
      const norm = (t: string[], other: string[]) => t.filter((x) => !(x === "integer" && other.includes("number")));
      const removed = norm(ta, tb).filter((t) => !tb.includes(t));
      const added = tb.filter((t) => !ta.includes(t) && !(t === "number" && ta.includes("integer")));
      const intToNumber = ta.includes("integer") && !tb.includes("integer") && tb.includes("number");
      const numberToInt = tb.includes("integer") && !ta.includes("integer") && ta.includes("number");
      if (removed.length > 0 && added.length > 0) {
        add("breaking", "type-changed", where, `type changed from ${ta.join(" | ")} to ${tb.join(" | ")}`);
      } else if (added.length > 0 || intToNumber) {
        const what = added.length > 0 ? `now also ${added.join(" | ")}` : "integer widened to number";
        add(read ? "breaking" : "non-breaking", "type-widened", where, `${what}${read ? `: ${noun} must handle it` : ""}`,
          read && added.length === 0 ? { runtimeOnly: true } : {});
      } else if (removed.length > 0 || numberToInt) {
        const what = removed.length > 0 ? `no longer ${removed.join(" | ")}` : "number narrowed to integer";
        add(read ? "non-breaking" : "breaking", "type-narrowed", where, `${what}${read ? "" : `: ${noun} sending it are refused`}`,
          !read && removed.length === 0 ? { runtimeOnly: true } : {});
      }
    }
  }

  // Enums (and const).
  if (JSON.stringify(va.enum) !== JSON.stringify(vb.enum)) {
    if (va.enum && vb.enum) {
      const added = vb.enum.filter((v) => !va.enum!.some((x) => JSON.stringify(x) === JSON.stringify(v)));
      const removed = va.enum.filter((v) => !vb.enum!.some((x) => JSON.stringify(x) === JSON.stringify(v)));
      if (added.length > 0) {
        if (!read) add("non-breaking", "enum-value-added", where, `value ${list(added)} added`);
        else if (ctx.errorBody) {
          add("non-breaking", "error-code-added", where, `error code ${list(added)} added`, {
            note: "code that switches exhaustively over the error codes must handle it",
          });
        } else {
          add("breaking", "enum-value-added", where, `value ${list(added)} added: exhaustive switches over it stop compiling, and ${noun} must handle the new value`);
        }
      }
      if (removed.length > 0) {
        add("breaking", "enum-value-removed", where,
          read
            ? `value ${list(removed)} removed: comparisons with it no longer compile`
            : `value ${list(removed)} removed: ${noun} sending it no longer compile and are refused`);
      }
    } else if (vb.enum) {
      add(read ? "non-breaking" : "breaking", "enum-added", where, `now restricted to ${list(vb.enum)}`);
    } else if (va.enum) {
      add(read ? "breaking" : "non-breaking", "enum-removed", where, `no longer restricted to ${list(va.enum)}`);
    }
  }

  // Formats and patterns: runtime-only, the TypeScript types do not carry them.
  if (va.format !== vb.format) {
    const widened = vb.format === undefined;
    const narrowed = va.format === undefined;
    const kind: ChangeClass = widened ? (read ? "breaking" : "non-breaking") : narrowed ? (read ? "non-breaking" : "breaking") : "breaking";
    const text = widened ? `format ${va.format} dropped` : narrowed ? `format ${vb.format} added` : `format changed from ${va.format} to ${vb.format}`;
    add(kind, "format-changed", where, text, kind === "breaking" ? { runtimeOnly: true } : {});
  }
  if (va.pattern !== vb.pattern) {
    const widened = vb.pattern === undefined;
    const narrowed = va.pattern === undefined;
    const kind: ChangeClass = widened ? (read ? "breaking" : "non-breaking") : narrowed ? (read ? "non-breaking" : "breaking") : "breaking";
    const text = widened ? `pattern ${va.pattern} dropped` : narrowed ? `pattern ${vb.pattern} added` : `pattern changed from ${va.pattern} to ${vb.pattern}`;
    add(kind, "pattern-changed", where, text, kind === "breaking" ? { runtimeOnly: true } : {});
  }

  // Lengths and limits.
  for (const limit of [...UPPER, ...LOWER]) {
    const x = va.limits[limit];
    const y = vb.limits[limit];
    if (x === y) continue;
    const upper = (UPPER as readonly string[]).includes(limit);
    const narrowed = limit === "multipleOf"
      ? y !== undefined && (x === undefined || y % x !== 0 || y > x)
      : x === undefined || (y !== undefined && (upper ? y < x : y > x));
    const kind: ChangeClass = narrowed === read ? "non-breaking" : "breaking";
    const text = `${limit} ${x === undefined ? `${y} added` : y === undefined ? `${x} removed` : `${x} → ${y}`} (${narrowed ? "narrowed" : "widened"})`;
    add(kind, narrowed ? "limit-narrowed" : "limit-widened", where, text, kind === "breaking" ? { runtimeOnly: true } : {});
  }

  // Defaults matter where the server fills them in: requests.
  if (va.hasDefault !== vb.hasDefault || JSON.stringify(va.default) !== JSON.stringify(vb.default)) {
    if (read) add("docs", "default-changed", where, `documented default ${va.hasDefault ? show(va.default) : "(none)"} → ${vb.hasDefault ? show(vb.default) : "(none)"}`);
    else if (!va.hasDefault) add("non-breaking", "default-added", where, `default ${show(vb.default)} added`);
    else {
      add("breaking", "default-changed", where,
        vb.hasDefault
          ? `default changed from ${show(va.default)} to ${show(vb.default)}: callers that leave it out get the new value`
          : `default ${show(va.default)} removed: callers that leave it out no longer get it`,
        { runtimeOnly: true });
    }
  }

  compareObjects(ctx, va, vb, where, stack);

  if (va.items && vb.items) compareSchemas(ctx, va.items, vb.items, `${where}[]`, stack);
  if (isObj(va.additionalProperties) && isObj(vb.additionalProperties)) {
    compareSchemas(ctx, va.additionalProperties as SchemaSide, vb.additionalProperties as SchemaSide, `${where}{*}`, stack);
  } else if (va.additionalProperties !== vb.additionalProperties) {
    const closed = vb.additionalProperties === false;
    const opened = va.additionalProperties === false;
    if (closed) add(read ? "non-breaking" : "breaking", "additional-properties-closed", where, "no other properties are accepted now", read ? {} : { runtimeOnly: true });
    else if (opened) add("non-breaking", "additional-properties-opened", where, "other properties are allowed now");
  }

  compareComposition(ctx, va, vb, where, stack);

  if (va.docs !== vb.docs) add("docs", "schema-docs", where, "description, title or examples changed");
}

function compareObjects(ctx: SchemaContext, va: View, vb: View, where: string, stack: string[]): void {
  const read = ctx.direction === "read";
  const { add } = ctx;
  const removed = [...va.properties.keys()].filter((k) => !vb.properties.has(k));
  const added = [...vb.properties.keys()].filter((k) => !va.properties.has(k));
  // A removed and an added field of the same shape and requiredness: a rename.
  for (const old of [...removed]) {
    const match = added.find(
      (n) => va.required.has(old) === vb.required.has(n) && sameShape(va.properties.get(old)!, vb.properties.get(n)!),
    );
    if (!match) continue;
    removed.splice(removed.indexOf(old), 1);
    added.splice(added.indexOf(match), 1);
    add("breaking", "field-renamed", fieldPath(where, old),
      read ? `renamed to ${match}: code that reads ${old} no longer compiles` : `renamed to ${match}: callers that send ${old} no longer compile${va.required.has(old) ? " and are refused" : ""}`);
  }
  for (const name of removed) {
    const required = va.required.has(name);
    add("breaking", "field-removed", fieldPath(where, name),
      read
        ? `removed${required ? "" : " (was optional)"}: code that reads it no longer compiles`
        : `removed${required ? "" : " (was optional)"}: callers that still set it no longer compile (excess property)`,
      read || required ? {} : { note: "the server may ignore the field at runtime; the TypeScript type refuses it" });
  }
  for (const name of added) {
    const required = vb.required.has(name);
    if (!read && required) add("breaking", "required-field-added", fieldPath(where, name), "new required field: existing calls leave it out");
    else add("non-breaking", "field-added", fieldPath(where, name), `${required ? "required" : "optional"} field added`);
  }
  for (const [name, sideA] of va.properties) {
    const sideB = vb.properties.get(name);
    if (!sideB) continue;
    const ra = va.required.has(name);
    const rb = vb.required.has(name);
    if (ra && !rb) {
      add(read ? "breaking" : "non-breaking", "field-made-optional", fieldPath(where, name),
        read ? "now optional: readers must handle it missing" : "now optional");
    } else if (!ra && rb) {
      add(read ? "non-breaking" : "breaking", "field-made-required", fieldPath(where, name),
        read ? "now always present" : "now required: calls that leave it out no longer compile and are refused");
    }
    compareSchemas(ctx, sideA, sideB, fieldPath(where, name), stack);
  }
}

function compareComposition(ctx: SchemaContext, va: View, vb: View, where: string, stack: string[]): void {
  const read = ctx.direction === "read";
  const { add } = ctx;
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const ma = va[keyword];
    const mb = vb[keyword];
    if (!ma && !mb) continue;
    const other = keyword === "oneOf" ? "anyOf" : "oneOf";
    if (!ma || !mb) {
      if ((ma && vb[other]) || (mb && va[other])) {
        if (mb) add("breaking", "composition-changed", where, `${other} became ${keyword}`, { runtimeOnly: true });
        continue;
      }
      add("breaking", "composition-changed", where, `${keyword} ${ma ? "removed" : "added"}`);
      continue;
    }
    const keysA = ma.map(memberKey);
    const keysB = mb.map(memberKey);
    for (const [i, k] of keysA.entries()) {
      const j = keysB.indexOf(k);
      if (j < 0) {
        add("breaking", "variant-removed", where,
          `${keyword} variant ${k} removed${read ? ": code that handles it no longer compiles" : ": callers sending it are refused"}`);
      } else {
        compareSchemas(ctx, ma[i]!, mb[j]!, `${where} (${k})`, stack);
      }
    }
    for (const k of keysB.filter((k) => !keysA.includes(k))) {
      add(read ? "breaking" : "non-breaking", "variant-added", where, `${keyword} variant ${k} added${read ? `: readers must handle it` : ""}`);
    }
  }
  const da = va.discriminator;
  const db = vb.discriminator;
  if (JSON.stringify(da) !== JSON.stringify(db)) {
    if (!da || !db || da.propertyName !== db.propertyName) {
      add("breaking", "discriminator-changed", where, `discriminator ${da?.propertyName ?? "(none)"} → ${db?.propertyName ?? "(none)"}`);
    } else {
      for (const value of Object.keys(da.mapping)) {
        if (!(value in db.mapping)) add("breaking", "discriminator-value-removed", where, `discriminator value "${value}" removed`);
        else if (da.mapping[value] !== db.mapping[value]) add("breaking", "discriminator-mapping-changed", where, `discriminator value "${value}" maps to ${db.mapping[value]} now`);
      }
      for (const value of Object.keys(db.mapping)) {
        if (!(value in da.mapping)) add(read ? "breaking" : "non-breaking", "discriminator-value-added", where, `discriminator value "${value}" added`);
      }
    }
  }
}

/** `get` re-exported for callers that start from a pointer. */
export function sideAt(doc: Obj, pointer: string): SchemaSide {
  return { doc, node: get(doc, pointer), pointer };
}
