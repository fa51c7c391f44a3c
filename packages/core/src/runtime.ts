import { type AuthPlacement, chooseRequirement, placeCredentials, type SchemeWriter } from "./auth.js";
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
  named,
  NetworkError,
  RedirectError,
  type RequestContext,
  ResponseParseError,
  TimeoutError,
} from "./errors.js";
import { errorDetail } from "./error-detail.js";
import { fetchFollowingRedirects } from "./redirects.js";
import { poll as pollUntil, type PollOptions } from "./poll.js";
import { define, SecretRedactor } from "./redact.js";
import { backoffDelay, effectivePolicy, isRepeatable, parseRetryAfter, RETRYABLE_STATUSES, sleep } from "./retry.js";
import { own } from "./own.js";
import type { BodyWriter } from "./bodies.js";
import { component, type ParamEntry, styled, type Styler } from "./params.js";
import type { InputShaper } from "./shape.js";
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

export const defaultCorrelationId = (): string => crypto.randomUUID();

/** Registers the credentials known up front (keys, tokens, basic passwords), so that no error can ever repeat them. */
export function rememberStaticSecrets(credentials: Partial<Record<string, Credential>>, redactor: SecretRedactor): void {
  for (const credential of Object.values(credentials)) {
    const secret = typeof credential === "string" ? credential : (credential as { password?: unknown } | undefined)?.password;
    if (typeof secret === "string") redactor.add(secret);
  }
}

/** Default `maxResponseBytes` (32 MiB): far above any MobilePay answer, far below what hurts a server. */
export const DEFAULT_MAX_RESPONSE_BYTES = 2 ** 25;

const utf8 = new TextDecoder();

/**
 * The whole body, or `undefined` when its declared length or the bytes that arrived pass
 * `limit` (the body is then let go of). A body cut off rejects.
 */
async function readBytes(response: Response, limit: number, onStop: (cancel: () => unknown) => void): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  // A stopped attempt lets go of the body (and its connection).
  const cancel = () => reader?.cancel().catch(() => undefined);
  onStop(cancel);
  const declared = Number(response.headers.get("content-length"));
  const chunks: Uint8Array[] = [];
  for (let size = 0, chunk; !(declared > limit || size > limit); size += chunk.value.byteLength, chunks.push(chunk.value)) {
    if (!reader || (chunk = await reader.read()).done) {
      return chunks.length === 1 ? chunks[0] : new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
    }
  }
  await cancel();
  return undefined;
}

/**
 * Sets headers into `target` (keys in lower case) the way openapi-fetch merges them: later
 * values replace earlier ones, `null` removes one, an array adds each of its values.
 */
function setHeaders(target: Record<string, string>, source: Record<string, unknown> | undefined): void {
  for (const name in source) {
    const value = source[name];
    const key = name.toLowerCase();
    if (!Object.hasOwn(source, name) || value === undefined) continue;
    if (value === null) delete target[key];
    else if (!Array.isArray(value)) target[key] = String(value);
    else for (const item of value) target[key] = target[key] === undefined ? String(item) : `${target[key]}, ${item}`;
  }
}

/**
 * What every call of an operation shares, worked out once per client (a tuple: its positions
 * minify, property names would not): the operation, its upper-case method, the base URL it is
 * sent to, the error of a call when the configured environment cannot call it, its route (base URL and path parameter values → URL without
 * query), its path parameter names, its query parameters (`[name, style, input property]`: the
 * input property when another input took the name, `queryId`), and the policy of calls that do
 * not override it.
 */
type OperationPlan = readonly [
  op: OperationDescriptor,
  method: string,
  base: string,
  unavailable: ((context: RequestContext) => MpkitError) | undefined,
  route: Route,
  pathParams: readonly string[],
  query: QueryPlan,
  policy: Required<ClientPolicy>,
];

/** Base URL and path parameter values → URL without query. */
type Route = (base: string, values: Record<string, unknown>) => string;
/** `[name, style, input property]`: the input property when another input took the name (`queryId`). */
type QueryPlan = readonly (readonly [string, string, string?])[];

