/**
 * Several products as one handler set. Products may share a host, even a base URL: requests go
 * first to the products with the longest base path, and among products on the same base URL to
 * the one whose own router matches the path most specifically (more literal segments, more
 * literal text). A product never answers a request its router does not match, so the first
 * product's handlers never answer the second's calls.
 */
import { http, type HttpHandler } from "msw";
import { escapeRegex, moreSpecific, type OperationRouter, type RouteMatch } from "./router.js";

/** What a product's handler for one base URL is made of (registered by `createProductMock`). */
export interface MountedRouter {
  /** Absolute base URL, without a trailing slash. */
  absolute: string;
  /** Its path, which requests' paths are matched below. */
  basePath: string;
  router: OperationRouter;
  /** Answers a request the router matched (never throws: wrapped in the last resort). */
  handle(request: Request, url: URL, match: RouteMatch): Promise<Response | undefined>;
}

const mounted = new WeakMap<HttpHandler, MountedRouter>();

/** Records what a product handler is made of, so that `combineHandlers` can route across products. */
export function mount(handler: HttpHandler, router: MountedRouter): HttpHandler {
  mounted.set(handler, router);
  return handler;
}


/**
 * The handlers of several products as one set: one handler per base URL, longest base path
 * first, each routing to the product whose router matches best. Handlers not made by
 * `createProductMock` are kept, in front.
 */
export function combineHandlers(handlers: readonly HttpHandler[]): HttpHandler[] {
  const others: HttpHandler[] = [];
  const byBase = new Map<string, MountedRouter[]>();
  for (const handler of handlers) {
    const entry = mounted.get(handler);
    if (!entry) {
      others.push(handler);
      continue;
    }
    const list = byBase.get(entry.absolute) ?? [];
    list.push(entry);
    byBase.set(entry.absolute, list);
  }
  const bases = [...byBase.keys()].sort((a, b) => byBase.get(b)![0]!.basePath.length - byBase.get(a)![0]!.basePath.length || b.length - a.length);
  const combined = bases.map((absolute) => {
    const entries = byBase.get(absolute)!;
    if (entries.length === 1) return mountedHandler(entries[0]!);
    const onBase = new RegExp(`^${escapeRegex(absolute)}(?:[/?#].*)?$`);
    // Only requests some product's router matches: any other is unhandled, so MSW's strategy reports it.
    const handles = (request: Request) => {
      if (!onBase.test(request.url)) return false;
      const pathname = new URL(request.url).pathname;
      return entries.some((entry) => entry.router.match(request.method, pathname.slice(entry.basePath.length)) !== undefined);
    };
    return http.all(({ request }) => handles(request), async ({ request }) => {
      const url = new URL(request.url);
      let best: [MountedRouter, Extract<RouteMatch, { route: unknown }>] | undefined;
      let refused: [MountedRouter, RouteMatch] | undefined;
      for (const entry of entries) {
        const match = entry.router.match(request.method, url.pathname.slice(entry.basePath.length));
        if (match === undefined) continue;
        if ("problem" in match) refused ??= [entry, match];
        else if (!best || moreSpecific(match.route, best[1].route) < 0) best = [entry, match];
      }
      const chosen = best ?? refused;
      return chosen ? chosen[0].handle(request, url, chosen[1]) : undefined;
    });
  });
  return [...others, ...combined];
}

/** A product's own handler for one base URL (kept as is when nothing shares its base). */
function mountedHandler(entry: MountedRouter): HttpHandler {
  const onBase = new RegExp(`^${escapeRegex(entry.absolute)}(?:[/?#].*)?$`);
  const handles = (request: Request) =>
    onBase.test(request.url) && entry.router.match(request.method, new URL(request.url).pathname.slice(entry.basePath.length)) !== undefined;
  return http.all(({ request }) => handles(request), async ({ request }) => {
    const url = new URL(request.url);
    const match = entry.router.match(request.method, url.pathname.slice(entry.basePath.length));
    return match === undefined ? undefined : entry.handle(request, url, match);
  });
}
