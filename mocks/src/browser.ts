import { type SetupWorker, setupWorker } from "msw/browser";
import { type AllMocks, createAllMocks } from "./products.gen.js";
import { combineHandlers, type MockClock, type StatefulMockOptions } from "./runtime/index.js";

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
  const worker = setupWorker(...combineHandlers(Object.values(products).flatMap((m) => m.handlers)));
  return Object.assign(worker, {
    mocks: products,
    clock,
    resetState: () => Object.values(products).forEach((m) => m.reset()),
  });
}
