import type { CallOptions } from "./config.js";
import type { PollDescriptor } from "./descriptor.js";
import { AbortedError, MpkitError, type RequestContext } from "./errors.js";
import { sleep } from "./retry.js";

export interface PollOptions<Result> extends CallOptions {
  /** Stop when this holds (default: the state field reached one of its final states). */
  until?: (result: Result) => boolean;
  /** Give up after this many milliseconds overall (default: no limit; use a signal or this). */
  maxWaitMs?: number;
  /** Delay when an answer names none (default 1000 ms). */
  defaultDelayMs?: number;
  /** Called with every answer, e.g. to show progress. */
  onResult?: (result: Result, poll: number) => void;
}

/** Polling ended at its deadline before the awaited state; `last` is the newest answer. */
export class PollTimeoutError<Result = unknown> extends MpkitError {
  override readonly name = "PollTimeoutError";
  readonly kind = "poll-timeout" as const;
  readonly last: Result;
  readonly polls: number;
  constructor(context: RequestContext, timeoutMs: number, last: Result, polls: number) {
    super(`${context.operationId} (${context.method} ${context.route}) did not reach the awaited state within ${timeoutMs} ms`, context);
    this.last = last;
    this.polls = polls;
  }
}

function field(result: unknown, name: string | undefined): unknown {
  if (name === undefined || typeof result !== "object" || result === null) return undefined;
  return (result as Record<string, unknown>)[name];
}

/**
 * Calls `fetchOnce` until `until` holds, waiting between calls as long as each answer's
 * `delayField` asks (never less), and stopping at `maxWaitMs` or when `signal` aborts.
 * `timeoutMs` stays the per-request timeout; `maxWaitMs` bounds the whole wait.
 */
export async function poll<Result>(
  context: RequestContext,
  descriptor: PollDescriptor,
  fetchOnce: (options: CallOptions) => Promise<Result>,
  options: PollOptions<Result> = {},
): Promise<Result> {
  const { until, maxWaitMs: timeoutMs, defaultDelayMs = 1000, onResult, ...callOptions } = options;
  const finals = descriptor.finalStates;
  const done =
    until ??
    ((result: Result) => {
      if (!finals || finals.length === 0) {
        throw new TypeError(`${context.operationId}: polling needs an \`until\` predicate (the spec names no final states)`);
      }
      return finals.includes(String(field(result, descriptor.stateField)));
    });
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
  let polls = 0;
  for (;;) {
    const result = await fetchOnce(callOptions);
    polls += 1;
    onResult?.(result, polls);
    if (done(result)) return result;
    const asked = field(result, descriptor.delayField);
    const delay = typeof asked === "number" && Number.isFinite(asked) && asked >= 0 ? asked : defaultDelayMs;
    if (Date.now() + delay > deadline) throw new PollTimeoutError(context, timeoutMs!, result, polls);
    try {
      await sleep(delay, callOptions.signal);
    } catch (cause) {
      throw new AbortedError({ ...context, attempts: polls }, cause);
    }
  }
}
