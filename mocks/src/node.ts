import { type AllProductMocks, createAllMocks } from "./products.gen.js";
import type { StatefulMockOptions } from "./runtime/index.js";
import { mockServer, type MockServerOf } from "./setup-node.js";

export * from "./index.js";
export type { MockServerOf } from "./setup-node.js";

/** An MSW server with every product's stateful mock, their shared clock and their controls. */
export type MockServer = MockServerOf<AllProductMocks>;

/**
 * An MSW server (Node: tests, scripts, SSR) answering every product's operations. A request no
 * mock answers is reported as "no mock for this request" with its method, URL and the closest
 * operations (with `onUnhandledRequest: "error"`, `fetch` rejects with that `NoMockError`).
 * To mock one product only, import `createMockServer` from `@mpkit/mocks/<product>`.
 * @example
 * const server = createMockServer();
 * server.listen({ onUnhandledRequest: "error" });
 * server.mocks.invoice.use({ getInvoice: { status: 404 } });
 */
export function createMockServer(options?: StatefulMockOptions): MockServer {
  return mockServer<AllProductMocks>(options, (shared) => createAllMocks(shared).products);
}
