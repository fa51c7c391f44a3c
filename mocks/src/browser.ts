import { type SetupWorker, setupWorker } from "msw/browser";
import { allHandlers } from "./products.gen.js";
import type { MockOptions } from "./runtime/index.js";

export * from "./index.js";

/**
 * An MSW service worker (browser) answering every product's operations. Serve
 * `mockServiceWorker.js` from the app's public folder first (`npx msw init public/`).
 * @example
 * await createMockWorker().start({ onUnhandledRequest: "bypass" });
 */
export function createMockWorker(options?: MockOptions): SetupWorker {
  return setupWorker(...allHandlers(options));
}
