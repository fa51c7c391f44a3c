/**
 * The product's own reason for an error answer, for `ApiError.message`: its error code and
 * message, read from the fields the spec names (where `{message}` sits in the product's
 * `x-mpkit-mock-errors` templates), so that a log line says why a call failed.
 */
import type { ErrorFields } from "./descriptor.js";
import type { SecretRedactor } from "./redact.js";

export const MAX_DETAIL_LENGTH = 200;

// C0 and C1 controls, and the invisible format characters that reorder or hide text in a
// terminal or log viewer (bidi embeddings, overrides and isolates, zero-width characters).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+/g;

function at(body: unknown, path: readonly string[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function firstText(body: unknown, paths: readonly (readonly string[])[] | undefined): string | undefined {
  for (const path of paths ?? []) {
    const value = at(body, path);
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return undefined;
}

/**
 * `code: message`, or whichever of the two the body has; undefined when it has neither.
 * Control characters are removed first (so a secret split by them is whole again), then
 * secrets are redacted, then the text is cut to `MAX_DETAIL_LENGTH` characters.
 */
export function errorDetail(body: unknown, fields: ErrorFields | undefined, redactor: SecretRedactor): string | undefined {
  if (!fields || body === null || typeof body !== "object") return undefined;
  const code = firstText(body, fields.code);
  const message = firstText(body, fields.message);
  const parts = [code, message].filter((part): part is string => part !== undefined);
  if (parts.length === 0) return undefined;
  const text = redactor
    .text(parts.join(": ").replace(/[\t\n\r]+/g, " ").replace(CONTROL, ""))
    .replace(/\s+/g, " ")
    .trim();
  if (text === "") return undefined;
  const chars = Array.from(text);
  return chars.length <= MAX_DETAIL_LENGTH ? text : `${chars.slice(0, MAX_DETAIL_LENGTH - 1).join("")}…`;
}
