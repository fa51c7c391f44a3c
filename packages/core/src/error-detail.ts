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

/** The first of `paths` that leads (through own properties of objects) to a number, a boolean or text, as text. */
function firstText(body: unknown, paths: readonly (readonly string[])[] | undefined): string | undefined {
  for (const path of paths ?? []) {
    let value = body;
    for (const key of path) {
      value = value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (typeof value === "number" || typeof value === "boolean" || (typeof value === "string" && value.trim() !== "")) return String(value);
  }
  return undefined;
}

/**
 * `code: message`, or whichever of the two the body has; undefined when it has neither.
 * Control characters are removed first (so a secret split by them is whole again), then
 * secrets are redacted, then the text is cut to `MAX_DETAIL_LENGTH` characters.
 */
export function errorDetail(body: unknown, fields: ErrorFields | undefined, redactor: SecretRedactor): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const text = redactor
    .text(
      [firstText(body, fields?.code), firstText(body, fields?.message)]
        .filter((part) => part !== undefined)
        .join(": ")
        .replace(/[\t\n\r]+/g, " ")
        .replace(CONTROL, ""),
    )
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(text);
  return chars.length > MAX_DETAIL_LENGTH ? `${chars.slice(0, MAX_DETAIL_LENGTH - 1).join("")}…` : text || undefined;
}
