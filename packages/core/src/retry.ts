import type { ClientPolicy, OperationDescriptor } from "./descriptor.js";

/** Statuses worth another attempt: rate limited, or a gateway/upstream that may recover. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Defaults for products whose specs state no client policy. */
export const DEFAULT_POLICY: Required<ClientPolicy> = {
  retries: 2,
  maxRetries: 10,
  timeoutMs: 30_000,
  retryDelayMs: 200,
};

export interface RetryTuning {
  /** Upper bound of one backoff delay (default 10 s). */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the call fails instead (default 60 s). */
  maxRetryAfterMs?: number;
  /** Random number source in [0, 1) for jitter (tests pass a fixed one). */
  random?: () => number;
  /**
   * How the client waits between attempts (default: a timer). It must reject when `signal`
   * aborts. Tests pass one that records the delay and resolves at once.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Merges policies, later ones winning, and lowers retries to the product's maximum. */
export function effectivePolicy(...layers: (ClientPolicy | undefined)[]): Required<ClientPolicy> {
  const merged: Required<ClientPolicy> = { ...DEFAULT_POLICY };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {}) as [keyof ClientPolicy, number | undefined][]) {
      // The strictest maximum wins, whichever layer states it.
      if (value !== undefined) merged[key] = key === "maxRetries" ? Math.min(merged.maxRetries, value) : value;
    }
  }
  merged.retries = Math.max(0, Math.min(merged.retries, merged.maxRetries));
  return merged;
}

/** May this call be sent twice without risk of doing its work twice? */
export function isRepeatable(op: OperationDescriptor, body: unknown, hasIdempotencyKey: boolean): boolean {
  if (hasIdempotencyKey) return true;
  if (op.idempotencyField !== undefined) {
    const value = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[op.idempotencyField] : undefined;
    if (value !== undefined && value !== null && value !== "") return true;
  }
  if (op.idempotent !== undefined) return op.idempotent;
  return /^(get|head|options|put|delete|trace)$/.test(op.method);
}

/**
 * The shape of the three date forms HTTP allows (RFC 9110 §5.6.7): IMF-fixdate
 * (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
 * (`Sun Nov  6 08:49:37 1994`); `Date.parse` must read it too.
 */
const HTTP_DATE = /^[A-Z][a-z]{2,8},? [A-Za-z\d -]{6,11} \d\d:\d\d:\d\d (GMT|\d{4})$/;

/**
 * `Retry-After` as milliseconds from now: delay-seconds or an HTTP date (a past date is 0).
 * Anything else (`soon`, `-1`, `1.5`, a date in another format) is ignored: `undefined`.
 * A value too large to represent becomes `Infinity`, which no wait limit allows.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  const text = value?.trim() ?? "";
  if (/^\d+$/.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isSafeInteger(ms) ? ms : Infinity;
  }
  const date = HTTP_DATE.test(text) ? Date.parse(text) : NaN;
  return isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter: retry n waits at least `base · 2^(n−1)` and up to half as
 * long again, so a documented minimum wait ("wait 1 s, then retry") is never undercut while
 * clients that failed together spread out. Capped at `maxDelayMs`.
 */
export function backoffDelay(retry: number, baseMs: number, tuning: RetryTuning = {}): number {
  const cap = tuning.maxDelayMs ?? 10_000;
  const floor = baseMs * 2 ** Math.max(0, retry - 1);
  const random = tuning.random ?? Math.random;
  return Math.round(Math.min(cap, floor + random() * (floor / 2)));
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort);
  });
}
