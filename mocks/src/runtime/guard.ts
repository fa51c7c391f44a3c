/**
 * Request handling that no input can break: route matching that survives malformed `%` escapes,
 * a body read that stops at a size limit, and a last-resort wrapper that turns any unexpected
 * exception into an error in the product's format (MSW would otherwise answer 500 with the
 * error's stack, naming files of the machine). Product-agnostic, so any routing can use it.
 */
import { productError } from "./errors.js";
import type { ProductMock } from "./types.js";

/** `decodeURIComponent` that answers `undefined` for a malformed escape (`%E0%A4%A`, a lone `%`) instead of throwing. */
export function safeDecodePath(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export interface RouteMatch {
  /** Decoded path parameters; a parameter that cannot be decoded keeps its raw text. */
  params: Record<string, string>;
  /** Names of the parameters whose `%` escapes are malformed. */
  malformed: string[];
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A matcher for `base` + a route template (`/invoices/{invoiceId}`), matching as MSW does
 * (case-insensitive, optional trailing slash, a parameter is one non-empty segment), but
 * decoding parameters with `safeDecodePath`, so a malformed escape is a finding, not a crash.
 * A relative base is resolved against `location` where there is one, as MSW does.
 */
export function compileRoute(base: string, template: string): (url: string) => RouteMatch | undefined {
  let prefix = base.replace(/\/+$/, "");
  if (!ABSOLUTE.test(prefix) && typeof location !== "undefined" && typeof location.href === "string") {
    prefix = new URL(prefix || "/", location.href).href.replace(/\/+$/, "");
  }
  const absolute = ABSOLUTE.test(prefix);
  if (absolute) {
    const parsed = new URL(prefix);
    prefix = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, "");
  }
  const names: string[] = [];
  const source = template
    .split(/\{([^}]+)\}/)
    .map((piece, i) => {
      if (i % 2 === 0) return escapeRegExp(piece);
      names.push(piece);
      return "([^/]+)";
    })
    .join("");
  const pattern = new RegExp(`^${escapeRegExp(prefix)}${source}/?$`, "i");
  return (url) => {
    // A request URL is already serialized (origin + path + query): cut the query and fragment
    // off by hand rather than parsing what may be a megabyte of query string for every handler.
    const end = url.search(/[?#]/);
    const clean = end === -1 ? url : url.slice(0, end);
    const found = pattern.exec(absolute ? clean : clean.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ""));
    if (!found) return undefined;
    const params: Record<string, string> = {};
    const malformed: string[] = [];
    names.forEach((name, i) => {
      const raw = found[i + 1] ?? "";
      const decoded = safeDecodePath(raw);
      if (decoded === undefined) malformed.push(name);
      params[name] = decoded ?? raw;
    });
    return { params, malformed };
  };
}

export type BodyRead = { text: string; tooLarge?: undefined } | { text?: undefined; tooLarge: true };

/**
 * The request body as text, read chunk by chunk and abandoned as soon as it passes `maxBytes`
 * (a declared `Content-Length` above the limit is refused without reading).
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: true };
  if (!request.body) return { text: "" };
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: MSW tees the body, and cancelling one branch settles only when the other is cancelled too.
      void reader.cancel().catch(() => undefined);
      return { tooLarge: true };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode() };
}

/** Printable ASCII, as correlation ids are; anything else is not echoed back. */
const ECHOABLE = /^[\x21-\x7e]{1,64}$/;

/** The request's correlation id when it is a short printable token, else a fresh UUID. */
export function correlationIdOf(product: ProductMock, request: Request): string {
  const sent = product.correlationHeader ? request.headers.get(product.correlationHeader) : null;
  return sent !== null && ECHOABLE.test(sent) ? sent : globalThis.crypto.randomUUID();
}

/** What the last-resort answer says; no detail of the error goes out. */
export const UNEXPECTED_ERROR_MESSAGE = "The mock could not process this request";

/**
 * Wraps an MSW resolver so that an exception it throws becomes a 400 in the product's format
 * without stack or path. `onError` (default: none) sees the error, for debugging the mock.
 */
export function lastResort<Args extends { request: Request }>(
  product: ProductMock,
  resolver: (args: Args) => Promise<Response>,
  onError?: (error: unknown, request: Request) => void,
): (args: Args) => Promise<Response> {
  return async (args) => {
    try {
      return await resolver(args);
    } catch (error) {
      try {
        onError?.(error, args.request);
      } catch {
        // A failing observer changes nothing about the answer.
      }
      let correlationId: string;
      try {
        correlationId = correlationIdOf(product, args.request);
      } catch {
        correlationId = globalThis.crypto.randomUUID();
      }
      return productError(product, 400, UNEXPECTED_ERROR_MESSAGE, correlationId);
    }
  };
}
