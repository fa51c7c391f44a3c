/**
 * What a request no mock answers is told. MSW's own wording ("Cannot bypass a request when using
 * the error strategy") names neither the request nor what it was near; after a spec change that
 * is the first thing to know. `unhandledRequestStrategy` replaces MSW's built-in strategies:
 *
 * - "error": the request fails with a `NoMockError` (message: method, URL and the closest
 *   operations of every mocked product), also printed with console.error. It carries a Node-style
 *   `code`/`errno`, so in Node MSW's interceptors fail the request with it as a network error
 *   (`fetch` rejects with this error); in a service worker MSW answers 500 with its name and message.
 * - "warn" (MSW's default): the same message with console.warn, then the request goes through.
 * - "bypass" and callbacks: unchanged.
 */
import { isCommonAssetRequest } from "./msw-core.js";
import type { MockOptions, ProductMock } from "./types.js";
import { escapeRegex } from "./router.js";

/**
 * MSW's `onUnhandledRequest` option, stated here as MSW declares it so this module's declarations
 * do not load MSW's root entry (test/msw-types.test-d.ts checks both ways that it is MSW's type).
 */
export type UnhandledRequestStrategy = "bypass" | "warn" | "error" | ((request: Request, print: { warning: () => void; error: () => void }) => void);

export interface ClosestOperation {
  product: string;
  operationId: string;
  method: string;
  /** The operation's URL template on the base URL closest to the request. */
  url: string;
}

export class NoMockError extends Error {
  /** Node-style, so MSW's interceptors treat it as a failed connection (see the module comment). */
  readonly code = "ENOMOCK";
  readonly errno = -1;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly closest: readonly ClosestOperation[],
  ) {
    super(
      `no mock for this request: ${method} ${url}\n` +
        (closest.length > 0
          ? `no operation of the mocked products has this method and URL; the closest:\n${closest.map((c) => `  ${c.product} ${c.operationId}: ${c.method} ${c.url}`).join("\n")}`
          : "no products are mocked"),
    );
    this.name = "NoMockError";
  }
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}


/** 0 for a segment the template segment matches (`{id}`, `{id}:capture`), else how far apart they are (0..1]. */
function segmentCost(template: string, actual: string): number {
  if (template === actual) return 0;
  if (template.includes("{")) {
    const pattern = new RegExp(`^${template.split(/\{[^}]*\}/).map(escapeRegex).join(".+")}$`);
    if (pattern.test(actual)) return 0;
  }
  return Math.max(0.25, levenshtein(template.toLowerCase(), actual.toLowerCase()) / Math.max(template.length, actual.length));
}

/** Edit distance over path segments, substitution weighted by `segmentCost`. */
function pathDistance(template: string[], actual: string[]): number {
  let previous = Array.from({ length: actual.length + 1 }, (_, i) => i);
  for (let i = 1; i <= template.length; i++) {
    const row = [i];
    for (let j = 1; j <= actual.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + segmentCost(template[i - 1]!, actual[j - 1]!));
    previous = row;
  }
  return previous[actual.length]!;
}

const segments = (pathname: string) => pathname.split("/").filter((s) => s !== "");

/** The operations whose method and URL template are nearest the request's, best first. */
export function closestOperations(products: Readonly<Record<string, ProductMock>>, method: string, url: string, options: MockOptions = {}, limit = 3): ClosestOperation[] {
  let request: URL;
  try {
    request = new URL(url);
  } catch {
    return [];
  }
  const actual = segments(request.pathname);
  const scored: (ClosestOperation & { score: number })[] = [];
  for (const [name, product] of Object.entries(products)) {
    for (const op of product.operations) {
      const bases = options.baseUrl === undefined ? Object.values(op.servers ?? product.environments) : [options.baseUrl].flat();
      let best: { score: number; url: string } | undefined;
      for (const base of bases) {
        if (base === undefined) continue;
        let baseUrl: URL;
        try {
          baseUrl = new URL(base, request.origin);
        } catch {
          continue;
        }
        const template = [...segments(baseUrl.pathname), ...segments(op.path)];
        const score = pathDistance(template, actual) + (baseUrl.origin === request.origin ? 0 : 2) + (op.method.toUpperCase() === method.toUpperCase() ? 0 : 0.5);
        if (!best || score < best.score) best = { score, url: `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, "")}${op.path}` };
      }
      if (best) scored.push({ product: name, operationId: op.operationId, method: op.method.toUpperCase(), url: best.url, score: best.score });
    }
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map(({ score: _score, ...c }) => c);
}

/** MSW's `onUnhandledRequest` for the mocks of `products`, worded as the module comment says. */
export function unhandledRequestStrategy(
  products: Readonly<Record<string, ProductMock>>,
  strategy: UnhandledRequestStrategy | undefined,
  options: MockOptions = {},
): UnhandledRequestStrategy {
  if (strategy === "bypass" || typeof strategy === "function") return strategy;
  const error = strategy === "error";
  return (request) => {
    if (!error && isCommonAssetRequest(request)) return;
    const problem = new NoMockError(request.method, request.url, closestOperations(products, request.method, request.url, options));
    if (!error) {
      console.warn(`[mpkit mocks] ${problem.message}`);
      return;
    }
    console.error(`[mpkit mocks] ${problem.message}`);
    throw problem;
  };
}
