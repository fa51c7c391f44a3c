import { type SetupWorker, setupWorker } from "msw/browser";
import { type AllMocks, createAllMocks, productMocks } from "./products.gen.js";
import { type MockClock, type StatefulMockOptions, unhandledRequestStrategy } from "./runtime/index.js";

export * from "./index.js";

/** An MSW service worker with every product's stateful mock, their shared clock and their controls. */
export type MockWorker = SetupWorker & { readonly mocks: AllMocks; readonly clock: MockClock; resetState(): void };

/**
 * An MSW service worker (browser) answering every product's operations. Serve
 * `mockServiceWorker.js` from the app's public folder first (`npx msw init public/`).
 * @example
 * await createMockWorker().start({ onUnhandledRequest: "bypass" });
 */
export function createMockWorker(options?: StatefulMockOptions): MockWorker {
  const { clock, products } = createAllMocks(options);
  const worker = setupWorker(...Object.values(products).flatMap((m) => m.handlers));
  // A request no mock answers is reported with its method, URL and the closest operations.
  const start = worker.start.bind(worker);
  worker.start = (startOptions = {}) => start({ ...startOptions, onUnhandledRequest: unhandledRequestStrategy(productMocks, startOptions.onUnhandledRequest, options) });
  return Object.assign(worker, {
    mocks: products,
    clock,
    resetState: () => Object.values(products).forEach((m) => m.reset()),
  });
}
