/**
 * A request as the spec describes its inputs: parameters read in their styles (`params.ts`),
 * the body read as whichever of the operation's media types it was sent as (JSON, an
 * URL-encoded form, a multipart form, anything else as bytes), form fields converted by their
 * schema, and all of it validated. Product-agnostic.
 */
import type { BodyRead } from "./guard.js";
import { cookiePairs, rawPairs, readHeader, readPath, readQuery, type Shape, Unreadable } from "./params.js";
import type { MockMedia, MockOperation } from "./types.js";
import type { Problem, ProductValidator } from "./validator.js";
import { quote } from "./errors.js";

/** Whether the operation takes a multipart body, whose files must be read as bytes. */
export function wantsBytes(op: MockOperation): boolean {
  const body = op.requestBody;
  return body !== undefined && [body, ...(body.alternatives ?? [])].some((m) => /^multipart\//i.test(m.contentType));
}

function accepts(media: MockMedia, type: string): boolean {
  const declared = media.contentType.toLowerCase();
  return declared === type || declared === "*/*" || (declared.endsWith("/*") && type.startsWith(declared.slice(0, -1)));
}

function readSafely(at: string, problems: Problem[], read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof Unreadable) {
      problems.push({ at, message: error.reason });
      return undefined;
    }
    throw error;
  }
}

/** URL-encoded form fields by the body schema's properties, in their `encoding` styles. */
function formFields(validator: ProductValidator, media: MockMedia, text: string, problems: Problem[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const pairs = readSafely("body", problems, () => rawPairs(text)) as [string, string][] | undefined;
  if (!pairs) return fields;
  const properties = validator.properties(media.schema);
  const claimed = new Set(properties.keys());
  const consumed = new Set<string>();
  for (const [name, pointer] of properties) {
    const shape = validator.shape(pointer);
    const code = media.encoding?.[name];
    const members = shape === "object" && (code === undefined || code === "form*") ? new Set(validator.properties(pointer).keys()) : undefined;
    const value = readSafely(`body/${name}`, problems, () => readQuery(name, pairs, code, shape, members, claimed));
    if (value === undefined) continue;
    fields[name] = value;
    if (members) for (const member of members) consumed.add(member);
  }
  // Fields the schema does not name stay, as text: `additionalProperties` decides about them.
  for (const [name, raw] of pairs) {
    const owner = name.includes("[") ? name.slice(0, name.indexOf("[")) : undefined;
    if (claimed.has(name) || consumed.has(name) || Object.hasOwn(fields, name) || (owner !== undefined && claimed.has(owner))) continue;
    fields[name] = readSafely(`body/${name}`, problems, () => readQuery(name, [[name, raw]], undefined, "primitive"));
  }
  return fields;
}

const latin1 = new TextDecoder("latin1");

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Unreadable("is not valid JSON");
  }
}

/** Multipart fields: text parts converted like form fields, JSON parts parsed, files as their bytes (one character per byte). */
async function multipartFields(
  validator: ProductValidator,
  media: MockMedia,
  bytes: Uint8Array,
  contentType: string,
  problems: Problem[],
): Promise<Record<string, unknown> | undefined> {
  let form: FormData;
  try {
    form = await new Response(bytes as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    problems.push({ at: "body", message: "is not a valid multipart/form-data body" });
    return undefined;
  }
  const properties = validator.properties(media.schema);
  const fields: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    const pointer = properties.get(name);
    const shape = pointer === undefined ? "primitive" : validator.shape(pointer);
    const asJson = media.encoding?.[name] === "json" || shape === "object";
    const values: unknown[] = [];
    for (const part of form.getAll(name)) {
      if (typeof part === "string") {
        values.push(asJson ? readSafely(`body/${name}`, problems, () => parseJson(part)) : part);
      } else if (/json/i.test(part.type) || asJson) {
        const text = await part.text();
        values.push(readSafely(`body/${name}`, problems, () => parseJson(text)));
      } else values.push(latin1.decode(await part.arrayBuffer()));
    }
    fields[name] = shape === "array" && media.encoding?.[name] !== "json" ? values : values.length === 1 ? values[0] : values;
  }
  return fields;
}

/** What `requestProblems` needs of an operation's parameters, worked out once per operation. */
interface PreparedParameters {
  list: { p: MockOperation["parameters"][number]; at: string; shape: Shape; members?: Set<string> }[];
  queryNames: Set<string>;
  /** The locations the operation has parameters in: a group without any always passes. */
  groups: ("path" | "query" | "header" | "cookie")[];
}

