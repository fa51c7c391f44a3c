/**
 * An MSW service worker over any set of product mocks, shared by the all-products entry
 * (`browser.ts`) and each product's browser entry. The page's `?mpkit-scenario=<name>` picks the
 * starting scenario. Fake data is not loaded by default (it would be bundled): pass
 * `data: () => import("@mpkit/mocks/data")` to use `items`/`generate` overrides.
 */
import { type SetupWorker, setupWorker } from "msw/browser";
import {
  type CombinedMocks,
  combineHandlers,
  combineMocks,
  unhandledRequestStrategy,
  MockClock,
  type ProductMockInstance,
  scenarioFromLocation,
  type StatefulMockOptions,
} from "./runtime/index.js";

/** An MSW service worker with product mocks, their shared clock and their controls. */
export type MockWorkerOf<Products> = SetupWorker & {
  readonly mocks: CombinedMocks<Products>;
  readonly clock: MockClock;
  resetState(): void;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMock = ProductMockInstance<any, any>;

export function mockWorker<Products extends { [K in keyof Products]: AnyMock }>(
  options: StatefulMockOptions = {},
  create: (shared: StatefulMockOptions & { clock: MockClock }) => Products,
): MockWorkerOf<Products> {
  const clock = options.clock ?? new MockClock();
  const scenario = options.scenario ?? scenarioFromLocation();
  const products = create({ ...options, clock, ...(scenario !== undefined ? { scenario } : {}) });
  const worker = setupWorker(...combineHandlers((Object.values(products) as AnyMock[]).flatMap((m) => m.handlers)));
  // A request no mock answers is reported with its method, URL and the closest operations.
  const tables = Object.fromEntries((Object.values(products) as AnyMock[]).map((m) => [m.product.name, m.product]));
  const start = worker.start.bind(worker);
  worker.start = (startOptions = {}) => start({ ...startOptions, onUnhandledRequest: unhandledRequestStrategy(tables, startOptions.onUnhandledRequest, options) });
  return Object.assign(worker, {
    mocks: combineMocks(products),
    clock,
    resetState: () => (Object.values(products) as AnyMock[]).forEach((m) => m.reset()),
  });
}
