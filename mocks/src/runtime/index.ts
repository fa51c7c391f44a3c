export { DEFAULT_START, durationMs, MockClock } from "./clock.js";
export { createProductHandlers, createProductMock, type ProductMockInstance, type StatefulMockOptions } from "./handlers.js";
export { compileRoute, decodeSegment, OperationRouter } from "./router.js";
export type { Deliver, DeliveryRecord, EngineSnapshot } from "./state.js";
export type {
  MockDelivery,
  MockMethod,
  MockOperation,
  MockOptions,
  MockParameter,
  MockResource,
  MockResourceBinding,
  MockResponse,
  MockSecurityScheme,
  MockStateMachine,
  MockTransition,
  ProductMock,
  ResourceRole,
} from "./types.js";
export { type Problem, ProductValidator } from "./validator.js";
export { errorTemplate, problemMessage, productError } from "./errors.js";
export { lastResort, readBody, UNEXPECTED_ERROR_MESSAGE } from "./guard.js";
export { MOCK_LIMITS } from "./limits.js";
export { closestOperations, type ClosestOperation, NoMockError, unhandledRequestStrategy } from "./unhandled.js";
