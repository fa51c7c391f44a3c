/** The data a generated mock module hands to the runtime: one entry per operation of a spec. */

export type MockMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options";

export type MockSecurityScheme =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  | { type: "http"; scheme: "bearer" | "basic" }
  | { type: "oauth2"; tokenUrl?: string }
  | { type: "openIdConnect"; openIdConnectUrl?: string };

export interface MockParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  /** JSON pointer of the parameter's schema in `document`. */
  schema: string;
}

export interface MockResponse {
  /** Status code as written in the spec (`"202"`, `"409"`). */
  status: string;
  contentType?: string;
  /** JSON pointer of the response body's schema in `document`. */
  schema?: string;
  /** Named examples; the first one is answered unless the request asks for another. */
  examples: Record<string, unknown>;
}

export interface MockOperation {
  operationId: string;
  method: MockMethod;
  /** Route template as written in the spec. */
  path: string;
  parameters: readonly MockParameter[];
  requestBody?: { required: boolean; contentType: string; schema: string };
  security: readonly (readonly string[])[];
  responses: readonly MockResponse[];
  /** Base URLs of the operation by environment, when it is served elsewhere than the product. */
  servers?: Readonly<Partial<Record<string, string>>>;
}

export interface ProductMock {
  name: string;
  title: string;
  environments: Readonly<Record<string, string>>;
  securitySchemes: Readonly<Record<string, MockSecurityScheme>>;
  correlationHeader?: string;
  /** Error bodies by status code, in the product's own format; `{message}`/`{correlationId}` are filled in. */
  errors: Readonly<Record<string, unknown>>;
  /** The spec's schemas, at the pointers the operations name; validated with Ajv. */
  document: Record<string, unknown>;
  operations: readonly MockOperation[];
  /** Webhook name → JSON pointer of its payload schema in `document` (for `checkWebhook`). */
  webhooks?: Readonly<Record<string, string>>;
}

export interface MockOptions {
  /**
   * Base URL(s) the handlers answer on. Default: every environment of the spec, so a client
   * pointed at the sandbox or at production is served alike.
   */
  baseUrl?: string | readonly string[];
  /** Validate requests against the spec (default true). */
  validate?: boolean;
  /** Wait this many milliseconds before answering, to let loading states show. */
  delayMs?: number;
  /** Largest request body read, in bytes (default `MOCK_LIMITS.maxBodyBytes`, 4 MiB); a larger one is answered with 413. */
  maxBodyBytes?: number;
  /**
   * Sees any exception a handler throws (a bug in the mocks). The request is answered with a 400
   * in the product's format either way, without stack or path; default: nothing is reported.
   */
  onUnexpectedError?: (error: unknown, request: Request) => void;
}
