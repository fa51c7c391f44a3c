/**
 * An MSW server (Node) over any set of product mocks: the all-products entry (`node.ts`) and each
 * product's entry (`@mpkit/mocks/<product>`) share it. `items`/`generate` overrides load the
 * fake-data entry on first use (`./data.js`), so nothing of it is read until then.
 */
import { type SetupServer, setupServer } from "msw/node";
import { type CombinedMocks, combineHandlers, combineMocks, MockClock, type ProductMockInstance, type StatefulMockOptions, unhandledRequestStrategy } from "./runtime/index.js";

/** An MSW server with product mocks, their shared clock and their controls. */
export type MockServerOf<Products> = SetupServer & {
  /** Per product: reset, seed, snapshot/restore, overrides, scenarios; and `use`/`useScenario` over all. */
  readonly mocks: CombinedMocks<Products>;
  readonly clock: MockClock;
  /** Resets every product's state (the clock keeps its time; `clock.reset()` for that). */
  resetState(): void;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMock = ProductMockInstance<any, any>;

export function mockServer<Products extends { [K in keyof Products]: AnyMock }>(
  options: StatefulMockOptions = {},
  create: (shared: StatefulMockOptions & { clock: MockClock }) => Products,
): MockServerOf<Products> {
  const clock = options.clock ?? new MockClock();
  const products = create({ data: () => import("./data.js"), ...options, clock });
  const server = setupServer(...combineHandlers((Object.values(products) as AnyMock[]).flatMap((m) => m.handlers)));
  // A request no mock answers is reported with its method, URL and the closest operations.
  const tables = Object.fromEntries((Object.values(products) as AnyMock[]).map((m) => [m.product.name, m.product]));
  const listen = server.listen.bind(server);
  server.listen = (listenOptions = {}) => listen({ ...listenOptions, onUnhandledRequest: unhandledRequestStrategy(tables, listenOptions.onUnhandledRequest, options) });
  return Object.assign(server, {
    mocks: combineMocks(products),
    clock,
    resetState: () => (Object.values(products) as AnyMock[]).forEach((m) => m.reset()),
  });
}
