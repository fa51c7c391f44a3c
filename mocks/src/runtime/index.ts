export { createProductHandlers } from "./handlers.js";
export type { MockMethod, MockOperation, MockOptions, MockParameter, MockResponse, MockSecurityScheme, ProductMock } from "./types.js";
export { type Problem, ProductValidator } from "./validator.js";
export { errorTemplate, problemMessage, productError } from "./errors.js";
export { compileRoute, lastResort, readBody, type RouteMatch, safeDecodePath, UNEXPECTED_ERROR_MESSAGE } from "./guard.js";
export { MOCK_LIMITS } from "./limits.js";
