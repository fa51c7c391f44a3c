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

/** A credential that the runtime asks for a bearer token per request. */
export interface AccessTokenSource {
  /** A token that is valid now, obtained or refreshed first when needed. */
  getAccessToken(): Promise<string>;
  /**
   * The server refused `rejected` (HTTP 401): return a different, fresh token. When another
   * caller has already replaced `rejected`, the replacement is returned without a new request.
   */
  renewAccessToken(rejected: string): Promise<string>;
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

/** Runs at most one instance of a task at a time; callers arriving meanwhile share its result. */
export class SingleFlight<T> {
  #running: Promise<T> | undefined;

  run(task: () => Promise<T>): Promise<T> {
    if (this.#running) return this.#running;
    const running = (async () => {
      try {
        return await task();
      } finally {
        this.#running = undefined;
      }
    })();
    this.#running = running;
    return running;
  }

  get busy(): boolean {
    return this.#running !== undefined;
  }
}

/** True when a token set has no usable access token `skewMs` from now. */
export function isExpiring(tokens: TokenSet, now: number, skewMs: number): boolean {
  return tokens.expiresAt !== undefined && tokens.expiresAt - skewMs <= now;
}
