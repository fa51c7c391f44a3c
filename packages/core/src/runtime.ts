import { applyCredentials, type AuthPlacement, chooseRequirement, staticCredentials } from "./auth.js";
import { type AttemptInfo, type CallOptions, type ClientConfig, type Credential, resolveBaseUrl, type ServerFiller } from "./config.js";
import type { ClientPolicy, OperationDescriptor, ProductDescriptor } from "./descriptor.js";
import {
  AbortedError,
  ApiError,
  ConfigurationError,
  CredentialProviderError,
  InvalidInputError,
  MissingCredentialsError,
  MpkitError,
  NetworkError,
  RedirectError,
  type RequestContext,
  ResponseParseError,
  TimeoutError,
} from "./errors.js";
import { errorDetail } from "./error-detail.js";
import { discard, fetchFollowingRedirects, type RedirectPolicy } from "./redirects.js";
import { poll as pollUntil, type PollOptions } from "./poll.js";
import { SecretRedactor } from "./redact.js";
import { backoffDelay, effectivePolicy, isRepeatable, parseRetryAfter, RETRYABLE_STATUSES, sleep } from "./retry.js";
import { own } from "./own.js";
import type { BodyEncoder } from "./bodies.js";
import { component, headerText, type ParamEntry, styled, type Styler } from "./params.js";
import { isAccessTokenSource } from "./tokens.js";

export type FlatInput = Record<string, unknown> & { headers?: Record<string, unknown>; body?: unknown };

/**
 * The runtime behind a generated client. The raw openapi-fetch client (`createRawClient`) and
 * polling (`pollOperation`) are separate, so a bundle that does not use them leaves them out.
 */
export interface ProductRuntime {
  /** Calls an operation by id; resolves to the parsed 2xx body, rejects with an `MpkitError`. */
  call(operationId: string, input: FlatInput | undefined, options: CallOptions | undefined): Promise<unknown>;
}

export function defaultCorrelationId(): string {
  return globalThis.crypto.randomUUID();
}

/** Registers the credentials known up front, so that no error can ever repeat them. */
export function rememberStaticSecrets(credentials: Partial<Record<string, Credential>>, redactor: SecretRedactor): void {
  for (const credential of Object.values(credentials)) {
    if (typeof credential === "string") redactor.add(credential);
    else if (credential && typeof credential === "object" && !isAccessTokenSource(credential)) {
      if (typeof credential.password === "string") redactor.add(credential.password);
    }
  }
}

/** Default `maxResponseBytes`: far above any MobilePay answer, far below what hurts a server. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** The whole body, or `"too-large"` once it passes `limit` bytes. A body cut off rejects. */
async function readBytes(response: Response, limit: number, attempt: Attempt): Promise<Uint8Array | "too-large"> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await discard(response);
    return "too-large";
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  // A stopped attempt lets go of the body (and its connection).
  attempt.onStop(() => reader.cancel().catch(() => undefined));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return "too-large";
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A 2xx body as the operation documents it. A body that is not valid JSON fails with an error
 * of our own wording: the parser's message quotes the input, which may hold a secret.
 */
function parseSuccess(bytes: Uint8Array, response: Response, parseAs: OperationDescriptor["parseAs"]): { value: unknown } | { problem: Error } {
  if (response.status === 204 || response.status === 205) return { value: undefined };
  if (parseAs === "blob") return { value: new Blob([bytes as BlobPart], { type: response.headers.get("content-type") ?? "" }) };
  const text = utf8.decode(bytes);
  if (parseAs === "text") return { value: text };
  if (text === "") return { value: undefined };
  try {
    return { value: JSON.parse(text) };
  } catch {
    const problem = new SyntaxError(`the ${bytes.byteLength}-byte body is not valid JSON`);
    problem.stack = `SyntaxError: ${problem.message}`;
    return { problem };
  }
}

const utf8 = new TextDecoder();

/** An error body: parsed JSON when it is JSON, else its text; `undefined` when empty. */
function parseErrorBody(bytes: Uint8Array): unknown {
  const text = utf8.decode(bytes);
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The request body as sent, with the content type to set (`undefined`: let `fetch` set it, as
 * it must for `FormData` and its boundary). Objects go out as the operation's media type (a
 * form or multipart form through `encoders`), else as JSON; `FormData`, `URLSearchParams` and
 * bytes as given.
 */
