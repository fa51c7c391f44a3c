/**
 * Several products as one handler set. Products may share a host, even a base URL: requests go
 * first to the products with the longest base path, and among products on the same base URL to
 * the one whose own router matches the path most specifically (more literal segments, more
 * literal text). A product never answers a request its router does not match, so the first
 * product's handlers never answer the second's calls.
 */
import { HttpHandler } from "./msw-core.js";
import { moreSpecific, type OperationRouter, type RouteMatch } from "./router.js";
import { keptUrl } from "./wire.js";

/** A request's URL, parsed once however many handlers look at it (never changed by them). */
const urls = new WeakMap<Request, URL>();
export function urlOf(request: Request): URL {
  let url = keptUrl(request) ?? urls.get(request);
  if (url === undefined) urls.set(request, (url = new URL(request.url)));
  return url;
}

/** The pairs of a `Cookie` header, as MSW hands them to resolvers (read only when asked for). */
function cookieJar(header: string | null): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    let value = part.slice(at + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // kept as sent
    }
    if (!Object.hasOwn(jar, name)) jar[name] = value;
  }
  return jar;
}

/** Whether a URL (`href`) is on the base URL `absolute`: the same, or below it (`/`, `?` or `#` next). */
export function onBase(absolute: string): (href: string) => boolean {
  const n = absolute.length;
  return (href) => href.startsWith(absolute) && (href.length === n || href[n] === "/" || href[n] === "?" || href[n] === "#");
}

/** What `RoutedHandler.parse` finds: MSW's match and cookies (read only when asked for), the URL and the route. */
class Routed<Found> {
  readonly match: { matches: boolean; params: Record<string, string> };
  private jar?: Record<string, string>;
  constructor(
    private readonly request: Request,
    readonly url: URL,
    readonly found: Found | undefined,
  ) {
    this.match = { matches: found !== undefined, params: {} };
  }
  get cookies(): Record<string, string> {
    return (this.jar ??= cookieJar(this.request.headers.get("cookie")));
  }
}

/**
 * An MSW handler that routes with its own operation lookup (`route`) and answers what it routed
 * (`answer`, which never throws). It is an `HttpHandler` MSW's `getResponse` and `setupServer`/
 * `setupWorker` run like any other, made cheaper where the generic one does work these mocks
 * never use: no cookie parsing unless a resolver asks for the cookies, the URL parsed once per
 * request, and `run` without the generic one's request clone (kept for its log of the request
 * body), abort listener (for `finalize` callbacks) and generator-resolver bookkeeping.
 */
export class RoutedHandler<Found> extends HttpHandler {
  constructor(
    private readonly route: (request: Request, url: URL) => Found | undefined,
    private readonly answer: (request: Request, url: URL, found: Found) => Promise<Response | undefined>,
  ) {
    super(
      /.+/,
      ({ request }) => route(request, urlOf(request)) !== undefined,
      async ({ request }) => {
        const url = urlOf(request);
        const found = route(request, url);
        return found === undefined ? undefined : answer(request, url, found);
      },
    );
  }

  override async parse(args: { request: Request }) {
    const url = urlOf(args.request);
    return new Routed(args.request, url, this.route(args.request, url));
  }

  override async predicate(args: { parsedResult: { match: { matches: boolean } } }) {
    return args.parsedResult.match.matches;
  }

  override async run(args: Parameters<HttpHandler["run"]>[0]): ReturnType<HttpHandler["run"]> {
    const url = urlOf(args.request);
    const found = this.route(args.request, url);
    // Most handlers a request meets are not its own: they answer null without building anything.
    if (found === undefined) return null;
    this.isUsed = true;
    const parsedResult = new Routed(args.request, url, found);
    const response = await this.answer(args.request, url, found);
    return { handler: this, parsedResult, request: args.request, requestId: args.requestId, ...(response ? { response } : {}) };
  }
}

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
    const isOnBase = onBase(absolute);
    // Only requests some product's router matches: any other is unhandled, so MSW's strategy reports it.
    return new RoutedHandler(
      (request, url) => {
        if (!isOnBase(url.href)) return undefined;
        let best: [MountedRouter, Extract<RouteMatch, { route: unknown }>] | undefined;
        let refused: [MountedRouter, RouteMatch] | undefined;
        for (const entry of entries) {
          const match = entry.router.match(request.method, url.pathname.slice(entry.basePath.length));
          if (match === undefined) continue;
          if ("problem" in match) refused ??= [entry, match];
          else if (!best || moreSpecific(match.route, best[1].route) < 0) best = [entry, match];
        }
        return best ?? refused;
      },
      (request, url, [entry, match]) => entry.handle(request, url, match),
    );
  });
  return [...others, ...combined];
}

/** A product's own handler for one base URL (kept as is when nothing shares its base). */
function mountedHandler(entry: MountedRouter): HttpHandler {
  const isOnBase = onBase(entry.absolute);
  return new RoutedHandler(
    (request, url) => (isOnBase(url.href) ? entry.router.match(request.method, url.pathname.slice(entry.basePath.length)) : undefined),
    (request, url, match) => entry.handle(request, url, match),
  );
}
