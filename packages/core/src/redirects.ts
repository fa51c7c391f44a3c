/**
 * Redirects, followed by hand (`redirect: "manual"`), because `fetch` would otherwise send the
 * credential headers (`x-ibm-client-secret`, …) and a POST's body to whatever host a
 * `Location` names.
 *
 * - A same-origin redirect of a safe method (GET, HEAD, OPTIONS) is followed with every
 *   credential re-applied (headers as sent, query credentials set again on the new URL).
 * - A redirect of any other method is refused: the request is not sent twice.
 * - A cross-origin redirect is refused with a `RedirectError` naming the target, unless the
 *   client opts in (`crossOriginRedirects: "follow"`); then the new origin gets a bare
 *   request: no credentials, no body, no configured headers, only `Accept` and the
 *   correlation id. Once a chain has left the origin, later hops never carry credentials.
 * - At most `MAX_REDIRECTS` hops; the next redirect is refused.
 * - Browsers hide manual redirects (an opaque response without status or target): there,
 *   every redirect is refused.
 */
import type { ClientConfig } from "./config.js";
import { type RequestContext, RedirectError } from "./errors.js";
import type { SecretRedactor } from "./redact.js";

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Lets go of a response whose body nobody will read, so its connection is freed (a body already gone needs nothing). */
export const discard = (response: Response): Promise<void> | undefined => response.body?.cancel().catch(() => undefined);

/**
 * Sends `first` (built with `redirect: "manual"`) through `config.fetch` (default: the global
 * `fetch`, looked up on every request) and follows redirects as described above, by
 * `config.crossOriginRedirects`. `correlationHeader` is the header a cross-origin hop keeps
 * besides `Accept`; `redactor` removes known secrets from a URL before it is put into an error.
 * `credentialQuery` holds the query parameters that carry credentials, set again on every
 * same-origin hop; `context` names the call in errors.
 */
export async function fetchFollowingRedirects(
  first: Request,
  config: ClientConfig,
  correlationHeader: string | undefined,
  redactor: SecretRedactor,
  context: RequestContext,
  credentialQuery: Readonly<Record<string, string>>,
): Promise<Response> {
  let origin: string | undefined;
  let request = first;
  let trusted = true;
  for (let hops = 0; ; hops += 1) {
    const response = await (config.fetch ? config.fetch(request) : fetch(request));
    const hidden = response.type === "opaqueredirect";
    const location = response.headers.get("location");
    // A redirect status without a target is an ordinary (non-2xx) answer.
    if (!hidden && (location === null || !REDIRECT_STATUSES.has(response.status))) return response;
    await discard(response);
    let target: URL | undefined;
    try {
      target = new URL(location!, request.url);
    } catch {
      // Not a URL: refused below as an invalid location.
    }
    // Worked out on the first redirect only: most calls are never redirected.
    origin ??= new URL(first.url).origin;
    const sameOrigin = trusted && target?.origin === origin;
    const refusal = hidden
      ? "hidden-by-browser"
      : !/^https?:$/.test(target?.protocol ?? "")
        ? "invalid-location"
        : !sameOrigin && config.crossOriginRedirects !== "follow"
          ? "cross-origin"
          : !SAFE_METHODS.has(request.method)
            ? "unsafe-method"
            : hops >= MAX_REDIRECTS
              ? "too-many-redirects"
              : undefined;
    if (refusal) throw new RedirectError(context, response.status, refusal, hidden ? undefined : redactor.text(target?.href ?? location!.slice(0, 200)));
    let headers = request.headers;
    if (sameOrigin) for (const [name, value] of Object.entries(credentialQuery)) target!.searchParams.set(name, value);
    else {
      trusted = false;
      headers = new Headers();
      for (const name of ["accept", correlationHeader]) {
        const value = name && request.headers.get(name);
        if (value != null) headers.set(name!, value);
      }
    }
    request = new Request(target!, { method: request.method, headers, signal: request.signal, redirect: "manual" });
  }
}