function serializeBody(body: unknown, op: OperationDescriptor, encoders: Readonly<Record<string, BodyEncoder>> | undefined): [BodyInit, string | undefined] {
  const type = op.requestContentType;
  if (body instanceof FormData || body instanceof URLSearchParams) return [body, undefined];
  if (
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    (typeof body === "string" && type !== undefined && !/json/i.test(type))
  ) {
    return [body as BodyInit, type];
  }
  const encode = type === undefined ? undefined : encoders?.[type];
  if (encode) {
    const encoded = encode(body as Record<string, unknown>, op.requestEncoding);
    return [encoded, encoded instanceof FormData ? undefined : type];
  }
  return [JSON.stringify(body), type ?? "application/json"];
}

function hasKeys(record: Record<string, unknown>): boolean {
  for (const _ in record) return true;
  return false;
}

/**
 * Sets headers into `target` (keys in lower case) the way openapi-fetch merges them: later
 * values replace earlier ones, `null` removes one, an array adds each of its values.
 */
function setHeaders(target: Record<string, string>, source: Record<string, unknown> | undefined): void {
  if (!source) return;
  for (const name in source) {
    if (!Object.hasOwn(source, name)) continue;
    const value = source[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (value === null) delete target[key];
    else if (Array.isArray(value)) {
      for (const item of value) target[key] = target[key] === undefined ? String(item) : `${target[key]}, ${String(item)}`;
    } else target[key] = String(value);
  }
}

/** What every call of an operation shares, worked out once per client. */
interface OperationPlan {
  op: OperationDescriptor;
  /** Upper-case method. */
  method: string;
  /** The base URL the operation is sent to. */
  base: string;
  /** Why the configured environment cannot call the operation, when it cannot: the configuration field at fault and the reason. */
  unavailable: [string, string] | undefined;
  /** Base URL and path parameter values → URL without query. */
  route: (base: string, values: Record<string, unknown>) => string;
  pathParams: readonly string[];
  /** Query parameters with their style codes. */
  /** `[name, style, input property]`: the input property when another input took the name (`queryId`). */
  query: readonly (readonly [string, string, string?])[];
  /** The policy of calls that do not override it. */
  policy: Required<ClientPolicy>;
}

/** A parameter entry as `[name, style code]`, with the location's default code. */
function entry(param: ParamEntry, fallback: string): readonly [string, string] {
  return typeof param === "string" ? [param, fallback] : param;
}

/**
 * One value in the default styles, as products whose parameters are all single values (no
 * arrays, objects or styles of their own) need: `styled()` is passed only to the others.
 */
const plainStyle: Styler = (name, value, code, encode) => (code === "simple" ? "" : `${name}=`) + encode(value);

/** The route template as a function, split once into literal parts and parameter names (path styles applied). */
function compileRoute(path: string, params: readonly ParamEntry[] | undefined, style: Styler): OperationPlan["route"] {
  const parts = path.split(/\{([^{}]+)\}/);
  const codes = new Map((params ?? []).map((p) => entry(p, "simple")));
  return (base, values) => {
    let url = base + parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i]!;
      const code = codes.get(name) ?? "simple";
      const value = own(values, name);
      // Path and header values in JSON (`content: application/json`) carry no name.
      url += (code === "json" ? component(JSON.stringify(value)) : style(name, value, code, component)) + parts[i + 1];
    }
    return url;
  };
}

/** The query string of the input's query parameters, each in its style; names in `skip` are left out. */
function queryString(params: OperationPlan["query"], input: FlatInput, skip: Record<string, string> | undefined, style: Styler): string {
  let search = "";
  for (const [name, code, key] of params) {
    const value = own(input, key ?? name);
    if (value === undefined || value === null || (skip !== undefined && Object.hasOwn(skip, name))) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const piece = style(name, value, code, component);
    if (piece !== "") search += search === "" ? piece : `&${piece}`;
  }
  return search;
}

function hasHeader(name: string, ...sources: (Record<string, unknown> | undefined)[]): boolean {
  const lower = name.toLowerCase();
  return sources.some(
    (source) =>
      source !== undefined &&
      Object.entries(source).some(([key, value]) => key.toLowerCase() === lower && value !== undefined && value !== ""),
  );
}

/**
 * One attempt's bounds: the caller's signal and the attempt timeout. The attempt's work runs
 * under `guard`, which rejects as soon as either fires. Its `signal` (for credential sources,
 * and for the request when it must be aborted on the wire) is made only when asked for: undici
 * builds a request that carries a signal about four times slower than one without.
 */
