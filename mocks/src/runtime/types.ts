/** The data a generated mock module hands to the runtime: one entry per operation of a spec. */

export type MockMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options";

export type MockSecurityScheme =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  /** `bearer`, `basic`, or another HTTP scheme (`digest`, …): an `Authorization: <Scheme> …` header is required. */
  | { type: "http"; scheme: string }
  | { type: "oauth2"; tokenUrl?: string }
  | { type: "openIdConnect"; openIdConnectUrl?: string };

export interface MockParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  /** JSON pointer of the parameter's schema in `document`. */
  schema: string;
  /**
   * Serialisation when not the location's default (`simple` for path and header, `form*` for
   * query and cookie): the style, `*` when exploded, or `json` (`content: application/json`).
   */
  style?: string;
}

/** One media type of a request body. */
export interface MockMedia {
  contentType: string;
  /** JSON pointer of its schema in `document`. */
  schema: string;
  /** Form and multipart fields whose encoding is not the default: style code, or `json`. */
  encoding?: Readonly<Record<string, string>>;
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
  requestBody?: MockMedia & { required: boolean; alternatives?: readonly MockMedia[] };
  security: readonly (readonly string[])[];
  responses: readonly MockResponse[];
  /** Base URLs of the operation by environment, when it is served elsewhere than the product. */
  servers?: Readonly<Partial<Record<string, string>>>;
  /** Business rules (`x-mpkit-rules`) the stateful mocks enforce on creates. */
  rules?: readonly MockRule[];
  /** `x-mpkit-rate-limit`: answered with 429 and Retry-After, counted on the mock clock. */
  rateLimit?: { requests: number; perSeconds: number; per?: readonly string[] };
  /** What the operation does to stored resources (`x-mpkit-resource`, with inferred defaults). */
  resource?: MockResourceBinding;
  /** The operation configures callback authentication (`x-mpkit-callback-auth`). */
  callbackAuth?: MockCallbackAuth;
}

export type ResourceRole = "create" | "read" | "list" | "update" | "delete" | "transition" | "simulate";

export interface MockResourceBinding {
  role: ResourceRole;
  /** Name of the resource kind, e.g. `invoices`. */
  resource: string;
  /** Input carrying the resource id: a path parameter, query parameter or top-level body field. */
  param?: string;
  /** Batch create: the body field holding the items (`""`: the body is the list). */
  items?: string;
  /** Documented refusal when the resource's state does not allow the operation (`code: null`: the format's "no code"). */
  refuse?: { status: number; code?: string | null };
  /** Create: the initial state the resource starts in (default: the machine's first). */
  initial?: string;
}

export interface MockResource {
  /** Field of the stored representation that holds the id. */
  id: string;
  /** How ids are minted: from the id's schema format. */
  idType: "uuid" | "integer" | "string";
  /** JSON pointer of the stored representation's schema (the read operation's response). */
  schema?: string;
  /** Fields of the representation that are date-times: set from the mock clock on create. */
  dateFields?: readonly string[];
  /** Field holding the state, and the state machine (by enum schema name) it follows. */
  state?: { field: string; machine: string };
}

export interface MockTransition {
  from: string;
  to: string;
  /**
   * What moves the resource: an operation (merchant or user simulation) or time, when `when`
   * holds (a field of the causing request's body, else of the stored resource); `rule` marks the
   * transition a create takes when a business rule it breaks is reported later (status below 400).
   */
  cause?: {
    operation?: string;
    after?: string;
    field?: string;
    when?: readonly MockCondition[];
    rule?: true;
    /** Also taken when `operation` acts on the resource whose id `via` holds (the payments of a cancelled agreement). */
    follows?: { operation: string; via: string };
  };
  /** The webhook that reports the transition and the status value its payload carries. */
  emits?: {
    webhook: string;
    status?: string;
    /** Payload field that carries the resource's id, when its name differs. */
    id?: string;
    /** Further payload fields the transition fixes (e.g. a status code). */
    fields?: Readonly<Record<string, string | number | boolean | null>>;
    /** Payload field that carries the code of the business rule that caused the transition. */
    code?: string;
  };
}

type MockScalar = string | number | boolean | null;

/** A condition of a cause: a field of the request body, else of the stored resource (or of the resource `of` names). */
export interface MockCondition {
  field: string;
  of?: string;
  equals?: MockScalar | readonly MockScalar[];
  notEquals?: MockScalar | readonly MockScalar[];
  present?: boolean;
}

export interface MockStateMachine {
  initial: readonly string[];
  final: readonly string[];
  transitions: readonly MockTransition[];
  /** The documented answer to an operation the current state does not allow. */
  refuse?: { status: number; code?: string | null };
  /** Per initial state: the webhook reporting a resource created in it; `rule` marks the state a deferred rule failure creates. */
  enter?: Readonly<Record<string, { emits?: MockTransition["emits"]; rule?: true }>>;
}

/**
 * `x-mpkit-callback-auth`: the operation registers how callbacks authenticate (and, with `url`,
 * where they go). Values are request body fields.
 */
export interface MockCallbackAuth {
  scheme: "basic" | "apiKey" | "oauth2";
  url?: string;
  username?: string;
  password?: string;
  apiKey?: string;
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
}

export interface ProductMock {
  name: string;
  title: string;
  environments: Readonly<Record<string, string>>;
  /** Variables of server URL templates (`https://{host}/v{version}`), by template: the mocks answer on every enum value. */
  serverVariables?: Readonly<Record<string, Readonly<Record<string, { default: string; enum?: readonly string[] }>>>>;
  securitySchemes: Readonly<Record<string, MockSecurityScheme>>;
  correlationHeader?: string;
  /** Error bodies by status code, in the product's own format; `{message}`/`{correlationId}` are filled in. */
  errors: Readonly<Record<string, unknown>>;
  /** The spec's schemas, at the pointers the operations name; validated against by `validator.ts`. */
  document: Record<string, unknown>;
  operations: readonly MockOperation[];
  /** Webhook name → JSON pointer of its payload schema in `document` (for `checkWebhook`). */
  webhooks?: Readonly<Record<string, string>>;
  /** How each webhook is sent: method, content type, payload example, redelivery schedule. */
  deliveries?: Readonly<Record<string, MockDelivery>>;
  /** Resource kinds the stateful mocks keep, by name. */
  resources?: Readonly<Record<string, MockResource>>;
  /** State machines of status enums, by schema name, with causes and emitted webhooks. */
  machines?: Readonly<Record<string, MockStateMachine>>;
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
  /**
   * Keep state (default true): creates are stored, reads answer what was stored or 404, state
   * machines are enforced. `false` replays the spec's examples for every request.
   */
  stateful?: boolean;
  /** Seed for minted ids and generated values (default 1). */
  seed?: number;
  /** The clock the mocks read; share one between products to move them together. */
  clock?: import("./clock.js").MockClock;
}

export interface MockDelivery {
  method: string;
  contentType?: string;
  example?: unknown;
  /** Seconds to wait before each redelivery (`x-mpkit-retry`). */
  retryDelaysSeconds?: readonly number[];
  /** Field of the resource (or of the requests that made it) holding the URL registered for this webhook (`x-mpkit-callback-url`). */
  urlField?: string;
}

export interface MockRule {
  id: string;
  check: Readonly<Record<string, unknown>> & { type: string };
  errors: readonly { status: number; code?: string }[];
}
