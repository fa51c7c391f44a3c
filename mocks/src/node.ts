import { type SetupServer, setupServer } from "msw/node";
import { allHandlers } from "./products.gen.js";
import type { MockOptions } from "./runtime/index.js";

export * from "./index.js";

/**
 * An MSW server (Node: tests, scripts, SSR) answering every product's operations.
 * @example
 * const server = createMockServer();
 * server.listen({ onUnhandledRequest: "error" });
 */
export function createMockServer(options?: MockOptions): SetupServer {
  return setupServer(...allHandlers(options));
}