class Attempt {
  /** Why the attempt was stopped (the caller's reason, or a timeout); undefined while it runs. */
  stopped: unknown;
  timedOut = false;
  #controller: AbortController | undefined;
  #reject: ((reason: unknown) => void) | undefined;
  #cancel: (() => unknown) | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(caller: AbortSignal | undefined, timeoutMs: number) {
    if (caller) {
      this.#caller = caller;
      this.#onAbort = () => this.stop(caller.reason);
      if (caller.aborted) this.#onAbort();
      else caller.addEventListener("abort", this.#onAbort, { once: true });
    }
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) this.#timer = setTimeout(expire, timeoutMs, this);
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.stopped !== undefined) this.#controller.abort(this.stopped);
    }
    return this.#controller.signal;
  }

  stop(reason: unknown): void {
    if (this.stopped !== undefined) return;
    this.stopped = reason ?? new DOMException("aborted", "AbortError");
    this.#controller?.abort(this.stopped);
    this.#reject?.(this.stopped);
    this.#cancel?.();
  }

  /** Calls `cancel` when the attempt stops (at once if it has). */
  onStop(cancel: () => unknown): void {
    if (this.stopped !== undefined) cancel();
    else this.#cancel = cancel;
  }

  /** Settles like `work`, or rejects with the stop reason as soon as the attempt stops. */
  guard<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.stopped !== undefined) reject(this.stopped);
      this.#reject = reject;
      work.then(resolve, reject);
    });
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#onAbort) this.#caller!.removeEventListener("abort", this.#onAbort);
  }
}

function expire(attempt: Attempt): void {
  attempt.timedOut = attempt.stopped === undefined;
  attempt.stop(new DOMException("attempt timed out", "TimeoutError"));
}

/** Raised inside an attempt when a credential could not be had; becomes a `CredentialProviderError`. */
class CredentialFailure {
  constructor(
    readonly scheme: string,
    readonly cause: unknown,
  ) {}
}

/**
 * The path and query of an operation with its parameters in their styles (for the raw client,
 * whose openapi-fetch serialisers know only its defaults).
 */
export function styledTarget(op: OperationDescriptor, path: Record<string, unknown>, query: Record<string, unknown>): string {
  const search = queryString((op.queryParams ?? []).map((p) => entry(p, "form*")), query, undefined, styled);
  return compileRoute(op.path, op.pathParams, styled)("", path) + (search ? `?${search}` : "");
}

/**
 * What a generated client adds to the runtime when its product needs it, so that other bundles
 * leave it out: `bodies` (`bodyEncoders`) for form and multipart operations, `servers`
 * (`fillServer`) for server URLs with variables, `styles` (`styled`) for parameters that are
 * not single values in their location's default style.
 */
export interface RuntimeExtras {
  bodies?: Readonly<Record<string, BodyEncoder>>;
  servers?: ServerFiller;
  /** `styled`, for products with array, object or styled parameters. */
  styles?: Styler;
}