const prepared = new WeakMap<ProductValidator, WeakMap<MockOperation, PreparedParameters>>();

function prepare(validator: ProductValidator, op: MockOperation): PreparedParameters {
  let byOp = prepared.get(validator);
  if (!byOp) prepared.set(validator, (byOp = new WeakMap()));
  let found = byOp.get(op);
  if (!found) {
    const list = op.parameters.map((p) => {
      const shape = validator.shape(p.schema);
      const members =
        p.in === "query" && shape === "object" && (p.style === undefined || p.style === "form*") ? new Set(validator.properties(p.schema).keys()) : undefined;
      return { p, at: `${p.in}.${p.name}`, shape, ...(members?.size ? { members } : {}) };
    });
    const groups = (["path", "query", "header", "cookie"] as const).filter((where) => op.parameters.some((p) => p.in === where));
    found = { list, queryNames: new Set(op.parameters.filter((p) => p.in === "query").map((p) => p.name)), groups };
    byOp.set(op, found);
  }
  return found;
}

/**
 * Every problem of the request's parameters and body. `params` holds the router's decoded path
 * values (styled ones are replaced by what they carry); `raw` the still-encoded ones;
 * `parsed.body` receives the body as read and converted.
 */
export async function requestProblems(
  validator: ProductValidator,
  op: MockOperation,
  request: Request,
  url: URL,
  params: Record<string, unknown>,
  raw: Readonly<Record<string, string>>,
  read: BodyRead,
  parsed: { body?: unknown },
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const groups = { path: {}, query: {}, header: {}, cookie: {} } as Record<"path" | "query" | "header" | "cookie", Record<string, unknown>>;
  let pairs: [string, string][] | undefined;
  let cookies: [string, string][] | undefined;
  const { list, queryNames, groups: locations } = prepare(validator, op);
  for (const { p, at, shape, members } of list) {
    let value: unknown;
    if (p.in === "path") {
      if (!Object.hasOwn(raw, p.name)) continue;
      value = readSafely(at, problems, () => readPath(p.name, raw[p.name]!, p.style, shape));
      if (p.style !== undefined && value !== undefined) params[p.name] = typeof value === "string" ? value : JSON.stringify(value);
    } else if (p.in === "query") {
      pairs ??= (readSafely("query", problems, () => rawPairs(url.search)) as [string, string][] | undefined) ?? [];
      value = readSafely(at, problems, () => readQuery(p.name, pairs!, p.style, shape, members, queryNames));
    } else if (p.in === "header") {
      const text = request.headers.get(p.name);
      if (text === null) continue;
      value = readSafely(at, problems, () => readHeader(text, p.style, shape));
    } else {
      cookies ??= cookiePairs(request.headers.get("cookie") ?? "");
      value = readSafely(at, problems, () => readQuery(p.name, cookies!, p.style, shape));
    }
    if (value !== undefined) groups[p.in][p.name] = value;
  }
  for (const where of locations) {
    // concat, never push(...): a spread of a huge list overflows the call stack.
    const found = validator.checkParameters(op, where, groups[where]);
    for (const problem of found) problems.push(problem);
  }
  const body = op.requestBody;
  if (!body) return problems;
  const text = read.text ?? "";
  if (text === "" && (read.bytes?.byteLength ?? 0) === 0) {
    if (body.required) problems.push({ at: "body", message: "is required" });
    return problems;
  }
  const contentType = request.headers.get("content-type") ?? "";
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const all = [body, ...(body.alternatives ?? [])];
  const media = all.find((m) => accepts(m, type));
  if (!media) {
    const offered = all.map((m) => m.contentType).join(" or ");
    problems.push({ at: "body", message: `must be sent as ${offered}, not ${type ? quote(type) : "(no content type)"}` });
    return problems;
  }
  let value: unknown;
  let coerce = false;
  if (/json/i.test(media.contentType)) {
    try {
      value = JSON.parse(text);
    } catch {
      problems.push({ at: "body", message: "is not valid JSON" });
      return problems;
    }
  } else if (/^application\/x-www-form-urlencoded$/i.test(media.contentType)) {
    value = formFields(validator, media, text, problems);
    coerce = true;
  } else if (/^multipart\/form-data$/i.test(media.contentType)) {
    value = await multipartFields(validator, media, read.bytes ?? new TextEncoder().encode(text), contentType, problems);
    if (value === undefined) return problems;
    coerce = true;
  } else return problems;
  parsed.body = value;
  return problems.concat(validator.checkMedia(op, media, value, coerce));
}
