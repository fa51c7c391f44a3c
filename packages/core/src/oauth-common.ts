import * as oauth from "oauth4webapi";
import type { TokenSet } from "./tokens.js";
import { TokenUnavailableError } from "./tokens.js";

// The options' declaration lives in a module that does not import oauth4webapi, so the public
// declarations of the helpers that take them (client-credentials, oidc) do not load its types.
export type { AuthorizationServerOptions } from "./auth-server-options.js";
import type { AuthorizationServerOptions } from "./auth-server-options.js";

export function requestOptions(
  options: AuthorizationServerOptions,
  signal?: AbortSignal | (() => AbortSignal),
): {
  [oauth.customFetch]: (url: string, init: RequestInit) => Promise<Response>;
  [oauth.allowInsecureRequests]?: boolean;
  signal?: AbortSignal | (() => AbortSignal);
} {
  const fetchFn = options.fetch;
  return {
    [oauth.customFetch]: (url: string, init: RequestInit) =>
      fetchFn ? fetchFn(url, init) : globalThis.fetch(url, init),
    ...(options.allowInsecureRequests ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(signal ? { signal } : {}),
  };
}

/**
 * `client_secret_basic` as MobilePay documents it, `Basic base64(client_id:client_secret)`:
 * both parts are percent-encoded first (RFC 6749 §2.3.1), which leaves ordinary ids such as
 * `acme-pos` unchanged, unlike encoders that also escape `-`, `.`, `_` and `~`.
 */
export function clientSecretBasic(clientSecret: string): oauth.ClientAuth {
  return (_as, client, _body, headers) => {
    const credentials = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(clientSecret)}`;
    headers.set("authorization", `Basic ${btoa(credentials)}`);
  };
}

/** The payload of a JWT whose signature was already checked (or that we issued the request for). */
export function jwtClaims(token: string | undefined): Record<string, unknown> | undefined {
  const payload = token?.split(".")[1];
  if (!payload) return undefined;
  try {
    const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function toTokenSet(response: oauth.TokenEndpointResponse, now: number, previous?: TokenSet): TokenSet {
  const tokens: TokenSet = { accessToken: response.access_token, tokenType: response.token_type };
  if (typeof response.expires_in === "number") tokens.expiresAt = now + response.expires_in * 1000;
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  const idToken = response.id_token ?? previous?.idToken;
  if (idToken !== undefined) tokens.idToken = idToken;
  if (response.scope !== undefined) tokens.scope = response.scope;
  return tokens;
}

/**
 * Turns what oauth4webapi throws into an error that names the OAuth error code but repeats
 * nothing the server or the request carried (bodies may echo credentials).
 */
export function tokenFailure(what: string, cause: unknown): TokenUnavailableError {
  if (cause instanceof TokenUnavailableError) return cause;
  if (cause instanceof oauth.ResponseBodyError) {
    return new TokenUnavailableError(`${what}: the authorization server answered HTTP ${cause.status} (${cause.error})`, {
      code: cause.error,
    });
  }
  if (cause instanceof oauth.WWWAuthenticateChallengeError) {
    return new TokenUnavailableError(`${what}: the authorization server refused the client (HTTP ${cause.status})`, {
      code: cause.code,
    });
  }
  if (cause instanceof oauth.AuthorizationResponseError) {
    return new TokenUnavailableError(`${what}: the authorization response carried error "${cause.error}"`, { code: cause.error });
  }
  if (cause instanceof oauth.OperationProcessingError) {
    return new TokenUnavailableError(`${what}: ${cause.message} (${cause.code ?? "invalid response"})`, { code: cause.code });
  }
  if (cause instanceof Error && cause.name === "TimeoutError") {
    return new TokenUnavailableError(`${what}: the authorization server did not answer in time`, { code: cause.name });
  }
  if (cause instanceof Error && cause.name === "AbortError") {
    return new TokenUnavailableError(`${what}: the request was aborted`, { code: cause.name });
  }
  return new TokenUnavailableError(`${what}: the authorization server could not be reached`, { code: "network" });
}