/** Builds the runtime behind a generated product client. */
export function createProductRuntime(product: ProductDescriptor, config: ClientConfig = {}, extras: RuntimeExtras = {}): ProductRuntime {
  const baseUrl = resolveBaseUrl(product, config, extras.servers);
  const style = extras.styles ?? plainStyle;
  const fetchFn = config.fetch ?? ((request: Request) => globalThis.fetch(request));
  const credentials = config.credentials ?? {};
  const redactor = new SecretRedactor();
  rememberStaticSecrets(credentials, redactor);
  const crossOrigin = config.crossOriginRedirects ?? "refuse";
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const keepAcrossOrigins = ["accept", ...(product.correlationHeader ? [product.correlationHeader.toLowerCase()] : [])];

  const redirectPolicy: RedirectPolicy = { fetch: fetchFn, crossOrigin, keepAcrossOrigins, redact: (text) => redactor.text(text) };

  const makeId = config.correlationId ?? defaultCorrelationId;
  /** Set once an attempt of this client timed out: from then on requests carry an abort signal. */
  let abortOnWire = false;

  /** What every call of an operation shares, worked out on its first call. */
  const plans = new Map<string, OperationPlan>();
  function planOf(operationId: string): OperationPlan {
    let plan = plans.get(operationId);
    if (plan) return plan;
    const op = Object.hasOwn(product.operations, operationId) ? product.operations[operationId] : undefined;
    if (!op) throw new TypeError(`${product.title} has no operation "${operationId}"`);
    const method = op.method.toUpperCase();
    let base: string | undefined = baseUrl;
    let unavailable: [string, string] | undefined;
    if (op.servers && !config.baseUrl) {
      const environment = config.environment ?? Object.keys(product.environments)[0] ?? "";
      const template = Object.hasOwn(op.servers, environment) ? op.servers[environment] : undefined;
      base = template === undefined ? undefined : (extras.servers?.(product, template, config) ?? template).replace(/\/+$/, "");
      if (base === undefined) {
        unavailable = ["environment", `not offered in the "${environment}" environment (only: ${Object.keys(op.servers).join(", ")})`];
      }
    }
    // A relative base (no servers: OpenAPI's "/") resolves against a page; Node has none.
    if (base !== undefined && !/^[a-z][a-z\d+.-]*:/i.test(base) && typeof location === "undefined") {
      unavailable = ["baseUrl", "no absolute server URL: set baseUrl"];
    }
    plan = {
      op,
      method,
      base: base ?? "",
      unavailable,
      route: compileRoute(op.path, op.pathParams, style),
      pathParams: op.pathParams?.map((p) => entry(p, "simple")[0]) ?? Array.from(op.path.matchAll(/\{([^{}]+)\}/g), (match) => match[1]!),
      query: (op.queryParams ?? []).map((p) => {
        const [name, code] = entry(p, "form*");
        const key = op.inputNames?.query?.[name];
        return key === undefined ? ([name, code] as const) : ([name, code, key] as const);
      }),
      policy: effectivePolicy(product.policy, op.policy, config.policy),
    };
    plans.set(operationId, plan);
    return plan;
  }

  async function call(operationId: string, input: FlatInput = {}, options: CallOptions = {}): Promise<unknown> {
    const plan = planOf(operationId);
    const { op, method } = plan;
    const correlationHeader = product.correlationHeader;
    const inputHeaders = input.headers;
    const correlationId = correlationHeader
      ? (options.correlationId ?? (inputHeaders?.[correlationHeader] as string | undefined) ?? makeId())
      : undefined;
    const context: RequestContext = { operationId, method, route: op.path, correlationId, attempts: 0 };
    const fail = (error: MpkitError): never => {
      throw redactor.error(error);
    };
    if (plan.unavailable !== undefined) {
      const [field, reason] = plan.unavailable;
      fail(field === "baseUrl" ? new ConfigurationError(`${operationId} (${method} ${op.path}): ${reason}`, context) : new InvalidInputError(context, [field], reason));
    }

    // Only the input's own properties: a parameter named `constructor` or `__proto__` is a parameter like any other.
    const missing = plan.pathParams.filter((name) => {
      const value = own(input, name);
      return value === undefined || value === null || value === "";
    });
    if (missing.length > 0) fail(new InvalidInputError(context, missing, "missing path parameter(s)"));
    const search = plan.query.length > 0 ? queryString(plan.query, input, undefined, style) : "";
    const body = input.body;

    let headerParams: Record<string, unknown> | undefined = inputHeaders;
    if (extras.styles && inputHeaders) {
      // Header objects (and arrays in a style of their own) as their style writes them.
      headerParams = { ...inputHeaders };
      const codes = new Map((op.headerParams ?? []).map((p) => entry(p, "simple")));
      for (const name in headerParams) {
        const value = headerParams[name];
        const code = codes.get(name);
        if (value === null || typeof value !== "object" || (Array.isArray(value) && code === undefined)) continue;
        headerParams[name] = code === "json" ? JSON.stringify(value) : style(name, value, code ?? "simple", headerText);
      }
    }
    let idempotencyKey: string | undefined;
    if (op.idempotencyKeyHeader) {
      headerParams = { ...headerParams };
      const given = headerParams[op.idempotencyKeyHeader] ?? options.headers?.[op.idempotencyKeyHeader];
      idempotencyKey = typeof given === "string" && given !== "" ? given : (options.idempotencyKey ?? globalThis.crypto.randomUUID());
      headerParams[op.idempotencyKeyHeader] = idempotencyKey;
    }
    if (op.requiredHeaders) {
      const missingHeaders = op.requiredHeaders.filter((name) => !hasHeader(name, headerParams, options.headers, config.headers));
      if (missingHeaders.length > 0) fail(new InvalidInputError(context, missingHeaders, "missing required header(s)"));
    }

    const requirement = chooseRequirement(op, credentials);
    if ("missing" in requirement) fail(new MissingCredentialsError(context, requirement.missing));
    const schemes = "chosen" in requirement ? requirement.chosen : [];

    const policy =
      options.retries === undefined && options.timeoutMs === undefined
        ? plan.policy
        : effectivePolicy(product.policy, op.policy, config.policy, { retries: options.retries, timeoutMs: options.timeoutMs });
    const repeatable = isRepeatable(op, body, idempotencyKey !== undefined);
    const retryBudget = repeatable ? policy.retries : 0;
    const tuning = config.retryTuning ?? {};
    const [serializedBody, bodyType] = body === undefined ? [undefined, undefined] : serializeBody(body, op, extras.bodies);
    let cookies = "";
    for (const param of op.cookieParams ?? []) {
      const [name, code] = entry(param, "form*");
      const value = own(input, op.inputNames?.cookie?.[name] ?? name);
      if (value !== undefined && value !== null) cookies += `${cookies ? "; " : ""}${style(name, value, code, component)}`;
    }
    const onAttempt = config.onAttempt;

    let attemptNo = 0;
    let sent = 0;
    let retriesUsed = 0;
    let renewed = false;
    /** Tokens the server refused (HTTP 401), by scheme: the next attempt asks their sources to replace them. */
    let renew: Map<string, string> | undefined;
    for (;;) {
      attemptNo += 1;
      // `attempts` counts requests actually sent: an attempt that fails before sending (its
      // token did not come in time) does not count.
      context.attempts = sent;
      const started = onAttempt ? performance.now() : 0;
      const attempt = new Attempt(options.signal, policy.timeoutMs);
      const info = (outcome: AttemptInfo["outcome"], status: number | undefined, retryInMs?: number, renewedToken?: boolean): void => {
        if (!onAttempt) return;
        const heard: AttemptInfo = { operationId, method, route: op.path, attempt: attemptNo, correlationId, status, durationMs: performance.now() - started, outcome };
        if (retryInMs !== undefined) heard.retryInMs = retryInMs;
        if (renewedToken) heard.renewedToken = true;
        try {
          onAttempt(heard);
        } catch {
          // A broken logger must not break the call.
        }
      };
      let failure: MpkitError;
      let outcome: AttemptInfo["outcome"];
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      let placement: AuthPlacement | undefined;
      let response: Response | undefined;
      // Credentials, the request and its answer's body, all bounded by the attempt.
      const send = async (): Promise<Uint8Array | "too-large"> => {
        // Plain strings are placed at once; anything that has to be fetched is awaited here.
        placement =
          (renew === undefined ? staticCredentials(product, schemes, credentials, redactor) : undefined) ??
          (await applyCredentials(
            product,
            schemes,
            credentials,
            redactor,
            (scheme, cause) => {
              throw new CredentialFailure(scheme, cause);
            },
            attempt.signal,
            renew,
          ));
        if (attempt.stopped !== undefined) throw attempt.stopped;
        renew = undefined;
        // Later sources win, names compared without case (lower-cased keys).
        const headers: Record<string, string> = {};
        if (bodyType !== undefined && op.requestContentType === undefined) headers["content-type"] = bodyType;
        setHeaders(headers, config.headers);
        setHeaders(headers, options.headers);
        setHeaders(headers, placement.headers);
        if (bodyType !== undefined && op.requestContentType !== undefined) headers["content-type"] = bodyType;
        // FormData and URLSearchParams bodies get their type (with the multipart boundary) from fetch.
        else if (serializedBody instanceof FormData || serializedBody instanceof URLSearchParams) delete headers["content-type"];
        if (correlationHeader && correlationId) headers[correlationHeader.toLowerCase()] = correlationId;
        setHeaders(headers, headerParams);
        if (cookies) headers.cookie = headers.cookie ? `${headers.cookie}; ${cookies}` : cookies;
        const credentialQuery = placement.query;
        let query = search;
        if (hasKeys(credentialQuery)) {
          // Credentials win over an input of the same name.
          query = queryString(plan.query, input, credentialQuery, style);
          for (const name in credentialQuery) query += `${query ? "&" : ""}${name}=${encodeURIComponent(credentialQuery[name]!)}`;
        }
        const request = new Request(plan.route(plan.base, input) + (query ? `?${query}` : ""), {
          method,
          headers,
          body: serializedBody,
          // Aborted on the wire when the caller can abort, or once a server of this client has
          // let an attempt time out; otherwise a timed-out request is left behind and its late
          // answer discarded (a signal makes every request much costlier to build).
          signal: options.signal || abortOnWire ? attempt.signal : undefined,
          redirect: "manual",
        });
        sent += 1;
        context.attempts = sent;
        response = await fetchFollowingRedirects(request, redirectPolicy, context, credentialQuery);
        status = response.status;
        // The body is read within the attempt too: one that stops arriving is a network failure.
        return readBytes(response, maxResponseBytes, attempt);
      };
      try {
        const bytes = await attempt.guard(send());
        response = response!;
        if (response.ok) {
          const parsed =
            bytes === "too-large"
              ? { problem: new RangeError(`the body is larger than the ${maxResponseBytes}-byte limit (maxResponseBytes)`) }
              : parseSuccess(bytes, response, op.parseAs);
          if ("problem" in parsed) {
            info("unreadable", status);
            return fail(new ResponseParseError(response.status, context, parsed.problem));
          }
          info("success", status);
          return parsed.value;
        }
        retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        const errorBody = bytes === "too-large" ? undefined : parseErrorBody(bytes);
        failure = new ApiError(response.status, errorBody, context, retryAfterMs, errorDetail(errorBody, product.errorFields, redactor));
        outcome = "http-error";
      } catch (cause) {
        if (cause instanceof RedirectError) {
          info("redirect", cause.status);
          return fail(cause);
        }
        if (cause instanceof MpkitError) throw cause;
        if (options.signal?.aborted) {
          info("aborted", status);
          return fail(new AbortedError(context, cause));
        }
        if (attempt.timedOut) {
          abortOnWire = true;
          failure = new TimeoutError(context, policy.timeoutMs);
          outcome = "timeout";
        } else if (cause instanceof CredentialFailure) {
          return fail(new CredentialProviderError(context, cause.scheme, cause.cause));
        } else {
          failure = new NetworkError(context, cause);
          outcome = "network";
        }
      } finally {
        attempt.dispose();
      }

      // A refused token is renewed once per call, whatever the call is: the server did not act
      // on it. The renewal happens in the next attempt, under its timeout.
      if (status === 401 && !renewed && placement && placement.renewable.size > 0) {
        renewed = true;
        renew = new Map([...placement.renewable].map(([scheme, { token }]) => [scheme, token]));
        info(outcome, status, 0, true);
        continue;
      }

      const transient = outcome !== "http-error" || (status !== undefined && RETRYABLE_STATUSES.has(status));
      let delay: number | undefined;
      if (transient && retriesUsed < retryBudget) {
        if (status === 429 && retryAfterMs !== undefined) delay = retryAfterMs <= (tuning.maxRetryAfterMs ?? 60_000) ? retryAfterMs : undefined;
        else delay = backoffDelay(retriesUsed + 1, policy.retryDelayMs, tuning);
      }
      info(outcome, status, delay);
      if (delay === undefined) return fail(failure);
      try {
        await (tuning.sleep ?? sleep)(delay, options.signal);
      } catch (cause) {
        return fail(new AbortedError(context, cause));
      }
      retriesUsed += 1;
    }
  }

  return { call };
}

