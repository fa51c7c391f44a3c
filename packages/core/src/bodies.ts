/**
 * Form and multipart request bodies. A generated client hands these to the runtime only when
 * its product has such operations, so other bundles leave them out.
 */
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
