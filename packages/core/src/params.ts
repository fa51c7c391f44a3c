/**
 * Parameter serialisation in every style OpenAPI defines. A style arrives as a short code in
 * the descriptor: the style name, `*` when `explode` is true (`form*`, `matrix*`), or `json`
 * for a parameter described by `content: application/json`. Parameters without a code use
 * their location's default: `simple` for path and header, `form*` for query and cookie.
 */

/** Writes one parameter in a style (`styled`, or the runtime's plain default for single values). */
export type Styler = (name: string, value: unknown, code: string, encode: (value: unknown) => string) => string;

/** A parameter of the descriptor: its name, or its name and style code when not the default. */
export type ParamEntry = string | readonly [name: string, style: string];

/** A value as one URI component; nested objects and arrays are sent as JSON. */
export function component(value: unknown): string {
  return encodeURIComponent(value !== null && typeof value === "object" ? JSON.stringify(value) : String(value));
}

/** A header value: not percent-encoded. */
export function headerText(value: unknown): string {
  return value !== null && typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * One parameter in its style, e.g. (`ids`, [1, 2]): `form*` → `ids=1&ids=2`, `form` → `ids=1,2`,
 * `pipeDelimited` → `ids=1|2`, `label` → `.1,2`, `matrix*` → `;ids=1;ids=2`, `simple` → `1,2`;
 * objects as `deepObject` → `o[k]=v`, `form*` → `k=v`, `simple` → `k,v`.
 */
export const styled: Styler = (name, value, code, encode) => {
  const explode = code.endsWith("*");
  const style = explode ? code.slice(0, -1) : code;
  const lead = style === "label" ? "." : style === "matrix" ? ";" : "";
  // Matrix and the query styles carry the name; simple and label do not.
  const named = style !== "simple" && style !== "label";
  const prefix = named ? `${lead}${name}=` : lead;
  if (style === "json") return prefix + encode(JSON.stringify(value));
  if (value === null || typeof value !== "object") return prefix + encode(value);
  const array = Array.isArray(value);
  const keys = array ? [] : Object.keys(value);
  const item = (key: string) => (value as Record<string, unknown>)[key];
  if (explode || style === "deepObject") {
    const joiner = style === "simple" ? "," : style === "label" ? "." : style === "matrix" ? ";" : "&";
    const pieces = array
      ? value.map((v) => (named ? `${name}=` : "") + encode(v))
      : keys.map((k) => (style === "deepObject" ? `${name}[${encode(k)}]=` : `${encode(k)}=`) + encode(item(k)));
    return lead + pieces.join(joiner);
  }
  const separator = style === "spaceDelimited" ? "%20" : style === "pipeDelimited" ? "|" : ",";
  return prefix + (array ? value.map(encode) : keys.flatMap((k) => [encode(k), encode(item(k))])).join(separator);
};
