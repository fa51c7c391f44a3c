/**
 * What the runtime takes from MSW, without MSW's root entry (`msw`): that entry also exports
 * MSW's GraphQL API, which loads the `graphql` package (about a third of a second of a cold start
 * in Node) that REST mocks never use. The HTTP handler class comes from `msw/core/http` (it is
 * the class of the handlers `http.get` makes); a timer, `bypass` and the asset test are a few
 * lines here (mocks/test/msw-core.test.ts compares them with MSW's own). `mpkit mock`'s server
 * (server/http-server.ts) is an esbuild bundle and imports MSW's root entry directly for
 * `getResponse`: there the unused GraphQL code is left out of the bundle.
 *
 * The types come from `msw/core/http` too, so this module's declarations (and the generated
 * handler modules, which name `HttpHandler` through it) do not make the compiler read MSW's root
 * entry and everything it re-exports (mocks/test/msw-types.test-d.ts checks they are MSW's own).
 */
import { http, type HttpRequestHandler, type HttpResponseResolver } from "msw/core/http";

/** MSW's `HttpHandler`: the class of the handlers `http.get` … make. */
export type HttpHandler = ReturnType<HttpRequestHandler>;

/** The constructor of MSW's `HttpHandler` class, as its declaration states it. */
export type HttpHandlerClass = new (
  method: HttpHandler["info"]["method"],
  predicate: HttpHandler["info"]["path"],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolver: HttpResponseResolver<any, any, any>,
  options?: Parameters<HttpRequestHandler>[2],
) => HttpHandler;

/** MSW's `HttpHandler` class. */
export const HttpHandler = Object.getPrototypeOf(http.get("/", () => undefined)).constructor as HttpHandlerClass;

/** The longest timer `setTimeout` keeps (a longer one fires at once). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms` milliseconds (as MSW's `delay(ms)`; longer than a timer can wait, the longest it can). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(0, ms), LONGEST_TIMER_MS)));
}

/**
 * MSW's `bypass`: a copy of the request with the mark MSW lets through to the network unmocked
 * (MSW 2 reads it from the `Accept` header; the test keeps this equal to MSW's `bypass`).
 */
export function bypass(request: Request): Request {
  const copy = request.clone();
  copy.headers.append("accept", "msw/passthrough");
  return copy;
}

const ASSET_EXTENSION = /\.(?:s?css|less|m?[jt]sx?|html|ttf|otf|woff2?|eot|gif|jpe?g|png|avif|webp|svg|mp4|webm|ogg|mov|mp3|wav|flac|aac|pdf|txt|csv|json|xml|md|zip|tar|gz|rar|7z)$/i;

/**
 * Whether a request is one a page makes for its own files (scripts, styles, fonts, images …) and
 * not an API call, as MSW's `isCommonAssetRequest` decides it: such a request left unhandled is
 * not worth a warning.
 */
export function isCommonAssetRequest(request: Request): boolean {
  const url = new URL(request.url);
  if (url.protocol === "file:" || url.hostname.includes("fonts.googleapis.com")) return true;
  if (url.pathname.includes("node_modules") || url.pathname.includes("@vite")) return true;
  return ASSET_EXTENSION.test(url.pathname);
}
