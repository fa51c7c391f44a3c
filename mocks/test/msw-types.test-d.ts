/**
 * The runtime names MSW's types without MSW's root entry (msw-core.ts, unhandled.ts), so compiling
 * the mocks does not read everything that entry re-exports. These are still MSW's own types:
 * a handler the generated modules type as `HttpHandler` is the one `setupServer` takes, and
 * the strategy `unhandledRequestStrategy` returns is the one `listen` takes, both ways.
 */
import type { HttpHandler as MswHttpHandler, UnhandledRequestStrategy as MswUnhandledRequestStrategy } from "msw";
import { describe, expectTypeOf, it } from "vitest";
import { type HttpHandler, HttpHandler as HttpHandlerClassValue, type HttpHandlerClass } from "../src/runtime/msw-core.js";
import type { UnhandledRequestStrategy } from "../src/runtime/unhandled.js";
import type { HttpHandler as RuntimeHttpHandler } from "../src/runtime/index.js";

describe("MSW types named through msw/core/http", () => {
  it("HttpHandler is MSW's HttpHandler", () => {
    expectTypeOf<HttpHandler>().toEqualTypeOf<MswHttpHandler>();
    expectTypeOf<RuntimeHttpHandler>().toEqualTypeOf<MswHttpHandler>();
  });

  it("the HttpHandler class takes what MSW's constructor takes and makes MSW's handlers", () => {
    expectTypeOf<ConstructorParameters<HttpHandlerClass>>().toEqualTypeOf<ConstructorParameters<typeof MswHttpHandler>>();
    expectTypeOf<InstanceType<typeof HttpHandlerClassValue>>().toEqualTypeOf<MswHttpHandler>();
  });

  it("UnhandledRequestStrategy is MSW's onUnhandledRequest option", () => {
    expectTypeOf<UnhandledRequestStrategy>().toEqualTypeOf<MswUnhandledRequestStrategy>();
  });
});
