/**
 * Reading parameters and form fields in every style OpenAPI defines: the inverse of what the
 * clients send (`packages/core/src/params.ts`). A style arrives as a short code: the style
 * name, `*` when exploded, or `json`; absent, the location's default (`simple` for path and
 * header, `form*` for query, cookie and form fields). Values come out as strings (arrays and
 * objects of strings, or parsed JSON); the validator then converts them by their schema.
 *
 * Raw values are split on their delimiters before they are percent-decoded, so an encoded
 * delimiter inside a value (`%2C`) stays part of it.
 */

/** What a parameter's schema makes of it. */
export type Shape = "array" | "object" | "primitive";

/** A value that could not be read: the reason. */
export class Unreadable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "Unreadable";
  }
}

function decode(raw: string, plus: boolean): string {
  try {
    return decodeURIComponent(plus ? raw.replace(/\+/g, " ") : raw);
  } catch {
    throw new Unreadable("has a malformed %-escape");
  }
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Unreadable("is not valid JSON");
  }
}

/** `k1,v1,k2,v2` (or `k1=v1,k2=v2` when exploded) as an object. */
function toObject(items: string[], exploded: boolean, decodeItem: (raw: string) => string): Record<string, string> {
  const object: Record<string, string> = Object.create(null) as Record<string, string>;
  if (exploded) {
    for (const item of items) {
      const at = item.indexOf("=");
      if (at < 0) throw new Unreadable(`has "${item.slice(0, 40)}" where a key=value pair belongs`);
      object[decodeItem(item.slice(0, at))] = decodeItem(item.slice(at + 1));
    }
  } else {
    if (items.length % 2 !== 0) throw new Unreadable("has a key without a value");
    for (let i = 0; i < items.length; i += 2) object[decodeItem(items[i]!)] = decodeItem(items[i + 1]!);
  }
  return object;
}

function split(raw: string, separator: RegExp | string, shape: Shape, exploded: boolean, decodeItem: (raw: string) => string): unknown {
  if (shape === "primitive") return decodeItem(raw);
  const items = raw === "" ? [] : raw.split(separator);
  return shape === "array" ? items.map(decodeItem) : toObject(items, exploded, decodeItem);
}

/** A path parameter from the raw (still percent-encoded) text its template placeholder matched. */
export function readPath(name: string, raw: string, code: string | undefined, shape: Shape): unknown {
  const exploded = code?.endsWith("*") ?? false;
  const style = (code ?? "simple").replace(/\*$/, "");
  const plain = (text: string) => decode(text, false);
  if (style === "json") return json(plain(raw));
  if (style === "label") {
    if (!raw.startsWith(".")) throw new Unreadable('must start with "." (label style)');
    return split(raw.slice(1), exploded ? "." : ",", shape, exploded, plain);
  }
  if (style === "matrix") {
    if (!raw.startsWith(";")) throw new Unreadable('must start with ";" (matrix style)');
    const pieces = raw.slice(1).split(";");
    const value = (piece: string) => {
      if (!piece.startsWith(`${name}=`) && piece !== name) throw new Unreadable(`must be written as ;${name}=… (matrix style)`);
      return piece.slice(name.length + 1);
    };
    if (shape === "object" && exploded) return toObject(pieces, true, plain);
    if (shape === "array" && exploded) return pieces.filter((p) => p !== "").map((p) => plain(value(p)));
    return split(value(pieces[0] ?? ""), ",", shape, false, plain);
  }
  return split(raw, ",", shape, exploded, plain);
}

/** A header value (not percent-encoded) in the `simple` style. */
export function readHeader(text: string, code: string | undefined, shape: Shape): unknown {
  if (code === "json") return json(text);
  const exploded = code?.endsWith("*") ?? false;
  return split(text, /\s*,\s*/, shape, exploded, (item) => item.trim());
}

/** `name=value` pairs of a query string or URL-encoded form: names decoded, values still encoded. */
export function rawPairs(search: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    pairs.push(at < 0 ? [decode(part, true), ""] : [decode(part.slice(0, at), true), part.slice(at + 1)]);
  }
  return pairs;
}

/** The pairs of a `Cookie` header, in the same form as `rawPairs`. */
export function cookiePairs(header: string): [string, string][] {
  return header
    .split(/;\s*/)
    .filter((part) => part.includes("="))
    .map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
}

const DELIMITERS: Record<string, RegExp> = {
  form: /,/,
  spaceDelimited: /%20|\+| /,
  pipeDelimited: /%7C|\|/i,
};

/**
 * A query parameter (or cookie, or form field) from the pairs; `undefined` when absent.
 * `members` names the object properties an exploded `form` object may spread into the pairs
 * (`undefined`: every pair not in `claimed`).
 */
export function readQuery(
  name: string,
  pairs: readonly [string, string][],
  code: string | undefined,
  shape: Shape,
  members?: ReadonlySet<string>,
  claimed?: ReadonlySet<string>,
): unknown {
  const exploded = code === undefined || code.endsWith("*");
  const style = (code ?? "form").replace(/\*$/, "");
  const plain = (text: string) => decode(text, true);
  const own = pairs.filter(([key]) => key === name);
  if (style === "json") return own.length === 0 ? undefined : json(plain(own[0]![1]));
  if (style === "deepObject" || (style === "form" && exploded && shape === "object")) {
    const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    let found = false;
    for (const [key, raw] of pairs) {
      let member: string | undefined;
      if (style === "deepObject") member = key.startsWith(`${name}[`) && key.endsWith("]") ? key.slice(name.length + 1, -1) : undefined;
      else if (members ? members.has(key) : !claimed?.has(key)) member = key;
      if (member === undefined) continue;
      found = true;
      const value = plain(raw);
      const before = object[member];
      object[member] = before === undefined ? value : ([] as unknown[]).concat(before, value);
    }
    return found ? object : undefined;
  }
  if (own.length === 0) return undefined;
  if (exploded) {
    if (shape === "array") return own.map(([, raw]) => plain(raw));
    return plain(own[0]![1]);
  }
  return split(own[0]![1], DELIMITERS[style] ?? /,/, shape, false, plain);
}
