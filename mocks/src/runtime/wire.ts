/**
 * The shortcut `mpkit mock` takes through the Fetch objects. In Node, a `Request` or `Response`
 * body is a web stream, and putting a few hundred bytes into one and reading them back costs more
 * than everything else a mock does for the request. The HTTP server has the request's bytes before
 * it makes the `Request`, and writes the answer's bytes to a socket; so for the requests it makes
 * (and only those) the bytes travel beside the Fetch objects instead of through their streams:
 *
 * - `serverRequest` makes a `Request` (real, with every header) without a body stream and keeps
 *   the bytes read from the socket, and its parsed URL, beside it; `readBody` (guard.ts) and
 *   `urlOf` (combine.ts) take them from there.
 * - `textResponse` answers such a request with a `Response` (real: status and headers, which
 *   scenario headers may still change) whose body text is kept beside it; the server writes that
 *   text. Any other request gets an ordinary `Response` with the body in it, as before.
 * - `noteOperation` records which operation of which product answered, for the server's log line.
 *
 * A `Response` made elsewhere (a scenario's answer, a handler of the app's own) still has its body
 * in it, and the server reads it from there.
 */
import type { MockOperation, ProductMock } from "./types.js";

/** What travels beside one request the server made: one record, so one table entry per request. */
interface Exchange {
  body: Uint8Array | null;
  url: URL;
  operation?: { product: ProductMock; op: MockOperation };
  response?: Response;
  text?: string;
}

const exchanges = new WeakMap<Request, Exchange>();

/** A `Request` for `url` whose body (`bytes`, already read) is kept beside it rather than in a stream. */
export function serverRequest(url: URL, method: string, headers: Iterable<readonly [string, string]>, bytes: Uint8Array | undefined): Request {
  const request = new Request(url, { method });
  // Headers appended to the request's own list: cheaper than converting an init list (same checks).
  const own = request.headers;
  for (const [name, value] of headers) own.append(name, value);
  exchanges.set(request, { body: bytes !== undefined && bytes.byteLength > 0 ? bytes : null, url });
  return request;
}

/** The body bytes of a request `serverRequest` made (`null`: it has none); `undefined` for any other request. */
export function keptBody(request: Request): Uint8Array | null | undefined {
  return exchanges.get(request)?.body;
}

/** The URL a request `serverRequest` made was made from (the same as `new URL(request.url)`). */
export function keptUrl(request: Request): URL | undefined {
  return exchanges.get(request)?.url;
}

/**
 * An answer: for a request `serverRequest` made, a body-less `Response` with `text` kept beside
 * it; for any other, a `Response` carrying `text`. Status and headers are the same either way.
 */
export function textResponse(request: Request | undefined, text: string | null, status: number, headers: Record<string, string> | undefined): Response {
  const exchange = request === undefined ? undefined : exchanges.get(request);
  const response = new Response(exchange === undefined ? text : null, { status });
  // Set one by one rather than given to the constructor: the same headers (a `Content-Type`
  // replaces the text default), without the second `Headers` MSW's Node interceptors build to
  // record an init's raw header names (they record these as they are set).
  if (headers !== undefined) {
    const own = response.headers;
    for (const name in headers) own.set(name, headers[name]!);
  }
  if (exchange !== undefined && text !== null) {
    exchange.response = response;
    exchange.text = text;
  }
  return response;
}

/** The body text `textResponse` kept beside `response` to `request`; `undefined` when its body is in it. */
export function keptText(request: Request, response: Response): string | undefined {
  const exchange = exchanges.get(request);
  return exchange?.response === response ? exchange.text : undefined;
}

/** Records the operation a request was routed to (the server's log line names it). */
export function noteOperation(request: Request, product: ProductMock, op: MockOperation): void {
  const exchange = exchanges.get(request);
  if (exchange) exchange.operation = { product, op };
}

/** The operation `noteOperation` recorded for a request `serverRequest` made. */
export function notedOperation(request: Request): { product: ProductMock; op: MockOperation } | undefined {
  return exchanges.get(request)?.operation;
}
