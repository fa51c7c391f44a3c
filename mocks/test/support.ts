/** Helpers shared by the per-product MSW suites. */
import type { MockOperation, ProductMock, ProductValidator } from "@mpkit/mocks";
import { expect } from "vitest";

/**
 * The operation a mocked request was routed to: the base URL (the product's or the
 * operation's own servers) is taken off, then the matching route with the most literal
 * segments wins, as MSW orders the handlers.
 */
export function routeOf(mock: ProductMock, request: Request): MockOperation {
  const url = request.url.split("?")[0]!;
  const literals = (route: string) => route.split("/").filter((s) => !s.startsWith("{")).length;
  const matches = mock.operations.filter((op) => {
    if (op.method !== request.method.toLowerCase()) return false;
    const bases = Object.values(op.servers ?? mock.environments).filter((b): b is string => b !== undefined);
    const route = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return bases.some((base) => url.startsWith(base.replace(/\/+$/, "")) && route.test(url.slice(base.replace(/\/+$/, "").length)));
  });
  const [op] = matches.sort((a, b) => literals(b.path) - literals(a.path));
  if (!op) throw new Error(`no ${mock.name} operation for ${request.method} ${url}`);
  return op;
}

/** Every response the mocks gave validates against the spec for its operation and status. */
export async function expectValidResponses(
  mock: ProductMock,
  validator: ProductValidator,
  mocked: readonly { request: Request; response: Response }[],
): Promise<void> {
  expect(mocked.length).toBeGreaterThan(0);
  for (const { request, response } of mocked) {
    const op = routeOf(mock, request);
    const text = await response.text();
    const body = text !== "" && /json/.test(response.headers.get("content-type") ?? "") ? JSON.parse(text) : text;
    expect(validator.checkResponse(op, response.status, body), `${op.operationId} ${response.status}`).toEqual([]);
  }
}

/** Headers and query parameters that satisfy the first security alternative of an operation. */
export function credentialsFor(mock: ProductMock, op: MockOperation): { headers: Record<string, string>; query: Record<string, string> } {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const name of op.security[0] ?? []) {
    const scheme = mock.securitySchemes[name];
    if (!scheme) continue;
    if (scheme.type === "apiKey") {
      if (scheme.in === "header") headers[scheme.name] = "test-key";
      else if (scheme.in === "query") query[scheme.name] = "test-key";
      else headers.cookie = `${headers.cookie ? `${headers.cookie}; ` : ""}${scheme.name}=test-key`;
    } else if (scheme.type === "http" && scheme.scheme === "basic") {
      headers.authorization = `Basic ${btoa("client:secret")}`;
    } else {
      headers.authorization = "Bearer test-access-token";
    }
  }
  return { headers, query };
}

/** A stack frame (`at fn (file:1:2)`) or a path of this machine in an answer. */
export const LEAK = /\bat [^\s]+ \(|\bat [^\s]*:\d+:\d+|node_modules|\/work\/|[A-Z]:\\|"stack"/;
