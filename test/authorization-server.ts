/**
 * A small OpenID Connect / OAuth 2.0 authorization server for tests, as MSW handlers: discovery,
 * authorize (consent is simulated by `consent()`), token (authorization code with PKCE, refresh
 * token, client credentials) and JWKS. ID tokens are really RS256-signed, so the client's
 * signature, nonce and code-hash checks run for real. Its clock is the test's clock.
 */
import { http, HttpResponse, type HttpHandler } from "msw";

export interface AuthorizationServerOptions {
  /** Where discovery lives, e.g. `https://login.test/account`. */
  base: string;
  /** The `issuer` stated in discovery and in ID tokens (may differ from `base`, as MobilePay's does). */
  issuer: string;
  /** Token endpoint (may live on another host, as MobilePay's does). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Access token lifetime in seconds. */
  expiresIn?: number;
  now: () => number;
}

const encoder = new TextEncoder();

function b64url(data: ArrayBuffer | Uint8Array | string): string {
  const bytes = typeof data === "string" ? encoder.encode(data) : new Uint8Array(data);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

function random(): string {
  return b64url(crypto.getRandomValues(new Uint8Array(24)));
}

export class TestAuthorizationServer {
  readonly tokenRequests: URLSearchParams[] = [];
  readonly issuedAccessTokens: string[] = [];
  /** When set, ID tokens from the token endpoint name this subject (a misbehaving provider). */
  tokenEndpointSubject: string | undefined;
  readonly #codes = new Map<string, { challenge: string; nonce: string; redirectUri: string; scope: string }>();
  readonly #refreshTokens = new Set<string>();
  readonly #revoked = new Set<string>();
  #keys: CryptoKeyPair | undefined;
  readonly #kid = "test-key-1";

  constructor(readonly options: AuthorizationServerOptions) {}

  get discoveryUrl(): string {
    return `${this.options.base}/.well-known/openid-configuration`;
  }

  get authorizeUrl(): string {
    return `${this.options.base}/connect/authorize`;
  }

  get jwksUrl(): string {
    return `${this.options.base}/.well-known/openid-configuration/jwks`;
  }

  /** Makes every refresh token issued so far unusable (the merchant revoked the consent). */
  revokeRefreshTokens(): void {
    for (const token of this.#refreshTokens) this.#revoked.add(token);
  }

  async #keyPair(): Promise<CryptoKeyPair> {
    this.#keys ??= (await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    return this.#keys;
  }

  async #sign(claims: Record<string, unknown>): Promise<string> {
    const { privateKey } = await this.#keyPair();
    const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: this.#kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, encoder.encode(`${header}.${payload}`));
    return `${header}.${payload}.${b64url(signature)}`;
  }

  async #idToken(nonce: string | undefined, extra: Record<string, unknown> = {}): Promise<string> {
    const iat = Math.floor(this.options.now() / 1000);
    return this.#sign({
      iss: this.options.issuer,
      sub: "6f0f4bb0-4a1c-4a2e-9c55-merchant0001",
      aud: this.options.clientId,
      iat,
      exp: iat + 300,
      auth_time: iat,
      ...(nonce ? { nonce } : {}),
      ...extra,
    });
  }

  /**
   * What the browser does at the authorize URL when the merchant says yes: checks the request
   * and returns the `form_post` request the browser would send to the redirect URI.
   */
  async consent(authorizeUrl: URL): Promise<Request> {
    const q = authorizeUrl.searchParams;
    const problems: string[] = [];
    if (`${authorizeUrl.origin}${authorizeUrl.pathname}` !== this.authorizeUrl) problems.push("wrong authorize endpoint");
    if (q.get("client_id") !== this.options.clientId) problems.push("client_id");
    if (q.get("redirect_uri") !== this.options.redirectUri) problems.push("redirect_uri");
    if (q.get("response_type") !== "code id_token") problems.push("response_type");
    if (q.get("response_mode") !== "form_post") problems.push("response_mode");
    if (q.get("code_challenge_method") !== "S256" || (q.get("code_challenge") ?? "").length < 43) problems.push("pkce");
    const scopes = (q.get("scope") ?? "").split(" ");
    if (!scopes.includes("openid") || !scopes.includes("offline_access")) problems.push("scope");
    if (!q.get("state") || !q.get("nonce")) problems.push("state/nonce");
    if (problems.length > 0) throw new Error(`authorize request refused: ${problems.join(", ")}`);
    const code = random();
    this.#codes.set(code, {
      challenge: q.get("code_challenge")!,
      nonce: q.get("nonce")!,
      redirectUri: q.get("redirect_uri")!,
      scope: q.get("scope")!,
    });
    const cHash = b64url((await sha256(code)).slice(0, 16));
    const idToken = await this.#idToken(q.get("nonce")!, { c_hash: cHash });
    return new Request(this.options.redirectUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ code, id_token: idToken, state: q.get("state")! }),
    });
  }

  async #tokens(nonce: string | undefined, withIdToken: boolean) {
    const accessToken = `at-${random()}`;
    const refreshToken = `rt-${random()}`;
    this.#refreshTokens.add(refreshToken);
    this.issuedAccessTokens.push(accessToken);
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: this.options.expiresIn ?? 300,
      refresh_token: refreshToken,
      ...(withIdToken
        ? { id_token: await this.#idToken(nonce, this.tokenEndpointSubject ? { sub: this.tokenEndpointSubject } : {}) }
        : {}),
    };
  }

  handlers(): HttpHandler[] {
    const o = this.options;
    const oauthError = (error: string, status = 400) => HttpResponse.json({ error }, { status });
    return [
      http.get(this.discoveryUrl, () =>
        HttpResponse.json({
          issuer: o.issuer,
          authorization_endpoint: this.authorizeUrl,
          token_endpoint: o.tokenUrl,
          jwks_uri: this.jwksUrl,
          response_types_supported: ["code id_token"],
          code_challenge_methods_supported: ["S256"],
          id_token_signing_alg_values_supported: ["RS256"],
        }),
      ),
      http.get(this.jwksUrl, async () => {
        const jwk = await crypto.subtle.exportKey("jwk", (await this.#keyPair()).publicKey);
        return HttpResponse.json({ keys: [{ kty: jwk.kty, n: jwk.n, e: jwk.e, kid: this.#kid, use: "sig", alg: "RS256" }] });
      }),
      http.post(o.tokenUrl, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        this.tokenRequests.push(form);
        if (form.get("client_id") !== o.clientId || form.get("client_secret") !== o.clientSecret) {
          return oauthError("invalid_client", 401);
        }
        if (form.get("grant_type") === "authorization_code") {
          const grant = this.#codes.get(form.get("code") ?? "");
          this.#codes.delete(form.get("code") ?? ""); // single use
          if (!grant || grant.redirectUri !== form.get("redirect_uri")) return oauthError("invalid_grant");
          const challenge = b64url(await sha256(form.get("code_verifier") ?? ""));
          if (challenge !== grant.challenge) return oauthError("invalid_grant");
          return HttpResponse.json(await this.#tokens(grant.nonce, true));
        }
        if (form.get("grant_type") === "refresh_token") {
          const token = form.get("refresh_token") ?? "";
          if (!this.#refreshTokens.has(token) || this.#revoked.has(token)) return oauthError("invalid_grant");
          this.#refreshTokens.delete(token); // rotated
          return HttpResponse.json(await this.#tokens(undefined, true));
        }
        return oauthError("unsupported_grant_type");
      }),
    ];
  }
}
