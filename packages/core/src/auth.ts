import type { Credential, SecretSource } from "./config.js";
import type { OperationDescriptor, ProductDescriptor, SecuritySchemeDescriptor } from "./descriptor.js";
import type { SecretRedactor } from "./redact.js";
import { type AccessTokenSource, isAccessTokenSource } from "./tokens.js";
import { own } from "./own.js";

export interface AuthPlacement {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Bearer tokens taken from renewable sources, by scheme name (for renewal after a 401). */
  renewable: Map<string, { source: AccessTokenSource; token: string }>;
}

/**
 * Picks the first security alternative of the operation whose schemes are all configured.
 * Returns the names of the missing schemes of the first alternative when none is complete.
 */
export function chooseRequirement(
  operation: OperationDescriptor,
  credentials: Partial<Record<string, Credential>>,
): { chosen: readonly string[] } | { missing: readonly string[] } {
  if (operation.security.length === 0) return { chosen: [] };
  for (const alternative of operation.security) {
    if (alternative.every((scheme) => own(credentials, scheme) !== undefined)) return { chosen: alternative };
  }
  const first = operation.security[0] ?? [];
  return { missing: first.filter((scheme) => own(credentials, scheme) === undefined) };
}

async function reveal(source: SecretSource, signal: AbortSignal | undefined): Promise<string> {
  return typeof source === "function" ? await source(signal ? { signal } : {}) : source;
}

export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function place(
  name: string,
  scheme: SecuritySchemeDescriptor,
  credential: Credential,
  into: AuthPlacement,
  redactor: SecretRedactor,
  signal: AbortSignal | undefined,
  renew: ReadonlyMap<string, string> | undefined,
): Promise<void> {
  if (scheme.type === "http" && scheme.scheme === "basic") {
    if (typeof credential !== "object" || !("username" in credential)) {
      throw new TypeError("HTTP basic credentials need { username, password }");
    }
    const password = await reveal(credential.password, signal);
    const encoded = base64(`${credential.username}:${password}`);
    redactor.add(password);
    redactor.add(encoded);
    into.headers.Authorization = `Basic ${encoded}`;
    return;
  }
  let value: string;
  if (isAccessTokenSource(credential)) {
    const rejected = renew?.get(name);
    value =
      rejected === undefined
        ? await credential.getAccessToken(signal ? { signal } : {})
        : await credential.renewAccessToken(rejected, signal ? { signal } : {});
    into.renewable.set(name, { source: credential, token: value });
    redactor.add(value, true);
  } else if (typeof credential === "object") {
    throw new TypeError("this security scheme takes a string, a function or a token source");
  } else {
    value = await reveal(credential, signal);
    redactor.add(value, typeof credential === "function");
  }
  put(scheme, value, into);
}

/** Puts a key or bearer token where its scheme says. */
function put(scheme: SecuritySchemeDescriptor, value: string, into: AuthPlacement): void {
  if (scheme.type === "apiKey") {
    if (scheme.in === "header") into.headers[scheme.name] = value;
    else if (scheme.in === "query") into.query[scheme.name] = value;
    else into.headers.Cookie = `${scheme.name}=${encodeURIComponent(value)}`;
    return;
  }
  // Bearer, and any other HTTP scheme (digest, …), whose credential the caller computes.
  const name = scheme.type === "http" && scheme.scheme !== "bearer" ? scheme.scheme.charAt(0).toUpperCase() + scheme.scheme.slice(1) : "Bearer";
  into.headers.Authorization = `${name} ${value}`;
}

const NOTHING_RENEWABLE: AuthPlacement["renewable"] = new Map();

/**
 * The placement of credentials that are all plain strings (keys, fixed tokens, a basic
 * password given as a string), built without waiting; `undefined` when one of them has to be
 * fetched (a function, a token source) or is malformed, which `applyCredentials` handles.
 */
export function staticCredentials(
  product: ProductDescriptor,
  schemes: readonly string[],
  credentials: Partial<Record<string, Credential>>,
  redactor: SecretRedactor,
): AuthPlacement | undefined {
  const placement: AuthPlacement = { headers: {}, query: {}, renewable: NOTHING_RENEWABLE };
  for (const name of schemes) {
    const scheme = Object.hasOwn(product.securitySchemes, name) ? product.securitySchemes[name] : undefined;
    const credential = credentials[name];
    if (!scheme || credential === undefined) continue;
    if (scheme.type === "http" && scheme.scheme === "basic") {
      if (typeof credential !== "object" || !("username" in credential) || typeof credential.password !== "string") return undefined;
      const encoded = base64(`${credential.username}:${credential.password}`);
      redactor.add(credential.password);
      redactor.add(encoded);
      placement.headers.Authorization = `Basic ${encoded}`;
    } else if (typeof credential === "string") {
      redactor.add(credential);
      put(scheme, credential, placement);
    } else return undefined;
  }
  return placement;
}

/**
 * Resolves every credential of the chosen requirement into headers and query parameters.
 * `signal` is passed to token sources and functions (they may stop early); `renew` names, by
 * scheme, tokens the server refused, which their sources are asked to replace.
 */
export async function applyCredentials(
  product: ProductDescriptor,
  schemes: readonly string[],
  credentials: Partial<Record<string, Credential>>,
  redactor: SecretRedactor,
  onFailure: (scheme: string, cause: unknown) => never,
  signal?: AbortSignal,
  renew?: ReadonlyMap<string, string>,
): Promise<AuthPlacement> {
  const placement: AuthPlacement = { headers: {}, query: {}, renewable: new Map() };
  for (const name of schemes) {
    const scheme = own(product.securitySchemes, name);
    const credential = own(credentials, name);
    if (!scheme || credential === undefined) continue;
    try {
      await place(name, scheme, credential, placement, redactor, signal, renew);
    } catch (cause) {
      onFailure(name, cause);
    }
  }
  return placement;
}
