import type { ProductDescriptor } from "./descriptor.js";

/** A secret value, or a function that returns the current one (e.g. a token store lookup). */
export type SecretSource = string | (() => string | Promise<string>);

/** Credentials for one security scheme: a token or key, or a username/password pair for HTTP basic. */
export type Credential = SecretSource | { username: string; password: SecretSource };

export interface ClientConfig<Environment extends string = string, Scheme extends string = string> {
  /** Which of the product's environments to call (default: the first, the sandbox). */
  environment?: Environment;
  /** A custom base URL (a proxy, a local mock server); wins over `environment`. */
  baseUrl?: string;
  /**
   * Credentials by security scheme name as the spec declares them, e.g.
   * `{ MerchantOidc: () => store.accessToken(), IbmClientId: "…", IbmClientSecret: "…" }`.
   * Bearer-type schemes (OAuth2, OpenID Connect, HTTP bearer) take the access token.
   */
  credentials?: Partial<Record<Scheme, Credential>>;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * The fetch to use. The default looks up `globalThis.fetch` on every call, so that request
   * interceptors installed after the client was made (MSW) still see its requests.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Makes the correlation id of each request (default: a random UUID). */
  correlationId?: () => string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
  /** Use this correlation id instead of a fresh one. */
  correlationId?: string;
}

export function resolveBaseUrl(product: ProductDescriptor, config: ClientConfig): string {
  if (config.baseUrl) return config.baseUrl.replace(/\/+$/, "");
  const names = Object.keys(product.environments);
  const name = config.environment ?? names[0];
  const url = name === undefined ? undefined : product.environments[name];
  if (url === undefined) {
    throw new TypeError(
      `Unknown environment "${String(name)}" for ${product.title}; expected one of: ${names.join(", ") || "(none)"}`,
    );
  }
  return url.replace(/\/+$/, "");
}
