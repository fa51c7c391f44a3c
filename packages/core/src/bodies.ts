/**
 * Request bodies in other media types than JSON: forms, multipart, bytes, JSON variants. A
 * generated client hands `writeBody` to the runtime only when its product has such operations,
 * so other bundles leave this out (the runtime itself sends JSON).
 */
import type { OperationDescriptor } from "./descriptor.js";
import { component, styled } from "./params.js";

/** Turns an object of fields into a body, given the fields' non-default encodings (style code or `json`). */
export type BodyEncoder = (fields: Record<string, unknown>, encoding: Readonly<Record<string, string>> | undefined) => BodyInit;

/** `application/x-www-form-urlencoded`: each field in its style (default `form*`: arrays as repeated fields). */
function formBody(fields: Record<string, unknown>, encoding: Readonly<Record<string, string>> | undefined): string {
  const pieces: string[] = [];
  for (const name in fields) {
    const value = fields[name];
    if (value === undefined || value === null) continue;
    const piece = styled(name, value, encoding?.[name] ?? "form*", component);
    if (piece !== "") pieces.push(piece);
  }
  return pieces.join("&");
}

/**
 * `multipart/form-data`: a `Blob`/`File` as a file part, objects (and fields encoded as JSON)
 * as `application/json` parts, arrays as one part per item, the rest as text. `fetch` sets the
 * content type with its boundary.
 */
function multipartBody(fields: Record<string, unknown>, encoding: Readonly<Record<string, string>> | undefined): FormData {
  const form = new FormData();
  for (const name in fields) {
    const value = fields[name];
    if (value === undefined || value === null) continue;
    const json = encoding?.[name] === "json";
    for (const part of Array.isArray(value) && !json ? value : [value]) {
      if (part instanceof Blob) form.append(name, part);
      else if (json || (part !== null && typeof part === "object")) form.append(name, new Blob([JSON.stringify(part)], { type: "application/json" }));
      else form.append(name, String(part));
    }
  }
  return form;
}

/** The body encoders by media type. */
export const bodyEncoders: Readonly<Record<string, BodyEncoder>> = {
  "application/x-www-form-urlencoded": formBody,
  "multipart/form-data": multipartBody,
};

/**
 * A request body as sent: `[body, content type, the operation's content type]`. The content type
 * is set before the configured and per-call headers (they may replace it); the operation's own
 * is set after them, and `null` removes the header for `fetch` to set (FormData's boundary).
 */
export type BodyWriter = (body: unknown, op: OperationDescriptor) => [BodyInit, string?, (string | null)?];

/**
 * Objects go out as the operation's media type (a form or multipart form through
 * `bodyEncoders`), else as JSON; `FormData`, `URLSearchParams` and bytes as given, as is text for
 * a media type that is not JSON.
 */
export const writeBody: BodyWriter = (body, op) => {
  const type = op.requestContentType;
  const encode = type && bodyEncoders[type];
  if (body instanceof FormData || body instanceof URLSearchParams) return [body, undefined, null];
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || (typeof body === "string" && type && !/json/i.test(type))) {
    return [body as BodyInit, undefined, type];
  }
  if (encode) {
    const encoded = encode(body as Record<string, unknown>, op.requestEncoding);
    return [encoded, undefined, encoded instanceof FormData ? null : type];
  }
  return type ? [JSON.stringify(body), undefined, type] : [JSON.stringify(body), "application/json"];
};
