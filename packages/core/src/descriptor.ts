/**
 * What the generator tells the runtime about a product: its environments, security schemes,
 * client policy and, per operation, how to turn the flattened input into an HTTP request and
 * whether repeating it is safe. Generated clients export one `ProductDescriptor` as a constant.
 */

import type { ParamEntry } from "./params.js";

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace";

export type SecuritySchemeDescriptor =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  /** `bearer` and `basic` are built by the client; another scheme (`digest`, …) sends the caller's credential as `<Scheme> <credential>`. */
  | { type: "http"; scheme: string }
  | { type: "oauth2"; tokenUrl?: string }
  | { type: "openIdConnect"; openIdConnectUrl?: string };

/** A product's documented client policy (`x-mpkit-client-defaults`), overridable per client and call. */
export interface ClientPolicy {
  /** Retries after the first attempt, for calls that are safe to repeat. */
  retries?: number;
  /** The most retries the product allows; larger configured values are lowered to this. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /** Least wait before the first retry, in milliseconds; later waits double; jitter adds up to half. */
  retryDelayMs?: number;
}

/** How to poll an operation (`x-mpkit-poll`). */
export interface PollDescriptor {
  /** Response field with the server's requested delay before the next poll, in milliseconds. */
  delayField: string;
  /** Response field holding the state. */
  stateField?: string;
  /** Final states of that field's state machine: polling stops on them by default. */
  finalStates?: readonly string[];
}

export interface OperationDescriptor {
  method: HttpMethod;
  /** Route template as written in the spec. */
  path: string;
  /** The client's method name when it is not the operation id (`then_` for `then`: a reserved name). */
  methodName?: string;
  /**
   * Path parameters, taken from the flattened input (default: the `{names}` of `path`), each a
   * name or `[name, style]` when its style is not `simple` (see `params.ts` for the codes).
   */
  pathParams?: readonly ParamEntry[];
  /** Query parameters, taken from the flattened input (default: none); `[name, style]` when not `form*`. */
  queryParams?: readonly ParamEntry[];
  /** Header parameters (under `input.headers`) whose style is not `simple`: `[name, style]`. */
  headerParams?: readonly ParamEntry[];
  /** Cookie parameters, taken from the flattened input, sent in the `Cookie` header; `[name, style]` when not `form*`. */
  cookieParams?: readonly ParamEntry[];
  /**
   * Input properties of query and cookie parameters whose name another input has taken
   * (`{ query: { id: "queryId" } }`: the query parameter `id` is read from `input.queryId`).
   */
  inputNames?: { readonly query?: Readonly<Record<string, string>>; readonly cookie?: Readonly<Record<string, string>> };
  /** How a 2xx body is read (default: `json`). */
  parseAs?: "json" | "blob" | "text";
  /** Media type of the request body when it is not `application/json` (a form, a JSON Patch). */
  requestContentType?: string;
  /** Form and multipart fields whose encoding is not the default: style code, or `json`. */
  requestEncoding?: Readonly<Record<string, string>>;
  /** Alternatives (OR) of scheme names that must all be present (AND). Empty: no auth. */
  security: readonly (readonly string[])[];
  /**
   * Base URLs of this operation by environment, when it is not served at the product's own
   * (e.g. a sandbox-only simulation API). Environments missing here do not offer the operation.
   */
  servers?: Readonly<Record<string, string>>;
  /**
   * Safe to send again as it is (marked `x-mpkit-idempotent`); when absent, GET, HEAD, OPTIONS,
   * PUT, DELETE and TRACE are, other methods are not.
   */
  idempotent?: boolean;
  /** Header that carries an idempotency key; the client makes one per call unless given. */
  idempotencyKeyHeader?: string;
  /** Request body field whose value makes a repeat safe (e.g. a capture identifier). */
  idempotencyField?: string;
  /** Header parameters the client fills from its configuration when the call does not pass them. */
  clientHeaders?: readonly string[];
  /** Of all header parameters, those the spec requires (checked before sending). */
  requiredHeaders?: readonly string[];
  /** Operation-specific policy (e.g. a shorter timeout for reads). */
  policy?: ClientPolicy;
  poll?: PollDescriptor;
}

/**
 * Where the product's error bodies keep their code and message, as property paths (taken from
 * the spec's `x-mpkit-mock-errors` templates). The first path that holds a value wins.
 */
export interface ErrorFields {
  code?: readonly (readonly string[])[];
  message?: readonly (readonly string[])[];
}

export interface ProductDescriptor {
  /** Folder name of the spec, e.g. `invoice`. */
  name: string;
  title: string;
  /** Named base URLs from the spec's `servers`; the first is the default. May hold `{variables}`. */
  environments: Readonly<Record<string, string>>;
  /** The variables of each server URL template that has some (root and operation servers). */
  serverVariables?: Readonly<Record<string, Readonly<Record<string, { default: string; enum?: readonly string[] }>>>>;
  securitySchemes: Readonly<Record<string, SecuritySchemeDescriptor>>;
  /** Request header that carries a per-request correlation id, if the product has one. */
  correlationHeader?: string;
  /** The product's documented client policy. */
  policy?: ClientPolicy;
  /** Where its error bodies carry a code and a message (put into `ApiError.message`). */
  errorFields?: ErrorFields;
  operations: Readonly<Record<string, OperationDescriptor>>;
}