/** A parameter entry as `[name, style code]`, with the location's default code. */
function entry(param: ParamEntry, fallback: string): readonly [string, string] {
  return typeof param === "string" ? [param, fallback] : param;
}

/**
 * One value in the default styles, as products whose parameters are all single values (no
 * arrays, objects or styles of their own) need: `styled()` is passed only to the others.
 */
const plainStyle: Styler = (name, value, code, encode) => (code === "simple" ? "" : `${name}=`) + encode(value);

/**
 * The route template as a function, split once into literal parts and parameter names (path
 * styles applied), and those names.
 */
function compileRoute(path: string, params: readonly ParamEntry[] | undefined, style: Styler): [Route, string[]] {
  const parts = path.split(/\{([^{}]+)\}/);
  const codes = new Map((params ?? []).map((p) => entry(p, "simple")));
  const route: Route = (base, values) => {
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
  return [route, parts.filter((_, i) => i % 2)];
}

/** The query string of the input's query parameters, each in its style; names in `skip` are left out. */
function queryString(params: QueryPlan, input: FlatInput, skip: Record<string, string> | undefined, style: Styler): string {
  let search = "";
  for (const [name, code, key] of params) {
    const value = own(input, key ?? name);
    if (value == null || own(skip, name) !== undefined || (Array.isArray(value) && value.length === 0)) continue;
    const piece = style(name, value, code, component);
    if (piece) search += search ? `&${piece}` : piece;
  }
  return search;
}

/** What an attempt throws when a credential could not be had (`[scheme, cause]` under this key); becomes a `CredentialProviderError`. */
const CREDENTIAL_FAILURE = Symbol("credential failure");

function credentialFailure(scheme: string, cause: unknown): never {
  throw { [CREDENTIAL_FAILURE]: [scheme, cause] };
}

function noReport(): void {}

/**
 * The path and query of an operation with its parameters in their styles (for the raw client,
 * whose openapi-fetch serialisers know only its defaults).
 */
export function styledTarget(op: OperationDescriptor, path: Record<string, unknown>, query: Record<string, unknown>): string {
  const search = queryString((op.queryParams ?? []).map((p) => entry(p, "form*")), query, undefined, styled);
  return compileRoute(op.path, op.pathParams, styled)[0]("", path) + (search ? `?${search}` : "");
}

/**
 * What a generated client adds to the runtime when its product needs it, so that other bundles
 * leave it out: `bodies` (`writeBody`) for request bodies other than JSON, `servers`
 * (`fillServer`) for server URLs with variables, `styles` (`styled`) for parameters that are
 * not single values in their location's default style, `inputs` (`shapeInput`) for header
 * and cookie parameters that need more than copying and for idempotency keys, `schemes`
 * (`writeAnyScheme`) for security schemes other than API keys in headers and bearer tokens.
 */
export interface RuntimeExtras {
  /** `writeBody`, for products with request bodies in other media types than JSON (forms, multipart, bytes, JSON Patch). */
  bodies?: BodyWriter;
  servers?: ServerFiller;
  /** `styled`, for products with array, object or styled parameters. */
  styles?: Styler;
  /** `shapeInput`, for products with header parameters in styles, idempotency keys or cookie parameters. */
  inputs?: InputShaper;
  /** `writeAnyScheme`, for products with API keys in the query or a cookie, HTTP basic or another HTTP scheme. */
  schemes?: SchemeWriter;
}

/** Builds the runtime behind a generated product client. */
export function createProductRuntime(product: ProductDescriptor, config: ClientConfig = {}, extras: RuntimeExtras = {}): ProductRuntime {
  const baseUrl = resolveBaseUrl(product, config, extras.servers);
  const style = extras.styles ?? plainStyle;
  const credentials = config.credentials ?? {};
  const redactor = new SecretRedactor();
  rememberStaticSecrets(credentials, redactor);
  const correlationHeader = product.correlationHeader;
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const makeId = config.correlationId ?? defaultCorrelationId;
  const tuning = config.retryTuning ?? {};
  const onAttempt = config.onAttempt;
  /** Set once an attempt of this client timed out: from then on requests carry an abort signal. */
  let abortOnWire = false;

  const fail = (error: MpkitError): never => {
    throw redactor.error(error);
  };
  const invalid = (context: RequestContext, fields: readonly string[], problem: string) => fields.length > 0 && fail(new InvalidInputError(context, fields, problem));

  /** What every call of an operation shares, worked out on its first call. */
  const plans = new Map<string, OperationPlan>();
  function planOf(operationId: string): OperationPlan {
    let plan = plans.get(operationId);
    if (plan) return plan;
    const op = own(product.operations, operationId);
    if (!op) throw new TypeError(`${product.title} has no operation "${operationId}"`);
    let base: string | undefined = baseUrl;
    let unavailable: OperationPlan[3];
    if (op.servers && !config.baseUrl) {
      const environment = config.environment ?? Object.keys(product.environments)[0] ?? "";
      const template = own(op.servers, environment);
      base = template && (extras.servers?.(product, template, config) ?? template).replace(/\/+$/, "");
      const offered = Object.keys(op.servers).join(", ");
      if (base === undefined) unavailable = (context) => new InvalidInputError(context, ["environment"], `not offered in the "${environment}" environment (only: ${offered})`);
    }
    // A relative base (no servers: OpenAPI's "/") resolves against a page; Node has none.
    if (base !== undefined && !/^[a-z][a-z\d+.-]*:/i.test(base) && typeof location === "undefined") {
      unavailable = (context) => new ConfigurationError(`${named(context)}: no absolute server URL: set baseUrl`, context);
    }
    const [route, pathParams] = compileRoute(op.path, op.pathParams, style);
    plan = [
      op,
      op.method.toUpperCase(),
      base ?? "",
      unavailable,
      route,
      pathParams,
      (op.queryParams ?? []).map((p) => [...entry(p, "form*"), op.inputNames?.query?.[entry(p, "")[0]]] as const),
      effectivePolicy(product.policy, op.policy, config.policy),
    ];
    plans.set(operationId, plan);
    return plan;
  }

  async function call(operationId: string, input: FlatInput = {}, options: CallOptions = {}): Promise<unknown> {
    const [op, method, base, unavailable, compiledRoute, pathParams, queryPlan, planPolicy] = planOf(operationId);
    const route = op.path;
    const correlationId = correlationHeader ? (options.correlationId ?? (input.headers?.[correlationHeader] as string | undefined) ?? makeId()) : undefined;
    const context: RequestContext = { operationId, method, route, correlationId, attempts: 0 };
    if (unavailable) fail(unavailable(context));

    // Only the input's own properties: a parameter named `constructor` or `__proto__` is a parameter like any other.
    invalid(
      context,
      pathParams.filter((name) => (own(input, name) ?? "") === ""),
      "missing path parameter(s)",
    );
    const search = queryString(queryPlan, input, undefined, style);
    const body = input.body;

    const { headers: headerParams, cookies, idempotencyKey } = extras.inputs?.(op, input, options, style, !!extras.styles) ?? { headers: input.headers, cookies: "" };
    invalid(
      context,
      (op.requiredHeaders ?? []).filter(
        (name) =>
          ![headerParams, options.headers, config.headers].some((source) =>
            Object.entries(source ?? {}).some(([key, value]) => key.toLowerCase() === name.toLowerCase() && value !== undefined && value !== ""),
          ),
      ),
      "missing required header(s)",
    );

    const { chosen: schemes = [], missing } = chooseRequirement(op, credentials);
    if (missing) fail(new MissingCredentialsError(context, missing));

    const policy =
      options.retries === undefined && options.timeoutMs === undefined
        ? planPolicy
        : effectivePolicy(planPolicy, { retries: options.retries, timeoutMs: options.timeoutMs });
    const retryBudget = isRepeatable(op, body, idempotencyKey !== undefined) ? policy.retries : 0;
    // JSON unless the product has other request media types (`writeBody`).
    const [serializedBody, bodyType, finalType]: [BodyInit?, string?, (string | null)?] =
      body === undefined ? [] : extras.bodies ? extras.bodies(body, op) : [JSON.stringify(body), "application/json"];
    let attemptNo = 0;
    let sent = 0;
    let retriesUsed = 0;
    let renewed = false;
    /** Tokens the server refused (HTTP 401), by scheme: the next attempt asks their sources to replace them. */
    let renew: AuthPlacement["renewable"] | undefined;
    for (;;) {
      attemptNo += 1;
      // `attempts` counts requests actually sent: an attempt that fails before sending (its
      // token did not come in time) does not count.
      context.attempts = sent;
      const started = onAttempt ? performance.now() : 0;
      // The attempt's bounds: the caller's signal and the attempt timeout. Its work runs under
      // `guard`, which rejects as soon as either fires. Its signal (for credential sources, and
      // for the request when it must be aborted on the wire) is made only when asked for: undici
      // builds a request that carries a signal about four times slower than one without.
      /** Why the attempt was stopped (the caller's reason, or a timeout); undefined while it runs. */
      let stopped: unknown;
      let timedOut = false;
      let controller: AbortController | undefined;
      /** Rejects the guarded work, then lets go of what it holds (a body being read). */
      let rejectGuard: ((reason: unknown) => void) | undefined;
      let cancelBody: (() => unknown) | undefined;
      const stop = (reason: unknown): void => {
        if (stopped !== undefined) return;
        stopped = reason ?? new DOMException("aborted", "AbortError");
        controller?.abort(stopped);
        rejectGuard?.(stopped);
        cancelBody?.();
      };
      const signal = (): AbortSignal => {
        if (!controller) {
          controller = new AbortController();
          if (stopped !== undefined) controller.abort(stopped);
        }
        return controller.signal;
      };
      const caller = options.signal;
      const onAbort = (): void => stop(caller!.reason);
      if (caller) {
        if (caller.aborted) onAbort();
        else caller.addEventListener("abort", onAbort);
      }
      const { timeoutMs } = policy;
      const timer =
        timeoutMs > 0 && timeoutMs < Infinity
          ? setTimeout(() => {
              timedOut = stopped === undefined;
              stop(new DOMException("attempt timed out", "TimeoutError"));
            }, timeoutMs)
          : undefined;
      // Made only for a client that reports attempts.
      const info = !onAttempt
        ? noReport
        : (outcome: AttemptInfo["outcome"], status: number | undefined, retryInMs?: number, renewedToken?: boolean): void => {
            const report: AttemptInfo = { operationId, method, route, attempt: attemptNo, correlationId, status, durationMs: performance.now() - started, outcome };
            if (retryInMs !== undefined) report.retryInMs = retryInMs;
            if (renewedToken) report.renewedToken = true;
            try {
              onAttempt(report);
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
      const send = async (): Promise<Uint8Array | undefined> => {
        // Plain strings are placed at once; anything that has to be fetched is awaited here.
        const placing = placeCredentials(
          product,
          schemes,
          credentials,
          redactor,
          credentialFailure,
          signal,
          renew,
          extras.schemes,
        );
        placement = placing instanceof Promise ? await placing : placing;
        if (stopped !== undefined) throw stopped;
        renew = undefined;
        // Later sources win, names compared without case (lower-cased keys).
        const headers: Record<string, string> = {};
        if (bodyType) headers["content-type"] = bodyType;
        setHeaders(headers, config.headers);
        setHeaders(headers, options.headers);
        setHeaders(headers, placement.headers);
        // The operation's own media type wins; FormData and URLSearchParams bodies get theirs (with the multipart boundary) from fetch.
        if (finalType) headers["content-type"] = finalType;
        else if (finalType === null) delete headers["content-type"];
        if (correlationId) headers[correlationHeader!.toLowerCase()] = correlationId;
        setHeaders(headers, headerParams);
        if (cookies) headers.cookie = headers.cookie ? `${headers.cookie}; ${cookies}` : cookies;
        const credentialQuery = placement.query;
        let query = search;
        for (const name in credentialQuery) {
          // Credentials win over an input of the same name.
          if (query === search) query = queryString(queryPlan, input, credentialQuery, style);
          query += `${query ? "&" : ""}${name}=${encodeURIComponent(credentialQuery[name]!)}`;
        }
        const request = new Request(compiledRoute(base, input) + (query ? `?${query}` : ""), {
          method,
          headers,
          body: serializedBody,
          // Aborted on the wire when the caller can abort, or once a server of this client has
          // let an attempt time out; otherwise a timed-out request is left behind and its late
          // answer discarded (a signal makes every request much costlier to build).
          signal: caller || abortOnWire ? signal() : undefined,
          redirect: "manual",
        });
        context.attempts = ++sent;
        response = await fetchFollowingRedirects(request, config, correlationHeader, redactor, context, credentialQuery);
        status = response.status;
        // The body is read within the attempt too: one that stops arriving is a network failure.
        return readBytes(response, maxResponseBytes, (cancel) => (stopped === undefined ? (cancelBody = cancel) : cancel()));
      };
      try {
        const bytes = await new Promise<Uint8Array | undefined>((resolve, reject) => {
          if (stopped !== undefined) reject(stopped);
          rejectGuard = reject;
          send().then(resolve, reject);
        });
        const { ok, headers } = response!;
        const text = bytes && (ok && op.parseAs === "blob" ? "" : utf8.decode(bytes));
        // JSON when it parses (an error body that does not stays text); undefined when empty or too large.
        let value: unknown = text;
        let unreadable = false;
        if (!ok || (op.parseAs !== "blob" && op.parseAs !== "text")) {
          try {
            value = text ? JSON.parse(text) : undefined;
          } catch {
            unreadable = true;
          }
        }
        if (ok) {
          let problem: Error | undefined;
          if (!bytes) problem = new RangeError(`the body is larger than the ${maxResponseBytes}-byte limit (maxResponseBytes)`);
          else if (status === 204 || status === 205) value = undefined;
          else if (op.parseAs === "blob") value = new Blob([bytes as BlobPart], { type: headers.get("content-type") ?? "" });
          else if (unreadable) {
            // Our own wording: the parser's message quotes the input, which may hold a secret.
            problem = new SyntaxError(`the ${bytes.byteLength}-byte body is not valid JSON`);
            problem.stack = `SyntaxError: ${problem.message}`;
          }
          info(problem ? "unreadable" : "success", status);
          return problem ? fail(new ResponseParseError(status!, context, problem)) : value;
        }
        retryAfterMs = parseRetryAfter(headers.get("retry-after"));
        failure = new ApiError(status!, value, context, retryAfterMs, errorDetail(value, product.errorFields, redactor));
        outcome = "http-error";
      } catch (cause) {
        if (cause instanceof RedirectError) info("redirect", cause.status);
        if (cause instanceof MpkitError) throw redactor.error(cause);
        if (caller?.aborted) {
          info("aborted", status);
          return fail(new AbortedError(context, cause));
        }
        const credential = (cause as { [CREDENTIAL_FAILURE]?: [string, unknown] } | undefined)?.[CREDENTIAL_FAILURE];
        if (credential) return fail(new CredentialProviderError(context, ...credential));
        abortOnWire ||= timedOut;
        [failure, outcome] = timedOut ? [new TimeoutError(context, timeoutMs), "timeout"] : [new NetworkError(context, cause), "network"];
      } finally {
        clearTimeout(timer);
        caller?.removeEventListener("abort", onAbort);
      }

      // A refused token is renewed once per call, whatever the call is: the server did not act
      // on it. The renewal happens in the next attempt, under its timeout.
      if (status === 401 && !renewed && placement?.renewable.size) {
        renewed = true;
        renew = placement.renewable;
        info(outcome, status, 0, true);
        continue;
      }

      let delay: number | undefined;
      if ((outcome !== "http-error" || RETRYABLE_STATUSES.has(status!)) && retriesUsed < retryBudget) {
        if (status !== 429 || retryAfterMs === undefined) delay = backoffDelay(retriesUsed + 1, policy.retryDelayMs, tuning);
        else if (retryAfterMs <= (tuning.maxRetryAfterMs ?? 60_000)) delay = retryAfterMs;
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
    define(methods, op.methodName ?? operationId, (input?: FlatInput, options?: CallOptions) => runtime.call(operationId, input, options), true);
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
