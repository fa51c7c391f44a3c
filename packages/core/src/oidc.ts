import * as oauth from "oauth4webapi";
import type { AuthorizationServerOptions } from "./auth-server-options.js";
import {
  clientSecretBasic,
  jwtClaims,
  requestOptions,
  toTokenSet,
  tokenFailure,
} from "./oauth-common.js";
import {
  type AccessTokenSource,
  DEFAULT_TOKEN_TIMEOUT_MS,
  isExpiring,
  MemoryTokenStore,
  raceAbort,
  SingleFlight,
  type TokenRequestOptions,
  type TokenSet,
  type TokenStore,
  TokenUnavailableError,
} from "./tokens.js";

/** The endpoints of an OpenID Connect provider, as a discovery document names them. */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  [other: string]: unknown;
}

export interface OidcSignInOptions extends AuthorizationServerOptions {
  /**
   * Where the provider's endpoints come from: a discovery document URL (fetched once, lazily),
   * or the metadata itself.
   */
  discoveryUrl?: string;
  metadata?: ProviderMetadata;
  /**
   * The issuer that ID tokens must name. Default: the `issuer` the discovery document states,
   * which may differ from the host serving it (MobilePay's does).
   */
  expectedIssuer?: string;
  clientId: string;
  clientSecret: string;
  /** Registered redirect URI; the code exchange repeats it exactly. */
  redirectUri: string;
  /** Product scopes, e.g. `["invoice"]`. `openid` and `offline_access` are always requested. */
  scopes: readonly string[];
  /** `code id_token` (hybrid, the default) or `code`. */
  responseType?: "code id_token" | "code";
  /** How the provider returns the result (default `form_post`; `fragment` and `query` also work). */
  responseMode?: "form_post" | "fragment" | "query";
  /** Client authentication at the token endpoint (default `post`: `client_secret_post`). */
  clientAuthentication?: "post" | "basic";
  /** Where tokens are kept (default: in memory). */
  store?: TokenStore;
}

/** What must survive between building the authorize URL and receiving the redirect (keep it server-side). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface AuthorizationRequest {
  url: URL;
  pending: PendingSignIn;
}

export interface OidcSignIn {
  /**
   * The URL to send the user's browser to, and the values to keep for `completeSignIn`.
   * `merchantVat` (e.g. `DK12345678`) picks the merchant when the user has several.
   */
  authorizationUrl(options?: { merchantVat?: string; parameters?: Record<string, string> }): Promise<AuthorizationRequest>;
  /**
   * Validates the redirect (state, ID token signature, nonce and code hash), exchanges the code
   * with the PKCE verifier, validates the token response and stores the tokens under `key`.
   * `response` is the redirect URL (fragment or query), its parameters, or the `form_post` request.
   */
  completeSignIn(response: URL | URLSearchParams | Request, pending: PendingSignIn, key?: string): Promise<TokenSet>;
  /** The credential for a product client: a valid access token of `key`, refreshed when it expires. */
  accessToken(key?: string): AccessTokenSource;
  /**
   * Uses the refresh token now (also done automatically when the access token expires). The
   * request is shared by concurrent callers and bounded by `timeoutMs`; `signal` stops this
   * caller's wait only.
   */
  refresh(key?: string, options?: TokenRequestOptions): Promise<TokenSet>;
  /** Forgets the tokens of `key`. */
  signOut(key?: string): Promise<void>;
}

const DEFAULT_KEY = "default";

/** The `id_token` parameter of a redirect (fragment, parameters or `form_post` request). */
async function idTokenOf(response: URL | URLSearchParams | Request): Promise<string | undefined> {
  if (response instanceof URLSearchParams) return response.get("id_token") ?? undefined;
  if (response instanceof URL) return new URLSearchParams(response.hash.slice(1)).get("id_token") ?? undefined;
  if (response.bodyUsed) return undefined;
  return new URLSearchParams(await response.clone().text()).get("id_token") ?? undefined;
}

/**
 * Refuses an ID token that names another subject (or issuer) than the one the sign-in
 * started with: both must describe the same user, or tokens of one merchant would be kept
 * under another's key.
 */
