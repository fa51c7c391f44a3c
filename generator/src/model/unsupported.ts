/**
 * mpkit-spec (issue 16), "ignore nothing silently": spec features that are valid OpenAPI but that
 * the clients or the mocks do not act on are reported as `mpkit-unsupported` warnings, each at its
 * own spec line, so a team bringing a spec learns what it will not get. (Links are reported where
 * responses are modelled; callbacks are typed like webhooks.)
 *
 * Reported here:
 * - response headers: typed in schema.gen.ts and shown in the docs, but the client returns the
 *   body only and the mocks do not send them;
 * - a response offering several media types: the mocks answer and the client reads one;
 * - a `multipart/*` response: the client returns it as a Blob, its parts are not parsed;
 * - 2xx answers of one operation mixing JSON and another media type: the client reads them all as JSON;
 * - `allowReserved: true`: the client percent-encodes reserved characters anyway;
 * - `encoding.<field>.headers` of a form body: not sent;
 * - `readOnly` / `writeOnly`: the property is typed, sampled and validated in requests and
 *   responses alike (a required readOnly property must be sent).
 */
import { child, pointerOf, resolve } from "./json-pointer.js";
import { isObj, JSON_TYPES, METHODS, type Obj } from "./openapi-shapes.js";

type Warn = (pointer: string, rule: string, message: string) => void;

const RULE = "mpkit-unsupported";
/** Keys whose values are data (examples, defaults), never schemas or spec objects. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);

/** Warns for every unsupported feature of the document, once per spec location. */
export function warnUnsupported(doc: Obj, warn: Warn): void {
  const said = new Set<string>();
  const once: Warn = (pointer, rule, message) => {
    const key = `${pointer}\0${message}`;
    if (said.has(key)) return;
    said.add(key);
    warn(pointer, rule, message);
  };
  const deref = (node: unknown, pointer: string): { node: Obj; pointer: string } => {
    try {
      const found = resolve(doc, node, pointer);
      return { node: isObj(found.node) ? found.node : {}, pointer: found.pointer };
    } catch {
      return { node: {}, pointer };
    }
  };
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const path of Object.keys(paths)) {
    const { node: item, pointer: itemPointer } = deref(paths[path], pointerOf("paths", path));
    parameters(item.parameters, child(itemPointer, "parameters"), deref, once);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const opPointer = child(itemPointer, method);
      const label = `${method.toUpperCase()} ${path}`;
      parameters(op.parameters, child(opPointer, "parameters"), deref, once);
      requestBody(op, opPointer, deref, once);
      responses(op, opPointer, label, deref, once);
    }
  }
  schemas(doc, once);
}

function parameters(list: unknown, listPointer: string, deref: (n: unknown, p: string) => { node: Obj; pointer: string }, warn: Warn): void {
  if (!Array.isArray(list)) return;
  list.forEach((raw, index) => {
    const { node, pointer } = deref(raw, child(listPointer, index));
    if (node.allowReserved === true) {
      warn(
        child(pointer, "allowReserved"),
        RULE,
        `parameter "${String(node.name)}": allowReserved is not honoured, the client percent-encodes reserved characters (the server decodes them to the same value)`,
      );
    }
  });
}

function requestBody(op: Obj, opPointer: string, deref: (n: unknown, p: string) => { node: Obj; pointer: string }, warn: Warn): void {
  if (!("requestBody" in op)) return;
  const { node, pointer } = deref(op.requestBody, child(opPointer, "requestBody"));
  const content = isObj(node.content) ? node.content : {};
  for (const type of Object.keys(content)) {
    const media = deref(content[type], child(pointer, "content", type));
    const encoding = isObj(media.node.encoding) ? media.node.encoding : {};
    for (const field of Object.keys(encoding)) {
      const entry = encoding[field];
      if (isObj(entry) && isObj(entry.headers) && Object.keys(entry.headers).length > 0) {
        warn(
          child(media.pointer, "encoding", field, "headers"),
          RULE,
          `${type} field "${field}": per-part headers (${Object.keys(entry.headers).join(", ")}) are not sent by the client nor checked by the mocks`,
        );
      }
    }
  }
}

