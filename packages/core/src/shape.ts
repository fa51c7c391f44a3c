/**
 * What a call's input adds to its request beyond path, query and body: header parameters in
 * their styles, an idempotency key, cookie parameters. A generated client passes `shapeInput`
 * to the runtime (`RuntimeExtras.inputs`) only when its product has such parameters, so other
 * bundles leave it out.
 */
import type { CallOptions } from "./config.js";
import type { OperationDescriptor } from "./descriptor.js";
import { own } from "./own.js";
import { component, headerText, type Styler } from "./params.js";

export interface ShapedInput {
  /** The header parameters to send (`input.headers`, styled, with the idempotency key). */
  headers?: Record<string, unknown>;
  /** The `Cookie` header's parameters (`name=value; …`). */
  cookies: string;
  /** The key sent in the operation's idempotency key header, when it has one. */
  idempotencyKey?: string;
}

/**
 * Shapes a call's input: `style` writes parameters; `styleHeaders` says whether header
 * objects (and arrays in a style of their own) are written in their style.
 */
export type InputShaper = (
  op: OperationDescriptor,
  input: Record<string, unknown> & { headers?: Record<string, unknown> },
  options: CallOptions,
  style: Styler,
  styleHeaders: boolean,
) => ShapedInput;

const entry = (param: string | readonly [string, string], fallback: string): readonly [string, string] =>
  typeof param === "string" ? [param, fallback] : param;

/** Header parameters in their styles, the idempotency key (the caller's, or a fresh UUID), cookie parameters. */
export const shapeInput: InputShaper = (op, input, options, style, styleHeaders) => {
  let headers = input.headers;
  if (styleHeaders && headers) {
    headers = { ...headers };
    const codes = new Map((op.headerParams ?? []).map((p) => entry(p, "simple")));
    for (const name in headers) {
      const value = headers[name];
      const code = codes.get(name);
      if (value !== null && typeof value === "object" && (code || !Array.isArray(value))) {
        headers[name] = code === "json" ? JSON.stringify(value) : style(name, value, code ?? "simple", headerText);
      }
    }
  }
  const keyHeader = op.idempotencyKeyHeader;
  let idempotencyKey: string | undefined;
  if (keyHeader) {
    const given = headers?.[keyHeader] ?? options.headers?.[keyHeader];
    idempotencyKey = typeof given === "string" && given ? given : (options.idempotencyKey ?? globalThis.crypto.randomUUID());
    headers = { ...headers, [keyHeader]: idempotencyKey };
  }
  let cookies = "";
  for (const param of op.cookieParams ?? []) {
    const [name, code] = entry(param, "form*");
    const value = own(input, op.inputNames?.cookie?.[name] ?? name);
    if (value != null) cookies += `${cookies ? "; " : ""}${style(name, value, code, component)}`;
  }
  return { headers, cookies, idempotencyKey };
};
