import type { ClientPolicy, ProductDescriptor } from "./descriptor.js";
import type { RetryTuning } from "./retry.js";
import type { AccessTokenSource } from "./tokens.js";
import { ConfigurationError } from "./errors.js";
import { own } from "./own.js";

/**
 * A secret value, or a function that returns the current one (e.g. a token store lookup). The
 * function is given the call's `signal`: it fires when the caller stops waiting.
 */
export type SecretSource = string | ((options: { signal?: AbortSignal }) => string | Promise<string>);

/**
 * Credentials for one security scheme: a token or key, a token source that can renew itself
 * after a 401 (`clientCredentials`, `createOidcSignIn(...).accessToken()`), or a
 * username/password pair for HTTP basic.
 */
export type Credential = SecretSource | AccessTokenSource | { username: string; password: SecretSource };

/** What the attempt hook hears about each HTTP attempt. It never carries headers or bodies. */
export interface AttemptInfo {
  operationId: string;
  method: string;
  route: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** HTTP status, when an answer arrived. */
  status?: number;
  durationMs: number;
  outcome: "success" | "http-error" | "network" | "timeout" | "aborted" | "unreadable" | "redirect";
  /** Set when another attempt follows: the wait before it. */
  retryInMs?: number;
  /** Set when the next attempt follows a token renewal after a 401. */
  renewedToken?: boolean;
  correlationId?: string;
}

export interface ClientConfig<Environment extends string = string, Scheme extends string = string, Variable extends string = string> {
  /** Which of the product's environments to call (default: the first, the sandbox). */
  environment?: Environment;
  /**
   * A custom base URL (a proxy, a local mock server); wins over `environment`. Needed in Node
   * when the spec has no `servers` (its base is then `/`, relative to a page).
   */
  baseUrl?: string;
  /**
   * Values for the variables of the spec's server URLs (`https://{host}/v{version}`), by name;
   * the others keep their defaults. A variable with an `enum` takes only one of its values.
   */
  serverVariables?: Partial<Record<Variable, string>>;
  /**
   * Credentials by security scheme name as the spec declares them, e.g.
   * `{ MerchantOidc: signIn.accessToken(), IbmClientId: "…", IbmClientSecret: "…" }`.
   * Bearer-type schemes (OAuth2, OpenID Connect, HTTP bearer) take the access token.
   */
  credentials?: Partial<Record<Scheme, Credential>>;
  /**
   * Headers sent with every request. Header parameters the spec marks as client-level
   * (`x-mpkit-client-header`, e.g. a system version) are taken from here when a call omits them.
   */
  headers?: Record<string, string>;
  /**
   * The fetch to use. The default looks up `globalThis.fetch` on every call, so that request
   * interceptors installed after the client was made (MSW) still see its requests.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Makes the correlation id of each request (default: a random UUID). */
  correlationId?: () => string;
  /** Overrides the product's retry and timeout policy for every call of this client. */
  policy?: ClientPolicy;
  /** Backoff bounds and jitter source. */
  retryTuning?: RetryTuning;
  /**
   * Redirects to another origin (scheme, host or port) are refused with a `RedirectError` that
   * names the target (`"refuse"`, the default). With `"follow"`, safe methods (GET, HEAD,
   * OPTIONS) follow them with a bare request: no credentials, no body, no configured headers.
   * Same-origin redirects of safe methods are always followed (at most 5 hops); other methods
   * never follow a redirect. In browsers every redirect is refused (they hide the target).
   */
  crossOriginRedirects?: "refuse" | "follow";
  /**
   * The largest response body read, in bytes (default 32 MiB). A larger 2xx body fails with
   * a `ResponseParseError`; a larger error body leaves `ApiError.body` undefined.
   */
  maxResponseBytes?: number;
  /** Called after every HTTP attempt (logging, metrics). Exceptions it throws are ignored. */
  onAttempt?: (attempt: AttemptInfo) => void;
}

export interface CallOptions {
  /**
   * Bounds the whole call: token acquisition, every attempt and the waits between them. When
   * it fires the call rejects at once with an `AbortedError`.
   */
  signal?: AbortSignal;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
  /** Use this correlation id instead of a fresh one. */
  correlationId?: string;
  /** Retries for this call (still capped by the product's maximum). */
  retries?: number;
  /** Per-attempt timeout for this call, in milliseconds: getting the token, sending, and reading the answer. */
  timeoutMs?: number;
  /** The idempotency key to send, for operations that take one (default: a fresh UUID per call). */
  idempotencyKey?: string;
}

/** Fills a server URL template's variables (`servers.ts`); passed by clients of products that have some. */
export type ServerFiller = (product: ProductDescriptor, template: string, config: ClientConfig) => string;

/**
 * The base URL of the configured environment (its variables filled in by `fill`), or `baseUrl`.
 * A spec without servers has the base `/` (OpenAPI's rule): an empty prefix, relative to the page.
 */
export function resolveBaseUrl(product: ProductDescriptor, config: ClientConfig, fill?: ServerFiller): string {
  const names = Object.keys(product.environments);
  const name = config.environment ?? names[0];
  let url = config.baseUrl || (name === undefined ? "" : own(product.environments, name));
  if (url === undefined) {
    throw new ConfigurationError(`Unknown environment "${name}" for ${product.title}; expected one of: ${names.join(", ") || "(none)"}`);
  }
  if (fill && url && !config.baseUrl) url = fill(product, url, config);
  return url.replace(/\/+$/, "");
}
