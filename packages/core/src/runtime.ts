import createClient, { type Client, type Middleware } from "openapi-fetch";
import { applyCredentials, chooseRequirement } from "./auth.js";
import { type CallOptions, type ClientConfig, resolveBaseUrl } from "./config.js";
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
} from "./errors.js";

type FlatInput = Record<string, unknown> & { headers?: Record<string, unknown>; body?: unknown };

export interface ProductRuntime<Paths extends {}> {
  /** The underlying openapi-fetch client: `{ data, error, response }` style, same auth and headers. */
  raw: Client<Paths>;
  /** Calls an operation by id; resolves to the parsed 2xx body, rejects with an `MpkitError`. */
  call(operationId: string, input: FlatInput | undefined, options: CallOptions | undefined): Promise<unknown>;
}

function defaultCorrelationId(): string {
  return globalThis.crypto.randomUUID();
}

function indexOperations(product: ProductDescriptor): Map<string, [string, OperationDescriptor]> {
  const byRoute = new Map<string, [string, OperationDescriptor]>();
  for (const [id, op] of Object.entries(product.operations)) byRoute.set(`${op.method.toUpperCase()} ${op.path}`, [id, op]);
  return byRoute;
}

/**
 * A middleware that adds credentials and the correlation id to every request, whether it is
 * made through an operation-named method or through the raw client.
 */
function productMiddleware(product: ProductDescriptor, config: ClientConfig): Middleware {
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
        const placed = await applyCredentials(product, requirement.chosen, credentials, (scheme, cause) => {
          throw new CredentialProviderError(context, scheme, cause);
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
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const name of op.pathParams) path[name] = input[name];
  for (const name of op.queryParams) if (input[name] !== undefined) query[name] = input[name];
  return { path, query, header: input.headers ?? {}, body: input.body };
}

async function readBody(response: Response, parseAs: OperationDescriptor["parseAs"]): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  if (parseAs === "blob") return await response.blob();
  const text = await response.text();
  if (parseAs === "text") return text;
  return text === "" ? undefined : JSON.parse(text);
}

function isAbort(cause: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  return cause instanceof Error && (cause.name === "AbortError" || cause.name === "TimeoutError");
}

/** Builds the runtime behind a generated product client. */
export function createProductRuntime<Paths extends {}>(
  product: ProductDescriptor,
  config: ClientConfig = {},
): ProductRuntime<Paths> {
  const raw = createClient<Paths>({
    baseUrl: resolveBaseUrl(product, config),
    fetch: config.fetch ?? ((request: Request) => globalThis.fetch(request)),
    headers: config.headers,
  });
  raw.use(productMiddleware(product, config));
  const makeId = config.correlationId ?? defaultCorrelationId;
  // The raw client is typed by the product's paths; the operation table is untyped data.
  const request = raw.request as unknown as (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

  async function call(operationId: string, input: FlatInput = {}, options: CallOptions = {}): Promise<unknown> {
    const op = product.operations[operationId];
    if (!op) throw new TypeError(`${product.title} has no operation "${operationId}"`);
    const header = product.correlationHeader;
    const correlationId = header
      ? (options.correlationId ?? (input.headers?.[header] as string | undefined) ?? makeId())
      : undefined;
    const context: RequestContext = { operationId, method: op.method.toUpperCase(), route: op.path, correlationId };
    const { path, query, header: headerParams, body } = splitInput(op, input);
    const missing = op.pathParams.filter((name) => path[name] === undefined || path[name] === null || path[name] === "");
    if (missing.length > 0) throw new InvalidInputError(context, missing, "missing path parameter(s)");
    const headers: Record<string, string> = { ...options.headers };
    if (header && correlationId) headers[header] = correlationId;

    let outcome: { data?: unknown; error?: unknown; response: Response };
    try {
      outcome = await request(op.method, op.path, {
        params: { path, query, header: headerParams },
        body,
        headers,
        signal: options.signal,
        parseAs: "stream",
      });
    } catch (cause) {
      if (cause instanceof MpkitError) throw cause;
      if (isAbort(cause, options.signal)) throw new AbortedError(context, cause);
      throw new NetworkError(context, cause);
    }
    const { response } = outcome;
    if (!response.ok) throw new ApiError(response.status, outcome.error, context);
    try {
      return await readBody(response, op.parseAs);
    } catch (cause) {
      if (isAbort(cause, options.signal)) throw new AbortedError(context, cause);
      throw new ResponseParseError(response.status, context, cause);
    }
  }

  return { raw, call };
}