function responses(op: Obj, opPointer: string, label: string, deref: (n: unknown, p: string) => { node: Obj; pointer: string }, warn: Warn): void {
  if (!isObj(op.responses)) return;
  const successTypes: { status: string; type: string }[] = [];
  for (const status of Object.keys(op.responses)) {
    const { node, pointer } = deref(op.responses[status], child(opPointer, "responses", status));
    const headers = isObj(node.headers) ? node.headers : {};
    for (const name of Object.keys(headers)) {
      warn(
        child(pointer, "headers", name),
        RULE,
        `response ${status} header "${name}" is typed and documented only: the client returns the body, not the headers, and the mocks do not send it`,
      );
    }
    const types = isObj(node.content) ? Object.keys(node.content) : [];
    // The media type the mocks answer with and the client reads: JSON first, else the first listed.
    const chosen = types.find((t) => JSON_TYPES.test(t)) ?? types[0];
    if (chosen !== undefined && /^2/.test(status)) successTypes.push({ status, type: chosen });
    if (types.length > 1) {
      warn(
        child(pointer, "content"),
        RULE,
        `response ${status} of ${label} offers ${types.join(", ")}: the mocks answer with ${chosen} only and the client reads it as such`,
      );
    }
    for (const type of types) {
      if (/^multipart\//i.test(type)) {
        warn(child(pointer, "content", type), RULE, `response ${status} of ${label} is ${type}: the client returns it as a Blob, its parts are not parsed`);
      }
    }
  }
  // As the client decides (emit-client's parseAs): any JSON 2xx answer makes it read them all as JSON.
  const json = successTypes.filter((t) => /json/.test(t.type));
  const other = successTypes.filter((t) => !json.includes(t));
  if (json.length > 0 && other.length > 0) {
    warn(
      child(opPointer, "responses"),
      RULE,
      `${label} answers JSON (${json.map((t) => t.status).join(", ")}) and ${[...new Set(other.map((t) => t.type))].join(", ")} (${[...new Set(other.map((t) => t.status))].join(", ")}): the client reads every 2xx answer as JSON`,
    );
  }
}

/** `readOnly`/`writeOnly` wherever a schema sits: under components.schemas and every `schema`. */
function schemas(doc: Obj, warn: Warn): void {
  const visitSchema = (node: unknown, pointer: string, depth: number): void => {
    if (!isObj(node) || depth > 64 || typeof node.$ref === "string") return;
    for (const keyword of ["readOnly", "writeOnly"] as const) {
      if (node[keyword] === true) {
        warn(
          child(pointer, keyword),
          RULE,
          `${keyword} is not honoured: the property is typed, sampled and validated in requests and responses alike${keyword === "readOnly" ? " (a required readOnly property must be sent)" : " (and may come back in answers)"}`,
        );
      }
    }
    for (const keyword of ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]) {
      const map = node[keyword];
      if (isObj(map)) for (const name of Object.keys(map)) visitSchema(map[name], child(pointer, keyword, name), depth + 1);
    }
    for (const keyword of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
      const list = node[keyword];
      if (Array.isArray(list)) list.forEach((entry, i) => visitSchema(entry, child(pointer, keyword, i), depth + 1));
    }
    for (const keyword of ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"]) {
      if (isObj(node[keyword])) visitSchema(node[keyword], child(pointer, keyword), depth + 1);
    }
    if (Array.isArray(node.items)) node.items.forEach((entry, i) => visitSchema(entry, child(pointer, "items", i), depth + 1));
  };
  const visitSpec = (node: unknown, pointer: string, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(node)) {
      node.forEach((entry, i) => visitSpec(entry, child(pointer, i), depth + 1));
      return;
    }
    if (!isObj(node)) return;
    for (const key of Object.keys(node)) {
      if (DATA_KEYS.has(key) || key.startsWith("x-")) continue;
      if (key === "schema") visitSchema(node[key], child(pointer, key), depth + 1);
      else if (key === "schemas" && pointer === "#/components" && isObj(node.schemas)) {
        for (const name of Object.keys(node.schemas)) visitSchema(node.schemas[name], pointerOf("components", "schemas", name), 0);
      } else visitSpec(node[key], child(pointer, key), depth + 1);
    }
  };
  visitSpec(doc, "#", 0);
}
