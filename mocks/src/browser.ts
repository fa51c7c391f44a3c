import { type AllProductMocks, createAllMocks } from "./products.gen.js";
import type { StatefulMockOptions } from "./runtime/index.js";
import { mockWorker, type MockWorkerOf } from "./setup-browser.js";

export * from "./index.js";
export type { MockWorkerOf } from "./setup-browser.js";

/** An MSW service worker with every product's stateful mock, their shared clock and their controls. */
export type MockWorker = MockWorkerOf<AllProductMocks>;

/**
 * An MSW service worker (browser) answering every product's operations. Serve
 * `mockServiceWorker.js` from the app's public folder first (`npx msw init public/`). To mock one
 * product only (a smaller bundle), import `createMockWorker` from `@mpkit/mocks/<product>/browser`.
 * @example
 * await createMockWorker().start({ onUnhandledRequest: "bypass" });
 */
export function createMockWorker(options?: StatefulMockOptions): MockWorker {
  return mockWorker<AllProductMocks>(options, (shared) => createAllMocks(shared).products);
}
