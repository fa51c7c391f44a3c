/**
 * Error answers in the product's own format (`x-mpkit-mock-errors` of the spec), with the
 * message and correlation id filled in. Nothing else from the request or the machine goes in.
 */
import { MOCK_LIMITS } from "./limits.js";
import type { MockOperation, ProductMock } from "./types.js";
import type { Problem } from "./validator.js";
import { textResponse } from "./wire.js";

function fill(template: unknown, values: Record<string, string>): unknown {
  if (typeof template === "string") {
    // A template that is only `{code}` and gets no code stays what the format uses for none.
    if (template === "{code}" && values.code === undefined) return null;
    return template.replace(/\{(message|correlationId|code)\}/g, (_, key: string) => values[key] ?? "");
  }
  if (Array.isArray(template)) return template.map((t) => fill(t, values));
  if (template && typeof template === "object") {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values)]));
  }
  return template;
}

/** The template for a status: its own entry, else the 400 body (answered with the given status). */
export function errorTemplate(product: ProductMock, status: number): unknown {
  // Own entries only: a status is never looked up on Object.prototype.
  const own = (key: string) => (Object.hasOwn(product.errors, key) ? product.errors[key] : undefined);
  return own(String(status)) ?? own("400");
}

/** The product's own template for a status, if it has one (own entries only). */
function ownTemplate(product: ProductMock, status: number): unknown {
  const key = String(status);
  return Object.hasOwn(product.errors, key) ? product.errors[key] : undefined;
}

/**
 * An error answer in the product's format, the one place refusals are shaped. `code` is the
 * product's error code (a rule's or a transition's); without one, the status stands in for it
 * where the format needs a string. A status the operation documents without a body (and that has
 * no template) is answered without one. `request`, when given, is the request answered (see
 * wire.ts: the HTTP server's requests get the body beside the `Response`).
 */
export function productError(
  product: ProductMock,
  status: number,
  message: string,
  correlationId: string,
  code?: string | null,
  op?: MockOperation,
  request?: Request,
): Response {
  const headers: Record<string, string> = {};
  if (product.correlationHeader) headers[product.correlationHeader] = correlationId;
  const own = ownTemplate(product, status);
  const documented = op?.responses.find((r) => r.status === String(status));
  if (own === undefined && documented && !documented.contentType) return textResponse(request, null, status, headers);
  const template = errorTemplate(product, status);
  let body: unknown;
  if (template === undefined) body = { message };
  else {
    const values: Record<string, string> = { message, correlationId };
    if (typeof code === "string") values.code = code;
    else if (code === null) {
      // The format's own "no code" (a template that is only `{code}` becomes null).
    } else if (own === undefined || JSON.stringify(own).includes('"{code}"')) values.code = String(status);
    body = fill(template, values);
  }
  // As `HttpResponse.json` answers: a JSON content type and the body's length.
  const text = JSON.stringify(body);
  headers["Content-Type"] = "application/json";
  headers["Content-Length"] = String(utf8Length(text));
  return textResponse(request, text, status, headers);
}

/** The UTF-8 length of a string, without encoding it. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** `path.invoiceId …; body/0 …`, listing at most `MOCK_LIMITS.maxProblems` and counting the rest. */
export function problemMessage(problems: readonly Problem[], limit: number = MOCK_LIMITS.maxProblems): string {
  const listed = problems.slice(0, limit).map((p) => `${p.at} ${p.message}`);
  const rest = problems.length - listed.length;
  return rest > 0 ? `${listed.join("; ")}; and ${rest} more problem${rest === 1 ? "" : "s"}` : listed.join("; ");
}

/** A request value quoted in a message: control characters dropped, at most `MOCK_LIMITS.maxQuoted` characters. */
export function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
  return clean.length > MOCK_LIMITS.maxQuoted ? `${clean.slice(0, MOCK_LIMITS.maxQuoted)}…` : clean;
}
