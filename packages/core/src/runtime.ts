import createClient, { type Client, type Middleware } from "openapi-fetch";
import { applyCredentials, type AuthPlacement, chooseRequirement } from "./auth.js";
import { type AttemptInfo, type CallOptions, type ClientConfig, type Credential, resolveBaseUrl } from "./config.js";
import type { OperationDescriptor, ProductDescriptor } from "./descriptor.js";
import {
  AbortedError,
  ApiError,
  CredentialProviderError,
  InvalidInputError,
  MissingCredentialsError,
  MpkitError,
  NetworkError,
  type RequestContext,
  ResponseParseError,
  TimeoutError,
} from "./errors.js";
import { poll as pollUntil, type PollOptions } from "./poll.js";
import { SecretRedactor } from "./redact.js";
import { backoffDelay, effectivePolicy, isRepeatable, parseRetryAfter, RETRYABLE_STATUSES, sleep } from "./retry.js";
import { isAccessTokenSource } from "./tokens.js";
import { own } from "./own.js";

type FlatInput = Record<string, unknown> & { headers?: Record<string, unknown>; body?: unknown };

export interface ProductRuntime<Paths extends {}> {
  /**
   * The underlying openapi-fetch client: `{ data, error, response }` style, with the same base
   * URL, credentials, headers and correlation ids (but no retries or timeouts).
   */
  raw: Client<Paths>;
  /** Calls an operation by id; resolves to the parsed 2xx body, rejects with an `MpkitError`. */
  call(operationId: string, input: FlatInput | undefined, options: CallOptions | undefined): Promise<unknown>;
  /** Calls a pollable operation (`x-mpkit-poll`) until its answer satisfies `options.until`. */
  poll(operationId: string, input: FlatInput | undefined, options: PollOptions<unknown> | undefined): Promise<unknown>;
}

function defaultCorrelationId(): string {
  return globalThis.crypto.randomUUID();
}

function indexOperations(product: ProductDescriptor): Map<string, [string, OperationDescriptor]> {
  const byRoute = new Map<string, [string, OperationDescriptor]>();
  for (const [id, op] of Object.entries(product.operations)) byRoute.set(`${op.method.toUpperCase()} ${op.path}`, [id, op]);
  return byRoute;
}

/** Registers the credentials known up front, so that no error can ever repeat them. */
function rememberStaticSecrets(credentials: Partial<Record<string, Credential>>, redactor: SecretRedactor): void {
  for (const credential of Object.values(credentials)) {
    if (typeof credential === "string") redactor.add(credential);
    else if (credential && typeof credential === "object" && !isAccessTokenSource(credential)) {
      if (typeof credential.password === "string") redactor.add(credential.password);
    }
  }
}

/**
 * The raw client's middleware: credentials and the correlation id on every request made
 * through `raw`, like the operation-named methods send them.
 */
function rawMiddleware(product: ProductDescriptor, config: ClientConfig, redactor: SecretRedactor): Middleware {
  const byRoute = indexOperations(product);
  const credentials = config.credentials ?? {};
  const makeId = config.correlationId ?? defaultCorrelationId;
  return {
    async onRequest({ request, schemaPath }) {
      const found = byRoute.get(`${request.method} ${schemaPath}`);
      const headers = new Headers(request.headers);
      const header = product.correlationHeader;
      if (header && !headers.has(header)) headers.set(header, makeId());
      const context: RequestContext = {
        operationId: found?.[0] ?? "request",
        method: request.method,
        route: schemaPath,
        correlationId: header ? (headers.get(header) ?? undefined) : undefined,
      };
      let url: string | undefined;
      if (found) {
        const requirement = chooseRequirement(found[1], credentials);
        if ("missing" in requirement) throw new MissingCredentialsError(context, requirement.missing);
        const placed = await applyCredentials(product, requirement.chosen, credentials, redactor, (scheme, cause) => {
          throw redactor.error(new CredentialProviderError(context, scheme, cause));
        });
        for (const [name, value] of Object.entries(placed.headers)) if (!headers.has(name)) headers.set(name, value);
        if (Object.keys(placed.query).length > 0) {
          const target = new URL(request.url);
          for (const [name, value] of Object.entries(placed.query)) target.searchParams.set(name, value);
          url = target.toString();
        }
      }
      if (url === undefined) return new Request(request, { headers });
      const body = request.body === null ? undefined : await request.arrayBuffer();
      return new Request(url, { method: request.method, headers, body, signal: request.signal });
    },
  };
}

function splitInput(op: OperationDescriptor, input: FlatInput) {
  // No prototypes, and only the input's own properties: a parameter named `constructor` or
  // `__proto__` is a parameter like any other.
  const path: Record<string, unknown> = Object.create(null);
  const query: Record<string, unknown> = Object.create(null);
  for (const name of op.pathParams) path[name] = own(input, name);
  for (const name of op.queryParams) if (own(input, name) !== undefined) query[name] = own(input, name);
  return { path, query, header: { ...(input.headers ?? {}) }, body: input.body };
}

