/**
 * Access tokens as the client runtime sees them: a source it asks for the current token and,
 * after a 401, for a renewed one. Sources share one request among concurrent callers
 * (single flight), so twenty parallel calls on a cold client cause one token request.
 */

/** Tokens from an authorization server, with the absolute expiry of the access token. */
export interface TokenSet {
  accessToken: string;
  /** Epoch milliseconds after which the access token is no longer accepted. */
  expiresAt?: number;
  refreshToken?: string;
  idToken?: string;
  scope?: string;
  tokenType?: string;
}

/**
 * Where signed-in tokens live. The default keeps them in memory; implement this to keep them
 * in the caller's database (one key per merchant, say). Values are secrets: store them encrypted.
 */
export interface TokenStore {
  get(key: string): TokenSet | undefined | Promise<TokenSet | undefined>;
  set(key: string, tokens: TokenSet): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, TokenSet>();
  get(key: string): TokenSet | undefined {
    return this.#tokens.get(key);
  }
  set(key: string, tokens: TokenSet): void {
    this.#tokens.set(key, tokens);
  }
  delete(key: string): void {
    this.#tokens.delete(key);
  }
}

/** What a token source is told about the call that needs a token. */
export interface TokenRequestOptions {
  /**
   * Fires when the caller stops waiting (its own signal, or the attempt timeout). A source
   * that shares one request among callers stops waiting for this caller only: the shared
   * request goes on for the others, bounded by the source's own timeout.
   */
  signal?: AbortSignal;
}

/** A credential that the runtime asks for a bearer token per request. */
export interface AccessTokenSource {
  /** A token that is valid now, obtained or refreshed first when needed. */
  getAccessToken(options?: TokenRequestOptions): Promise<string>;
  /**
   * The server refused `rejected` (HTTP 401): return a different, fresh token. When another
   * caller has already replaced `rejected`, the replacement is returned without a new request.
   */
  renewAccessToken(rejected: string, options?: TokenRequestOptions): Promise<string>;
}

export function isAccessTokenSource(value: unknown): value is AccessTokenSource {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AccessTokenSource).getAccessToken === "function" &&
    typeof (value as AccessTokenSource).renewAccessToken === "function"
  );
}

/** No token can be had without the user (e.g. never signed in, or the refresh token was refused). */
export class TokenUnavailableError extends Error {
  override readonly name = "TokenUnavailableError";
  /** The OAuth `error` code from the authorization server, when it sent one. */
  readonly code?: string;
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.code !== undefined) this.code = options.code;
  }
}

/**
 * Runs at most one instance of a task at a time; callers arriving meanwhile share its result.
 * The task gets its own signal, which fires after `timeoutMs` and never because of a caller:
 * a caller whose own signal fires stops waiting (rejects with the signal's reason) while the
 * task goes on for everyone else.
 */
export class SingleFlight<T> {
  #running: Promise<T> | undefined;
  readonly #timeoutMs: number;

  constructor(timeoutMs = DEFAULT_TOKEN_TIMEOUT_MS) {
    this.#timeoutMs = timeoutMs;
  }

  run(task: (signal: AbortSignal) => Promise<T>, caller?: AbortSignal): Promise<T> {
    if (caller?.aborted) return Promise.reject(abortReason(caller));
    if (!this.#running) {
      const controller = new AbortController();
      const timer =
        this.#timeoutMs > 0 && Number.isFinite(this.#timeoutMs)
          ? setTimeout(() => controller.abort(new DOMException("token request timed out", "TimeoutError")), this.#timeoutMs)
          : undefined;
      const running = (async () => {
        try {
          return await raceAbort(task(controller.signal), controller.signal);
        } finally {
          clearTimeout(timer);
          this.#running = undefined;
        }
      })();
      this.#running = running;
    }
    return raceAbort(this.#running, caller);
  }

  get busy(): boolean {
    return this.#running !== undefined;
  }
}

/** How long a token source waits for its authorization server by default. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("aborted", "AbortError");
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it fires, whichever
 * comes first. The promise itself is not cancelled (others may be waiting for it); a late
 * rejection of it is handled, so it never surfaces as unhandled.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      reject(abortReason(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** True when a token set has no usable access token `skewMs` from now. */
export function isExpiring(tokens: TokenSet, now: number, skewMs: number): boolean {
  return tokens.expiresAt !== undefined && tokens.expiresAt - skewMs <= now;
}
