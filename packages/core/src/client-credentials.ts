import * as oauth from "oauth4webapi";
import type { AuthorizationServerOptions } from "./auth-server-options.js";
import { clientSecretBasic, requestOptions, toTokenSet, tokenFailure } from "./oauth-common.js";
import { type AccessTokenSource, isExpiring, SingleFlight, type TokenRequestOptions, type TokenSet } from "./tokens.js";

export interface ClientCredentialsOptions extends AuthorizationServerOptions {
  /** The token endpoint, e.g. `https://api.sandbox.mobilepay.dk/integrator-authentication/connect/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** How the client authenticates at the token endpoint (default `basic`: `client_secret_basic`). */
  clientAuthentication?: "basic" | "post";
  /** Extra form parameters of the token request, e.g. `{ merchant_vat: "DK12345678" }`. */
  parameters?: Record<string, string>;
  /** Extra headers of the token request (e.g. an API gateway key). */
  headers?: Record<string, string>;
  /** Space-separated scopes to ask for, when the server wants them. */
  scope?: string;
}

export interface ClientCredentialsSource extends AccessTokenSource {
  /** The cached tokens, if any (for diagnostics; the access token is a secret). */
  readonly current: TokenSet | undefined;
  /** Forgets the cached token: the next call requests a new one. */
  clear(): void;
}

/**
 * OAuth 2.0 client credentials: requests a token when none is cached or the cached one is about
 * to expire, and never runs two token requests at once (concurrent callers wait for one).
 */
export function clientCredentials(options: ClientCredentialsOptions): ClientCredentialsSource {
  const now = options.now ?? Date.now;
  const skewMs = (options.refreshBeforeExpirySeconds ?? 60) * 1000;
  const url = new URL(options.tokenUrl);
  const as: oauth.AuthorizationServer = { issuer: url.origin, token_endpoint: url.href };
  const client: oauth.Client = { client_id: options.clientId };
  const auth =
    options.clientAuthentication === "post"
      ? oauth.ClientSecretPost(options.clientSecret)
      : clientSecretBasic(options.clientSecret);
  const flight = new SingleFlight<TokenSet>(options.timeoutMs);
  let cached: TokenSet | undefined;

  function request(caller?: AbortSignal): Promise<TokenSet> {
    return flight.run(async (signal) => {
      try {
        const parameters = new URLSearchParams(options.parameters);
        if (options.scope !== undefined) parameters.set("scope", options.scope);
        const response = await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, {
          ...requestOptions(options, signal),
          ...(options.headers ? { headers: new Headers(options.headers) } : {}),
        });
        const result = await oauth.processClientCredentialsResponse(as, client, response);
        cached = toTokenSet(result, now());
        return cached;
      } catch (cause) {
        throw tokenFailure("client credentials token request failed", cause);
      }
    }, caller).catch((cause: unknown) => {
      throw tokenFailure("client credentials token request failed", cause);
    });
  }

  return {
    get current() {
      return cached;
    },
    clear() {
      cached = undefined;
    },
    async getAccessToken(request_?: TokenRequestOptions) {
      if (cached && !isExpiring(cached, now(), skewMs)) return cached.accessToken;
      return (await request(request_?.signal)).accessToken;
    },
    async renewAccessToken(rejected: string, request_?: TokenRequestOptions) {
      if (flight.busy) return (await request(request_?.signal)).accessToken;
      if (cached && cached.accessToken !== rejected && !isExpiring(cached, now(), skewMs)) return cached.accessToken;
      cached = undefined;
      return (await request(request_?.signal)).accessToken;
    },
  };
}
