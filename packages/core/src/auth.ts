import type { Credential, SecretSource } from "./config.js";
import type { OperationDescriptor, ProductDescriptor, SecuritySchemeDescriptor } from "./descriptor.js";
import type { SecretRedactor } from "./redact.js";
import { type AccessTokenSource, isAccessTokenSource } from "./tokens.js";
import { ConfigurationError } from "./errors.js";
import { own } from "./own.js";

/** Where a request's credentials go. */
export interface AuthPlacement {
  /** Headers by name. */
  headers: Record<string, string>;
  /** Query parameters by name. */
  query: Record<string, string>;
  /** Bearer tokens taken from renewable sources, by scheme name (for renewal after a 401). */
  renewable: Map<string, { source: AccessTokenSource; token: string }>;
}

/**
 * Picks the first security alternative of the operation whose schemes are all configured
 * (`chosen`; none for an operation without security). When none is complete, `missing` names
 * the missing schemes of the first alternative.
 */
export function chooseRequirement(
  operation: OperationDescriptor,
  credentials: Partial<Record<string, Credential>>,
): { chosen?: readonly string[]; missing?: readonly string[] } {
  const missing = (alternative: readonly string[]) => alternative.filter((scheme) => own(credentials, scheme) === undefined);
  const [first] = operation.security;
  const chosen = operation.security.find((alternative) => missing(alternative).length === 0);
  return chosen || !first ? { chosen } : { missing: missing(first) };
}

/**
 * Writes a credential (already remembered as a secret) where its scheme says. The runtime's own
 * writer knows API keys in headers and bearer tokens, which most products use; `writeAnyScheme`
 * (`schemes.ts`) knows every scheme, and generated clients pass it only when their product
 * has others, so other bundles leave it out.
 */
export type SchemeWriter = (scheme: SecuritySchemeDescriptor, value: string, into: AuthPlacement, secrets: { add(secret: string): void }) => void;

/** API keys in headers and bearer tokens (OAuth 2, OpenID Connect, HTTP bearer). */
const writeCommonScheme: SchemeWriter = (scheme, value, into) => {
  if (scheme.type === "apiKey" && scheme.in === "header") into.headers[scheme.name] = value;
  else if (scheme.type === "apiKey" || (scheme.type === "http" && scheme.scheme !== "bearer")) throw new ConfigurationError("this runtime needs `schemes: writeAnyScheme`");
  else into.headers.Authorization = `Bearer ${value}`;
};

/** Puts a key or token where its scheme says, and remembers it as a secret. */
function put(scheme: SecuritySchemeDescriptor, value: string, into: AuthPlacement, redactor: SecretRedactor, rotating: boolean, write: SchemeWriter): void {
  redactor.add(value, rotating);
  write(scheme, value, into, redactor);
}

/**
 * Places one credential: at once when it is a plain value (a string, a basic pair with a
 * string password); else a promise of it (a function, a token source, renewal after a 401).
 */
function place(
  name: string,
  scheme: SecuritySchemeDescriptor,
  credential: Credential,
  into: AuthPlacement,
  redactor: SecretRedactor,
  signal: () => AbortSignal,
  renew: ReadonlyMap<string, { token: string }> | undefined,
  write: SchemeWriter,
): void | Promise<void> {
  const reveal = (source: SecretSource, then: (value: string, rotating: boolean) => void): void | Promise<void> =>
    typeof source === "string" ? then(source, false) : Promise.resolve(source({ signal: signal() })).then((value) => then(value, true));
  if (scheme.type === "http" && scheme.scheme === "basic") {
    if (typeof credential !== "object" || !("username" in credential)) throw new TypeError("HTTP basic credentials need { username, password }");
    return reveal(credential.password, (password, rotating) => {
      redactor.add(password, rotating);
      put(scheme, `${credential.username}:${password}`, into, redactor, rotating, write);
    });
  }
  if (isAccessTokenSource(credential)) {
    const rejected = renew?.get(name)?.token;
    const options = { signal: signal() };
    return (rejected === undefined ? credential.getAccessToken(options) : credential.renewAccessToken(rejected, options)).then((token) => {
      into.renewable.set(name, { source: credential, token });
      put(scheme, token, into, redactor, true, write);
    });
  }
  if (typeof credential === "object") throw new TypeError("this security scheme takes a string, a function or a token source");
  return reveal(credential, (value, rotating) => put(scheme, value, into, redactor, rotating, write));
}

/**
 * Resolves every credential of the chosen requirement into headers and query parameters:
 * synchronously when all are plain values (most calls), else as a promise. `signal` gives the
 * signal for token sources and functions (they may stop early); `renew` names, by scheme,
 * tokens the server refused, which their sources are asked to replace; `write` puts each where
 * its scheme says. A credential that cannot be had goes to `onFailure`.
 */
export function placeCredentials(
  product: ProductDescriptor,
  schemes: readonly string[],
  credentials: Partial<Record<string, Credential>>,
  redactor: SecretRedactor,
  onFailure: (scheme: string, cause: unknown) => never,
  signal: () => AbortSignal,
  renew?: ReadonlyMap<string, { token: string }>,
  write: SchemeWriter = writeCommonScheme,
): AuthPlacement | Promise<AuthPlacement> {
  const placement: AuthPlacement = { headers: {}, query: {}, renewable: new Map() };
  let pending: Promise<void> | undefined;
  for (const name of schemes) {
    const scheme = own(product.securitySchemes, name);
    const credential = own(credentials, name);
    if (!scheme || credential === undefined) continue;
    // A plain string for a scheme other than basic: placed at once, as most credentials are.
    if (typeof credential === "string" && !(scheme.type === "http" && scheme.scheme === "basic")) {
      if (!pending) {
        put(scheme, credential, placement, redactor, false, write);
        continue;
      }
    }
    const fail = (cause: unknown) => onFailure(name, cause);
    const step = (): void | Promise<void> => {
      try {
        return place(name, scheme, credential, placement, redactor, signal, renew, write)?.catch(fail);
      } catch (cause) {
        fail(cause);
      }
    };
    pending = pending ? pending.then(step) : step() || undefined;
  }
  return pending ? pending.then(() => placement) : placement;
}
