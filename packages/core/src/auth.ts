import type { Credential, SecretSource } from "./config.js";
import type { OperationDescriptor, ProductDescriptor, SecuritySchemeDescriptor } from "./descriptor.js";

export interface AuthPlacement {
  headers: Record<string, string>;
  query: Record<string, string>;
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
    if (alternative.every((scheme) => credentials[scheme] !== undefined)) return { chosen: alternative };
  }
  const first = operation.security[0] ?? [];
  return { missing: first.filter((scheme) => credentials[scheme] === undefined) };
}

async function reveal(source: SecretSource): Promise<string> {
  return typeof source === "function" ? await source() : source;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function place(
  scheme: SecuritySchemeDescriptor,
  credential: Credential,
  into: AuthPlacement,
): Promise<void> {
  if (scheme.type === "http" && scheme.scheme === "basic") {
    if (typeof credential !== "object") throw new TypeError("HTTP basic credentials need { username, password }");
    into.headers.Authorization = `Basic ${base64(`${credential.username}:${await reveal(credential.password)}`)}`;
    return;
  }
  if (typeof credential === "object") throw new TypeError("this security scheme takes a string or a function");
  const value = await reveal(credential);
  if (scheme.type === "apiKey") {
    if (scheme.in === "header") into.headers[scheme.name] = value;
    else if (scheme.in === "query") into.query[scheme.name] = value;
    else into.headers.Cookie = `${scheme.name}=${encodeURIComponent(value)}`;
    return;
  }
  into.headers.Authorization = `Bearer ${value}`;
}

/** Resolves every credential of the chosen requirement into headers and query parameters. */
export async function applyCredentials(
  product: ProductDescriptor,
  schemes: readonly string[],
  credentials: Partial<Record<string, Credential>>,
  onFailure: (scheme: string, cause: unknown) => never,
): Promise<AuthPlacement> {
  const placement: AuthPlacement = { headers: {}, query: {} };
  for (const name of schemes) {
    const scheme = product.securitySchemes[name];
    const credential = credentials[name];
    if (!scheme || credential === undefined) continue;
    try {
      await place(scheme, credential, placement);
    } catch (cause) {
      onFailure(name, cause);
    }
  }
  return placement;
}