function sameSubject(
  first: Record<string, unknown> | undefined,
  second: Record<string, unknown> | undefined,
  which: string,
): void {
  if (!first || !second) {
    if (first || second) throw new TokenUnavailableError(`${which} cannot be compared with the sign-in's ID token`, { code: "subject_mismatch" });
    return;
  }
  if (typeof first.sub !== "string" || first.sub !== second.sub || first.iss !== second.iss) {
    throw new TokenUnavailableError(`${which} names another subject than the sign-in: refused, nothing stored`, {
      code: "subject_mismatch",
    });
  }
}

/**
 * OpenID Connect sign-in for merchant APIs: authorization code with PKCE (S256), `state` and
 * `nonce`, ID token validation, refresh tokens, a pluggable token store, and one refresh at a
 * time per key however many calls need a token.
 */
export function createOidcSignIn(options: OidcSignInOptions): OidcSignIn {
  if (!options.discoveryUrl && !options.metadata) throw new TypeError("createOidcSignIn needs discoveryUrl or metadata");
  const store = options.store ?? new MemoryTokenStore();
  const now = options.now ?? Date.now;
  const skewMs = (options.refreshBeforeExpirySeconds ?? 60) * 1000;
  const responseType = options.responseType ?? "code id_token";
  const responseMode = options.responseMode ?? "form_post";
  const client: oauth.Client = { client_id: options.clientId };
  const auth =
    options.clientAuthentication === "basic"
      ? clientSecretBasic(options.clientSecret)
      : oauth.ClientSecretPost(options.clientSecret);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  // Requests nobody shares (discovery, the code exchange) each get the timeout as their signal.
  const http = requestOptions(options, () => AbortSignal.timeout(timeoutMs));
  // A clock the library shares with ours, so tests that move time see consistent checks.
  const clockOffset = () => Math.round((now() - Date.now()) / 1000);
  const jwksCache: oauth.JWKSCacheInput = {};
  let metadata: Promise<oauth.AuthorizationServer> | undefined;
  const refreshes = new Map<string, SingleFlight<TokenSet>>();

  function server(): Promise<oauth.AuthorizationServer> {
    metadata ??= (async () => {
      if (options.metadata) return { ...options.metadata } as oauth.AuthorizationServer;
      const url = new URL(options.discoveryUrl!);
      const response = await http[oauth.customFetch](url.href, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const stated = (await response.clone().json().catch(() => ({}))) as { issuer?: unknown };
      const issuer = options.expectedIssuer ?? (typeof stated.issuer === "string" ? stated.issuer : url.origin);
      return await oauth.processDiscoveryResponse(new URL(issuer), response);
    })().catch((cause: unknown) => {
      metadata = undefined;
      throw tokenFailure("OpenID Connect discovery failed", cause);
    });
    return metadata;
  }

  function clientWithClock(): oauth.Client {
    return { ...client, [oauth.clockSkew]: clockOffset() };
  }

  async function refresh(key: string, caller?: AbortSignal): Promise<TokenSet> {
    let flight = refreshes.get(key);
    if (!flight) refreshes.set(key, (flight = new SingleFlight<TokenSet>(timeoutMs)));
    return flight
      .run(async (signal) => {
        const current = await store.get(key);
        if (!current?.refreshToken) throw new TokenUnavailableError("no refresh token: sign in again", { code: "login_required" });
        try {
          const as = await raceAbort(server(), signal);
          const response = await oauth.refreshTokenGrantRequest(as, client, auth, current.refreshToken, requestOptions(options, signal));
          const result = await oauth.processRefreshTokenResponse(as, clientWithClock(), response);
          // OpenID Connect Core 12.2: a refreshed ID token names the same subject (and issuer).
          const renewed = oauth.getValidatedIdTokenClaims(result);
          if (renewed && current.idToken) sameSubject(jwtClaims(current.idToken), renewed, "the refreshed ID token");
          const tokens = toTokenSet(result, now(), current);
          if (signal.aborted) throw signal.reason;
          await store.set(key, tokens);
          return tokens;
        } catch (cause) {
          const failure = tokenFailure("refreshing the access token failed", cause);
          // A refused refresh token will not work later either: the user has to sign in again.
          if (failure.code === "invalid_grant") await store.delete(key);
          throw failure;
        }
      }, caller)
      .catch((cause: unknown) => {
        throw tokenFailure("refreshing the access token failed", cause);
      });
  }

  async function validToken(key: string, caller?: AbortSignal): Promise<string> {
    const flight = refreshes.get(key);
    if (flight?.busy) return (await refresh(key, caller)).accessToken;
    const tokens = await store.get(key);
    if (!tokens) throw new TokenUnavailableError("not signed in", { code: "login_required" });
    if (!isExpiring(tokens, now(), skewMs)) return tokens.accessToken;
    return (await refresh(key, caller)).accessToken;
  }

  return {
    async authorizationUrl(request = {}) {
      const as = await server();
      if (!as.authorization_endpoint) throw new TokenUnavailableError("the provider has no authorization endpoint");
      const pending: PendingSignIn = {
        state: oauth.generateRandomState(),
        nonce: oauth.generateRandomNonce(),
        codeVerifier: oauth.generateRandomCodeVerifier(),
      };
      const url = new URL(as.authorization_endpoint);
      const scopes = ["openid", ...options.scopes.filter((s) => s !== "openid" && s !== "offline_access"), "offline_access"];
      const parameters: Record<string, string> = {
        response_type: responseType,
        response_mode: responseMode,
        client_id: options.clientId,
        redirect_uri: options.redirectUri,
        scope: scopes.join(" "),
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: "S256",
        ...(request.merchantVat ? { merchant_vat: request.merchantVat } : {}),
        ...request.parameters,
      };
      for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
      return { url, pending };
    },

    async completeSignIn(response, pending, key = DEFAULT_KEY) {
      try {
        const as = await server();
        // The redirect's own ID token, read before validation consumes the parameters.
        const redirectIdToken = responseType === "code id_token" ? await idTokenOf(response) : undefined;
        const parameters =
          responseType === "code id_token"
            ? await oauth.validateCodeIdTokenResponse(as, clientWithClock(), response, pending.nonce, pending.state, undefined, {
                ...http,
                [oauth.jwksCache]: jwksCache,
              })
            : oauth.validateAuthResponse(
                as,
                client,
                response instanceof Request ? new URLSearchParams(await response.text()) : response,
                pending.state,
              );
        const exchange = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          auth,
          parameters,
          options.redirectUri,
          pending.codeVerifier,
          http,
        );
        const result = await oauth.processAuthorizationCodeResponse(as, clientWithClock(), exchange, {
          expectedNonce: pending.nonce,
          requireIdToken: true,
        });
        // OpenID Connect Core 3.3.2.12: the ID token from the token endpoint names the same
        // subject (and issuer) as the one that came with the redirect.
        if (responseType === "code id_token") {
          sameSubject(jwtClaims(redirectIdToken), oauth.getValidatedIdTokenClaims(result), "the token endpoint's ID token");
        }
        const tokens = toTokenSet(result, now());
        await store.set(key, tokens);
        return tokens;
      } catch (cause) {
        throw tokenFailure("completing the sign-in failed", cause);
      }
    },

    accessToken(key = DEFAULT_KEY) {
      return {
        getAccessToken: (request?: TokenRequestOptions) => validToken(key, request?.signal),
        async renewAccessToken(rejected: string, request?: TokenRequestOptions) {
          const flight = refreshes.get(key);
          if (flight?.busy) return (await refresh(key, request?.signal)).accessToken;
          const tokens = await store.get(key);
          if (tokens && tokens.accessToken !== rejected && !isExpiring(tokens, now(), skewMs)) return tokens.accessToken;
          return (await refresh(key, request?.signal)).accessToken;
        },
      };
    },

    refresh: (key = DEFAULT_KEY, request?: TokenRequestOptions) => refresh(key, request?.signal),

    async signOut(key = DEFAULT_KEY) {
      await store.delete(key);
    },
  };
}
