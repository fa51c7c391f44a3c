import { type SetupServer, setupServer } from "msw/node";
import { type AllMocks, createAllMocks, productMocks } from "./products.gen.js";
import { type MockClock, type StatefulMockOptions, unhandledRequestStrategy } from "./runtime/index.js";

export * from "./index.js";

/** An MSW server with every product's stateful mock, their shared clock and their controls. */
export type MockServer = SetupServer & {
  /** Per product: reset, seed, snapshot/restore, stored resources, webhook deliveries. */
  readonly mocks: AllMocks;
  readonly clock: MockClock;
  /** Resets every product's state (the clock keeps its time; `clock.reset()` for that). */
  resetState(): void;
};

/**
 * An MSW server (Node: tests, scripts, SSR) answering every product's operations. A request no
 * mock answers is reported as "no mock for this request" with its method, URL and the closest
 * operations (with `onUnhandledRequest: "error"`, `fetch` rejects with that `NoMockError`).
 * @example
 * const server = createMockServer();
 * server.listen({ onUnhandledRequest: "error" });
 */
export function createMockServer(options?: StatefulMockOptions): MockServer {
  const { clock, products } = createAllMocks(options);
  const server = setupServer(...Object.values(products).flatMap((m) => m.handlers));
  const listen = server.listen.bind(server);
  server.listen = (listenOptions = {}) => listen({ ...listenOptions, onUnhandledRequest: unhandledRequestStrategy(productMocks, listenOptions.onUnhandledRequest, options) });
  return Object.assign(server, {
    mocks: products,
    clock,
    resetState: () => Object.values(products).forEach((m) => m.reset()),
  });
}
