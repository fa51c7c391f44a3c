/**
 * Request handling that no input can break (routing, with its safe `%` decoding, is router.ts):
 * a body read that stops at a size limit, and a last-resort wrapper that turns any unexpected
 * exception into an error in the product's format (MSW would otherwise answer 500 with the
 * error's stack, naming files of the machine). Product-agnostic.
 */
import { productError } from "./errors.js";
import type { ProductMock } from "./types.js";
import { keptBody } from "./wire.js";

export type BodyRead = { text: string; bytes?: Uint8Array; tooLarge?: undefined } | { text?: undefined; bytes?: undefined; tooLarge: true };

/** Decodes whole bodies (no streaming state, so one serves every request). */
const utf8 = new TextDecoder();

/**
 * The request body as text, read chunk by chunk and abandoned as soon as it passes `maxBytes`
 * (a declared `Content-Length` above the limit is refused without reading). With `keepBytes`,
 * the bytes too (a multipart body's files are not text).
 */
export async function readBody(request: Request, maxBytes: number, keepBytes = false): Promise<BodyRead> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: true };
  const kept = keptBody(request);
  if (kept !== undefined) {
    // Read by the HTTP server already (wire.ts).
    if (kept === null) return { text: "" };
    if (kept.byteLength > maxBytes) return { tooLarge: true };
    const text = utf8.decode(kept);
    return keepBytes ? { text, bytes: kept } : { text };
  }
  if (!request.body) return { text: "" };
  const reader = request.body.getReader();
  let size = 0;
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: MSW tees the body, and cancelling one branch settles only when the other is cancelled too.
      void reader.cancel().catch(() => undefined);
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  // Decoded once, whole (the same text a streaming decode gives).
  let bytes: Uint8Array;
  if (chunks.length === 1) bytes = chunks[0]!;
  else {
    bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
  }
  const text = utf8.decode(bytes);
  return keepBytes ? { text, bytes } : { text };
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
  resolver: (args: Args) => Promise<Response | undefined>,
  onError?: (error: unknown, request: Request) => void,
): (args: Args) => Promise<Response | undefined> {
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
      return productError(product, 400, UNEXPECTED_ERROR_MESSAGE, correlationId, undefined, undefined, args.request);
    }
  };
}