async function readBody(response: Response, parseAs: OperationDescriptor["parseAs"]): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  if (parseAs === "blob") return await response.blob();
  const text = await response.text();
  if (parseAs === "text") return text;
  return text === "" ? undefined : JSON.parse(text);
}

function hasHeader(name: string, ...sources: (Record<string, unknown> | undefined)[]): boolean {
  const lower = name.toLowerCase();
  return sources.some(
    (source) =>
      source !== undefined &&
      Object.entries(source).some(([key, value]) => key.toLowerCase() === lower && value !== undefined && value !== ""),
  );
}

/** One attempt's own abort signal: the caller's signal, plus the attempt timeout. */
class AttemptSignal {
  readonly controller = new AbortController();
  timedOut = false;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onAbort = () => this.controller.abort(this.#caller?.reason);

  constructor(caller: AbortSignal | undefined, timeoutMs: number) {
    this.#caller = caller;
    if (caller?.aborted) this.controller.abort(caller.reason);
    else caller?.addEventListener("abort", this.#onAbort, { once: true });
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort(new DOMException("attempt timed out", "TimeoutError"));
      }, timeoutMs);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onAbort);
  }
}

/** Builds the runtime behind a generated product client. */
export function createProductRuntime<Paths extends {}>(
  product: ProductDescriptor,
  config: ClientConfig = {},
): ProductRuntime<Paths> {
  const baseUrl = resolveBaseUrl(product, config);
  const fetchFn = config.fetch ?? ((request: Request) => globalThis.fetch(request));
  const credentials = config.credentials ?? {};
  const redactor = new SecretRedactor();
  rememberStaticSecrets(credentials, redactor);

  const raw = createClient<Paths>({ baseUrl, fetch: fetchFn, headers: config.headers });
  raw.use(rawMiddleware(product, config, redactor));
  // Operation-named methods place credentials themselves, per attempt, so they use a client
  // without the middleware.
  const direct = createClient<Paths>({ baseUrl, fetch: fetchFn, headers: config.headers });
  const request = direct.request as unknown as (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const makeId = config.correlationId ?? defaultCorrelationId;

  function report(info: AttemptInfo): void {
    if (!config.onAttempt) return;
    try {
      config.onAttempt(info);
    } catch {
      // A broken logger must not break the call.
    }
  }

  async function call(operationId: string, input: FlatInput = {}, options: CallOptions = {}): Promise<unknown> {
    const op = own(product.operations, operationId);
    if (!op) throw new TypeError(`${product.title} has no operation "${operationId}"`);
    const correlationHeader = product.correlationHeader;
    const correlationId = correlationHeader
      ? (options.correlationId ?? (input.headers?.[correlationHeader] as string | undefined) ?? makeId())
      : undefined;
    const context: RequestContext = { operationId, method: op.method.toUpperCase(), route: op.path, correlationId, attempts: 0 };
    const fail = (error: MpkitError): never => {
      throw redactor.error(error);
    };

    let operationBase: string | undefined;
    if (op.servers && !config.baseUrl) {
      const environment = config.environment ?? Object.keys(product.environments)[0] ?? "";
      operationBase = own(op.servers, environment)?.replace(/\/+$/, "");
      if (operationBase === undefined) {
        fail(
          new InvalidInputError(context, ["environment"], `not offered in the "${environment}" environment (only: ${Object.keys(op.servers).join(", ")})`),
        );
      }
    }

    const { path, query, header: headerParams, body } = splitInput(op, input);
    const missing = op.pathParams.filter((name) => path[name] === undefined || path[name] === null || path[name] === "");
    if (missing.length > 0) fail(new InvalidInputError(context, missing, "missing path parameter(s)"));

    let idempotencyKey: string | undefined;
    if (op.idempotencyKeyHeader) {
      const given = headerParams[op.idempotencyKeyHeader] ?? options.headers?.[op.idempotencyKeyHeader];
      idempotencyKey = typeof given === "string" && given !== "" ? given : (options.idempotencyKey ?? globalThis.crypto.randomUUID());
      headerParams[op.idempotencyKeyHeader] = idempotencyKey;
    }
    const missingHeaders = (op.requiredHeaders ?? []).filter(
      (name) => !hasHeader(name, headerParams, options.headers, config.headers),
    );
    if (missingHeaders.length > 0) fail(new InvalidInputError(context, missingHeaders, "missing required header(s)"));

    const requirement = chooseRequirement(op, credentials);
    if ("missing" in requirement) fail(new MissingCredentialsError(context, requirement.missing));
    const schemes = "chosen" in requirement ? requirement.chosen : [];

    const policy = effectivePolicy(product.policy, op.policy, config.policy, {
      retries: options.retries,
      timeoutMs: options.timeoutMs,
    });
    const repeatable = isRepeatable(op, body, idempotencyKey !== undefined);
    const retryBudget = repeatable ? policy.retries : 0;
    const tuning = config.retryTuning ?? {};
    const maxRetryAfterMs = tuning.maxRetryAfterMs ?? 60_000;

    let attempt = 0;
    let retriesUsed = 0;
    let renewed = false;
    for (;;) {
      attempt += 1;
      context.attempts = attempt;
      const placement: AuthPlacement = await applyCredentials(product, schemes, credentials, redactor, (scheme, cause) =>
        fail(new CredentialProviderError(context, scheme, cause)),
      );
      const headers: Record<string, string> = { ...options.headers, ...placement.headers };
      if (op.requestContentType && body !== undefined) headers["Content-Type"] = op.requestContentType;
      if (correlationHeader && correlationId) headers[correlationHeader] = correlationId;

      const started = performance.now();
      const attemptSignal = new AttemptSignal(options.signal, policy.timeoutMs);
      const base = { operationId, method: context.method, route: op.path, attempt, correlationId };
      let failure: MpkitError;
      let outcome: AttemptInfo["outcome"];
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      try {
        const answer = await request(op.method, op.path, {
          params: { path, query: { ...query, ...placement.query }, header: headerParams },
          ...(operationBase !== undefined ? { baseUrl: operationBase } : {}),
          body,
          headers,
          signal: attemptSignal.signal,
          parseAs: "stream",
        });
        const { response } = answer;
        status = response.status;
        if (response.ok) {
          let result: unknown;
          try {
            result = await readBody(response, op.parseAs);
          } catch (cause) {
            if (options.signal?.aborted) throw cause;
            if (attemptSignal.timedOut) throw cause;
            report({ ...base, status, durationMs: performance.now() - started, outcome: "unreadable" });
            return fail(new ResponseParseError(response.status, context, cause));
          }
          report({ ...base, status, durationMs: performance.now() - started, outcome: "success" });
          return result;
        }
        retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        failure = new ApiError(response.status, answer.error, { ...context }, retryAfterMs);
        outcome = "http-error";
      } catch (cause) {
        if (cause instanceof MpkitError) throw cause;
        if (options.signal?.aborted) {
          report({ ...base, status, durationMs: performance.now() - started, outcome: "aborted" });
          return fail(new AbortedError(context, cause));
        }
        if (attemptSignal.timedOut) {
          failure = new TimeoutError({ ...context }, policy.timeoutMs);
          outcome = "timeout";
        } else {
          failure = new NetworkError({ ...context }, cause);
          outcome = "network";
        }
      } finally {
        attemptSignal.dispose();
      }
      const durationMs = performance.now() - started;

      // A refused token is renewed once per call, whatever the call is: the server did not act on it.
      if (status === 401 && !renewed && placement.renewable.size > 0) {
        renewed = true;
        try {
          for (const { source, token } of placement.renewable.values()) redactor.add(await source.renewAccessToken(token), true);
        } catch (cause) {
          report({ ...base, status, durationMs, outcome });
          const scheme = [...placement.renewable.keys()][0]!;
          return fail(new CredentialProviderError(context, scheme, cause));
        }
        report({ ...base, status, durationMs, outcome, retryInMs: 0, renewedToken: true });
        continue;
      }

      const transient = outcome !== "http-error" || (status !== undefined && RETRYABLE_STATUSES.has(status));
      let delay: number | undefined;
      if (transient && retriesUsed < retryBudget) {
        if (status === 429 && retryAfterMs !== undefined) delay = retryAfterMs <= maxRetryAfterMs ? retryAfterMs : undefined;
        else delay = backoffDelay(retriesUsed + 1, policy.retryDelayMs, tuning);
      }
      report({ ...base, status, durationMs, outcome, ...(delay !== undefined ? { retryInMs: delay } : {}) });
      if (delay === undefined) return fail(failure);
      try {
        await sleep(delay, options.signal);
      } catch (cause) {
        return fail(new AbortedError(context, cause));
      }
      retriesUsed += 1;
    }
  }

  function poll(operationId: string, input: FlatInput = {}, options: PollOptions<unknown> = {}): Promise<unknown> {
    const op = own(product.operations, operationId);
    if (!op?.poll) throw new TypeError(`${product.title}: operation "${operationId}" is not pollable`);
    const context: RequestContext = { operationId, method: op.method.toUpperCase(), route: op.path };
    return pollUntil(context, op.poll, (callOptions) => call(operationId, input, callOptions), options);
  }

  return { raw, call, poll };
}
