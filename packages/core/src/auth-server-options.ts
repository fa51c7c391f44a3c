// Kept apart from oauth-common.ts (which imports oauth4webapi) so that the public declarations
// naming these options (client-credentials.d.ts, oidc.d.ts) do not make every compile that uses
// @mpkit/core read oauth4webapi's declarations (119 KB).

/** Options every authorization-server helper takes. */
export interface AuthorizationServerOptions {
  /** The fetch to use (default: `globalThis.fetch`, looked up per request so MSW can intercept it). */
  fetch?: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /**
   * Allows plain `http:` authorization servers. Only for tests against a local server:
   * tokens and secrets would travel unencrypted.
   */
  allowInsecureRequests?: boolean;
  /** The clock, in epoch milliseconds (tests move it forward to expire tokens). */
  now?: () => number;
  /** Renew this many seconds before the access token expires (default 60). */
  refreshBeforeExpirySeconds?: number;
  /**
   * How long one request to the authorization server (token, refresh, discovery) may take,
   * in milliseconds (default 30 s). It bounds the request that concurrent callers share; each
   * caller can stop waiting sooner through its own signal.
   */
  timeoutMs?: number;
}
