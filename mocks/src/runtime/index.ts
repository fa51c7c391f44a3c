export { DEFAULT_START, durationMs, MockClock } from "./clock.js";
export { createProductHandlers, createProductMock, type ProductMockInstance, type StatefulMockOptions } from "./handlers.js";
export { compileRoute, decodeSegment, moreSpecific, OperationRouter, type RouteMatch, serverUrls } from "./router.js";
export { combineHandlers, type MountedRouter } from "./combine.js";
export type { HttpHandler } from "./msw-core.js";
export { cookiePairs, rawPairs, readHeader, readPath, readQuery, type Shape, Unreadable } from "./params.js";
export type { Deliver, DeliveryRecord, EngineSnapshot, TransitionRecord } from "./state.js";
export type {
  MockCallbackAuth,
  MockCondition,
  MockDelivery,
  MockMedia,
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
export {
  drawDelay,
  SCENARIO_HEADER,
  SCENARIO_QUERY,
  scenarioFromLocation,
  type MockDataSource,
  type MockDelay,
  type MockOverrides,
  type OperationOverride,
  type OverrideCommon,
  type ResponseChoice,
  type ScenarioControls,
  type ScenarioOptions,
} from "./scenarios.js";
export { minimalLeaf, resolveSchema, sampleSchema, schemaAt, type SampleStrategy, type Schema } from "./sample.js";
export { COMBINED_CONTROLS, combineMocks, type CombinedControls, type CombinedMocks, type OverridesOf } from "./combined.js";
export { closestOperations, type ClosestOperation, NoMockError, unhandledRequestStrategy } from "./unhandled.js";
