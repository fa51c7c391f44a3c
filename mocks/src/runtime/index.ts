export { createProductHandlers } from "./handlers.js";
export type { MockMethod, MockOperation, MockOptions, MockParameter, MockResponse, MockSecurityScheme, ProductMock } from "./types.js";
export { type Problem, ProductValidator } from "./validator.js";
