/**
 * Every failure a client reports is one of these classes, so callers can branch with
 * `instanceof` (or the `kind` field) and never meet an untyped error. Messages name the
 * operation and route only: no header, token or credential is ever part of an error.
 */

export interface RequestContext {
  /** The spec's operationId, e.g. `createInvoice`. */
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The route template from the spec, e.g. `/api/v1/merchants/{merchantId}/invoices`. */
  route: string;
  /** The correlation id sent with the request, when the product uses one. */
  correlationId?: string;
  /** How many HTTP attempts the call made before it failed (retries included). */
  attempts?: number;
}

/** How messages name a call: `getItem (GET /items/{itemId})`. */
export const named = (context: RequestContext): string => `${context.operationId} (${context.method} ${context.route})`;

export abstract class MpkitError extends Error {
  abstract readonly kind: string;
  declare readonly operationId?: string;
  declare readonly method?: string;
  declare readonly route?: string;
  declare readonly correlationId?: string;
  /** How many HTTP attempts were made (1 when the call was not retried; 0 when nothing was sent). */
  declare readonly attempts: number;

  /** `fields` are the subclass's own (set after the context's). */
  constructor(message: string, context?: RequestContext, options?: { cause?: unknown }, fields?: object) {
    super(message, options);
    Object.assign(
      this,
      context && { operationId: context.operationId, method: context.method, route: context.route, correlationId: context.correlationId },
      { attempts: context?.attempts ?? 0 },
      fields,
    );
  }

  /** A plain object that is safe to log: the error's own fields, never headers or credentials. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

/** The server answered with a non-2xx status. `body` is the parsed error body (JSON when it parses). */
export class ApiError<Body = unknown, Status extends number = number> extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "ApiError";
  readonly kind = "api" as const;
  declare readonly status: Status;
  declare readonly body: Body;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  declare readonly retryAfterMs?: number;

  /**
   * `detail` is the product's own error code and message, as the runtime read them from the
   * body (already redacted, shortened and stripped of control characters).
   */
  constructor(status: Status, body: Body, context: RequestContext, retryAfterMs?: number, detail?: string) {
    super(`${named(context)} failed with HTTP ${status}${detail ? `: ${detail}` : ""}`, context, undefined, retryAfterMs === undefined ? { status, body } : { status, body, retryAfterMs });
  }
}

/**
 * The server answered with a redirect the client does not follow: to another origin (it would
 * learn where the credentials go, so nothing is sent there), for a method that is not safe to
 * repeat, after too many hops, or in a browser, where the target is hidden from scripts.
 */
export class RedirectError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "RedirectError";
  readonly kind = "redirect" as const;
  /** The redirect's status (0 in a browser, which hides it). */
  declare readonly status: number;
  /** Where the server wanted the request to go, when known (absolute URL, secrets redacted). */
  declare readonly location?: string;
  declare readonly reason: "cross-origin" | "unsafe-method" | "too-many-redirects" | "hidden-by-browser" | "invalid-location";
  constructor(context: RequestContext, status: number, reason: RedirectError["reason"], location?: string) {
    const target = location === undefined ? "" : ` to ${location.length > 200 ? `${location.slice(0, 200)}…` : location}`;
    super(`${named(context)} was redirected${target} (HTTP ${status}), not followed: ${reason}`, context, undefined, location === undefined ? { status, reason } : { status, reason, location });
  }
}

/**
 * The request never got a whole HTTP answer (DNS, refused or reset connection, TLS, or a body
 * that stopped arriving).
 */
export class NetworkError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "NetworkError";
  readonly kind = "network" as const;
  constructor(context: RequestContext, cause: unknown) {
    super(`${named(context)} could not reach the server`, context, { cause });
  }
}

/** No answer arrived within the call's timeout (per attempt); the request was abandoned. */
export class TimeoutError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "TimeoutError";
  readonly kind = "timeout" as const;
  declare readonly timeoutMs: number;
  constructor(context: RequestContext, timeoutMs: number) {
    super(`${named(context)} got no answer within ${timeoutMs} ms`, context, undefined, { timeoutMs });
  }
}

/** The caller's AbortSignal fired before the call completed. */
export class AbortedError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "AbortedError";
  readonly kind = "aborted" as const;
  constructor(context: RequestContext, cause: unknown) {
    super(`${named(context)} was aborted`, context, { cause });
  }
}

/**
 * A 2xx answer that arrived whole but could not be read as the documented media type (or was
 * larger than the client's `maxResponseBytes`). A body cut off mid-way is a `NetworkError`.
 */
export class ResponseParseError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "ResponseParseError";
  readonly kind = "parse" as const;
  declare readonly status: number;
  constructor(status: number, context: RequestContext, cause: unknown) {
    super(`${named(context)} returned HTTP ${status} with an unreadable body`, context, { cause }, { status });
  }
}

/** No configured credentials satisfy the operation's security requirement; nothing was sent. */
export class MissingCredentialsError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "MissingCredentialsError";
  readonly kind = "credentials" as const;
  /** Names of the security schemes that would have to be configured. */
  declare readonly missing: readonly string[];
  constructor(context: RequestContext, missing: readonly string[]) {
    super(`${named(context)} needs credentials for: ${missing.join(", ")}`, context, undefined, { missing });
  }
}

/**
 * A credential provider (token hook, token source) failed. Its own message is not repeated,
 * as it may carry secrets: `cause` keeps the failure's name and OAuth error `code`, and the
 * full text only for the toolkit's own token errors, which never contain secrets.
 */
export class CredentialProviderError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "CredentialProviderError";
  readonly kind = "credential-provider" as const;
  declare readonly scheme: string;
  constructor(context: RequestContext, scheme: string, cause: unknown) {
    super(`${named(context)}: the credential provider for ${scheme} failed`, context, { cause: withheld(cause) }, { scheme });
  }
}

/** The toolkit's own token failures (safe to show); anything else is reduced to its name and code. */
function withheld(cause: unknown): unknown {
  if (cause instanceof Error && cause.name === "TokenUnavailableError") return cause;
  const name = cause instanceof Error ? cause.name : typeof cause;
  const code = (cause as { code?: unknown } | null)?.code;
  const safe = new Error(`${name}${typeof code === "string" ? ` (${code})` : ""}: message withheld, it may contain a secret`);
  safe.stack = `${name}: ${safe.message}`;
  return Object.assign(safe, typeof code === "string" ? { name, code } : { name });
}

/** The input cannot make a request (e.g. a path parameter is missing); nothing was sent. */
export class InvalidInputError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "InvalidInputError";
  readonly kind = "invalid-input" as const;
  /** The input properties at fault. */
  declare readonly fields: readonly string[];
  constructor(context: RequestContext, fields: readonly string[], problem: string) {
    super(`${named(context)}: ${problem}: ${fields.join(", ")}`, context, undefined, { fields });
  }
}

/**
 * The client configuration cannot work: an unknown environment, a server variable outside its
 * enum, or no base URL where one is needed (Node, for a spec without servers).
 */
export class ConfigurationError extends MpkitError {
  /** The class's own name, kept through minifiers that rename classes. */
  override readonly name = "ConfigurationError";
  readonly kind = "configuration" as const;
}

export type ClientError =
  | ConfigurationError
  | ApiError
  | InvalidInputError
  | NetworkError
  | TimeoutError
  | AbortedError
  | ResponseParseError
  | RedirectError
  | MissingCredentialsError
  | CredentialProviderError;

export function isMpkitError(value: unknown): value is ClientError {
  return value instanceof MpkitError;
}
