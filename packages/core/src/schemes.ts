/**
 * Every security scheme's way of sending a credential. The runtime itself knows API keys in
 * headers and bearer tokens; a generated client passes `writeAnyScheme` to it
 * (`RuntimeExtras.schemes`) only when its product has API keys in the query or a cookie, HTTP
 * basic, or another HTTP scheme, so other bundles leave this out.
 */
import type { SchemeWriter } from "./auth.js";

/** UTF-8 text as base64 (`btoa` alone takes Latin-1 only). */
export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Writes a key or token of any scheme: API keys in a header, the query or a cookie; HTTP basic, bearer or another HTTP scheme. */
export const writeAnyScheme: SchemeWriter = (scheme, value, into, secrets) => {
  if (scheme.type === "apiKey") {
    if (scheme.in === "header") into.headers[scheme.name] = value;
    else if (scheme.in === "query") into.query[scheme.name] = value;
    else into.headers.Cookie = `${scheme.name}=${encodeURIComponent(value)}`;
  } else if (scheme.type === "http" && scheme.scheme === "basic") {
    // The encoded pair is a secret too.
    secrets.add((value = base64(value)));
    into.headers.Authorization = `Basic ${value}`;
  } else {
    // Bearer, and any other HTTP scheme (digest, …), whose credential the caller computes.
    const name = scheme.type === "http" && scheme.scheme !== "bearer" ? scheme.scheme.charAt(0).toUpperCase() + scheme.scheme.slice(1) : "Bearer";
    into.headers.Authorization = `${name} ${value}`;
  }
};
