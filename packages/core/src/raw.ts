/**
 * The raw client: openapi-fetch's `{ data, error, response }` style, with the base URL,
 * credentials, headers, correlation ids and redirect rules of the operation-named client (but
 * no retries or timeouts). A module of its own, so that bundles that do not use it leave
 * openapi-fetch's client out.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { chooseRequirement, placeCredentials } from "./auth.js";
import { type ClientConfig, resolveBaseUrl, type ServerFiller } from "./config.js";
import type { OperationDescriptor, ProductDescriptor } from "./descriptor.js";
import { CredentialProviderError, MissingCredentialsError, MpkitError, type RequestContext } from "./errors.js";
import { SecretRedactor } from "./redact.js";
import { writeAnyScheme } from "./schemes.js";
import { fetchFollowingRedirects } from "./redirects.js";
import { defaultCorrelationId, rememberStaticSecrets, styledTarget } from "./runtime.js";

function indexOperations(product: ProductDescriptor): Map<string, [string, OperationDescriptor]> {
  const byRoute = new Map<string, [string, OperationDescriptor]>();
  for (const [id, op] of Object.entries(product.operations)) byRoute.set(`${op.method.toUpperCase()} ${op.path}`, [id, op]);
  return byRoute;
}

/**
 * The raw client's middleware: credentials and the correlation id on every request made
 * through `raw`, like the operation-named methods send them.
 */
function rawMiddleware(
  product: ProductDescriptor,
  config: ClientConfig,
  baseUrl: string,
  redactor: SecretRedactor,
  remember: (request: Request, context: RequestContext, credentialQuery: Record<string, string>) => void,
): Middleware {
  const byRoute = indexOperations(product);
  const credentials = config.credentials ?? {};
  const makeId = config.correlationId ?? defaultCorrelationId;
  return {
    async onRequest({ request, schemaPath, params }) {
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
      let credentialQuery: Record<string, string> = {};
      if (found) {
        const requirement = chooseRequirement(found[1], credentials);
        if (requirement.missing) throw new MissingCredentialsError(context, requirement.missing);
        const placed = await placeCredentials(
          product,
          requirement.chosen ?? [],
          credentials,
          redactor,
          (scheme, cause) => {
            throw redactor.error(new CredentialProviderError(context, scheme, cause));
          },
          () => request.signal,
          undefined,
          writeAnyScheme,
        );
        for (const [name, value] of Object.entries(placed.headers)) if (!headers.has(name)) headers.set(name, value);
        credentialQuery = placed.query;
        // Parameters with a style of their own are written again in it.
        const op = found[1];
        if ([op.pathParams, op.queryParams].some((list) => list?.some((p) => typeof p !== "string"))) {
          const path = (params.path ?? {}) as Record<string, unknown>;
          url = new URL(baseUrl + styledTarget(op, path, (params.query ?? {}) as Record<string, unknown>), request.url).toString();
        }
        if (Object.keys(placed.query).length > 0) {
          const target = new URL(url ?? request.url);
          for (const [name, value] of Object.entries(placed.query)) target.searchParams.set(name, value);
          url = target.toString();
        }
      }
      let outgoing: Request;
      if (url === undefined) outgoing = new Request(request, { headers });
      else {
        const body = request.body === null ? undefined : await request.arrayBuffer();
        outgoing = new Request(url, { method: request.method, headers, body, signal: request.signal });
      }
      remember(outgoing, context, credentialQuery);
      return outgoing;
    },
  };
}

/**
 * Creates the raw openapi-fetch client of a product. Each request made through it gets the
 * credentials its operation requires and a correlation id; redirects follow the client's rules.
 */
export function createRawClient<Paths extends {}>(product: ProductDescriptor, config: ClientConfig = {}, servers?: ServerFiller): Client<Paths> {
  const redactor = new SecretRedactor();
  rememberStaticSecrets(config.credentials ?? {}, redactor);
  // The client sends what its middleware built; its fetch follows redirects by the same rules.
  const rawRequests = new WeakMap<Request, { context: RequestContext; query: Record<string, string> }>();
  const baseUrl = resolveBaseUrl(product, config, servers);
  const raw = createClient<Paths>({
    baseUrl,
    headers: config.headers,
    fetch: (request: Request) => {
      const known = rawRequests.get(request);
      const context: RequestContext = known?.context ?? { operationId: "request", method: request.method, route: new URL(request.url).pathname };
      return fetchFollowingRedirects(new Request(request, { redirect: "manual" }), config, product.correlationHeader, redactor, context, known?.query ?? {}).catch((cause: unknown) => {
        throw cause instanceof MpkitError ? redactor.error(cause) : cause;
      });
    },
  });
  raw.use(rawMiddleware(product, config, baseUrl, redactor, (request, context, query) => rawRequests.set(request, { context, query })));
  return raw;
}
