/**
 * Error answers in the product's own format (`x-mpkit-mock-errors` of the spec), with the
 * message and correlation id filled in. Nothing else from the request or the machine goes in.
 */
import { HttpResponse } from "msw";
import { MOCK_LIMITS } from "./limits.js";
import type { ProductMock } from "./types.js";
import type { Problem } from "./validator.js";

function fill(template: unknown, values: Record<string, string>): unknown {
  if (typeof template === "string") return template.replace(/\{(message|correlationId)\}/g, (_, key: string) => values[key] ?? "");
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

/** An error answer in the product's format. */
export function productError(product: ProductMock, status: number, message: string, correlationId: string): Response {
  const template = errorTemplate(product, status);
  const headers = product.correlationHeader ? { [product.correlationHeader]: correlationId } : undefined;
  if (template === undefined) return HttpResponse.json({ message }, { status, headers });
  return HttpResponse.json(fill(template, { message, correlationId }) as Record<string, unknown>, { status, headers });
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
