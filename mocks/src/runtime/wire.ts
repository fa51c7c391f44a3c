/**
 * The shortcut `mpkit mock` takes through the Fetch objects. In Node, a `Request` or `Response`
 * body is a web stream, and putting a few hundred bytes into one and reading them back costs more
 * than everything else a mock does for the request. The HTTP server has the request's bytes before
 * it makes the `Request`, and writes the answer's bytes to a socket; so for the requests it makes
 * (and only those) the bytes travel beside the Fetch objects instead of through their streams:
 *
 * - `serverRequest` makes a `Request` (real, with every header) without a body stream and keeps
 *   the bytes read from the socket beside it; `readBody` (guard.ts) takes them from there.
 * - `textResponse` answers such a request with a `Response` (real: status and headers, which
 *   scenario headers may still change) whose body text is kept beside it; the server writes that
 *   text. Any other request gets an ordinary `HttpResponse` with the body in it, as before.
 * - `noteOperation` records which operation of which product answered, for the server's log line.
 *
 * A `Response` made elsewhere (a scenario's answer, a handler of the app's own) still has its body
 * in it, and the server reads it from there.
 */
import { HttpResponse } from "msw";
import type { MockOperation, ProductMock } from "./types.js";

const bodies = new WeakMap<Request, Uint8Array | null>();
const texts = new WeakMap<Response, string>();
const operations = new WeakMap<Request, { product: ProductMock; op: MockOperation }>();

/** A `Request` whose body (`bytes`, already read) is kept beside it rather than in a stream. */
export function serverRequest(url: string, method: string, headers: Iterable<readonly [string, string]>, bytes: Uint8Array | undefined): Request {
  // Headers appended to the request's own list: cheaper than converting an init list (same checks).
  const request = new Request(url, { method });
  const own = request.headers;
  for (const [name, value] of headers) own.append(name, value);
  bodies.set(request, bytes !== undefined && bytes.byteLength > 0 ? bytes : null);
  return request;
}

/** The body bytes of a request `serverRequest` made (`null`: it has none); `undefined` for any other request. */
export function keptBody(request: Request): Uint8Array | null | undefined {
  return bodies.get(request);
}

/**
 * An answer: for a request `serverRequest` made, a body-less `Response` with `text` kept beside
 * it; for any other, an `HttpResponse` carrying `text`. Status and headers are the same either way.
 */
export function textResponse(request: Request | undefined, text: string | null, status: number, headers: Record<string, string> | undefined): Response {
  if (request === undefined || !bodies.has(request)) return new HttpResponse(text, { status, headers });
  const response = new Response(null, { status, headers });
  if (text !== null) texts.set(response, text);
  return response;
}

/** The body text `textResponse` kept beside a response; `undefined` when its body is in it. */
export function keptText(response: Response): string | undefined {
  return texts.get(response);
}

/** Records the operation a request was routed to (the server's log line names it). */
export function noteOperation(request: Request, product: ProductMock, op: MockOperation): void {
  if (bodies.has(request)) operations.set(request, { product, op });
}

/** The operation `noteOperation` recorded for a request `serverRequest` made. */
export function notedOperation(request: Request): { product: ProductMock; op: MockOperation } | undefined {
  return operations.get(request);
}