/**
 * The operation-named methods of a generated client: `client.<operationId>(input, options)`
 * calls the operation through `runtime`.
 */
export function operationMethods(
  product: ProductDescriptor,
  runtime: ProductRuntime,
): Record<string, (input?: FlatInput, options?: CallOptions) => Promise<unknown>> {
  const methods = {};
  for (const [operationId, op] of Object.entries(product.operations)) {
    // Defined, not assigned: an operation named `__proto__` stays a method. Reserved ids (`then`,
    // `constructor`) come renamed by the generator (`methodName`), so a client is never a thenable.
    Object.defineProperty(methods, op.methodName ?? operationId, {
      value: (input?: FlatInput, options?: CallOptions) => runtime.call(operationId, input, options),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return methods;
}

/** Calls a pollable operation (`x-mpkit-poll`) through `runtime` until its answer satisfies `options.until`. */
export function pollOperation(
  product: ProductDescriptor,
  runtime: ProductRuntime,
  operationId: string,
  input: FlatInput = {},
  options: PollOptions<unknown> = {},
): Promise<unknown> {
  const op = Object.hasOwn(product.operations, operationId) ? product.operations[operationId] : undefined;
  if (!op?.poll) throw new TypeError(`${product.title}: operation "${operationId}" is not pollable`);
  const context: RequestContext = { operationId, method: op.method.toUpperCase(), route: op.path };
  return pollUntil(context, op.poll, (callOptions) => runtime.call(operationId, input, callOptions), options);
}
