/**
 * The one model every emitter reads. It is built once from the bundled spec of each product
 * (`build-model.ts`); emitters never look at the raw spec again, except for the bundled
 * `document` itself, which is handed on unchanged to openapi-typescript and to the mocks'
 * request validator.
 */
import type { CallbackAuthModel, TransitionCause, TransitionEmits } from "./extensions.js";
import type { SpecProblem } from "../load/load-spec.js";

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace";

export interface ExampleModel {
  name: string;
  summary?: string;
  value: unknown;
}

export interface ParameterModel {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  description?: string;
  /** JSON pointer (with leading `#`) of the parameter's schema inside the bundled document. */
  schemaPointer: string;
  /** Where the parameter is listed (path item or operation), for error messages. */
  declaredAt: string;
  /**
   * The property of the method's flattened input that carries a query or cookie parameter, when it
   * is not `name`: a parameter named like a path parameter (or another input) becomes
   * `<in><Name>` (`id` in the query beside a path `id` → `queryId`).
   */
  inputName?: string;
  /** Header flagged `x-mpkit-idempotency-key`: the client generates it per call. */
  idempotencyKey?: boolean;
  /** Header flagged `x-mpkit-client-header`: set once in the client configuration. */
  clientHeader?: boolean;
  /**
   * Serialisation when not the location's default (`simple` for path and header, `form` exploded
   * for query, `form` for cookie): the style, `*` when exploded (`form`, `pipeDelimited`,
   * `matrix*` …), or `json` for a parameter described by `content: application/json`.
   */
  style?: string;
}

export interface RequestBodyModel {
  required: boolean;
  /** The media type clients send: JSON first, then the first listed. */
  contentType: string;
  schemaPointer: string;
  examples: ExampleModel[];
  /** Fields of a form or multipart body whose `encoding` is not the default: style code, or `json`. */
  encoding?: Record<string, string>;
  /** The other media types the operation accepts (mocks accept each). */
  alternatives?: { contentType: string; schemaPointer: string; encoding?: Record<string, string> }[];
}

export interface ResponseModel {
  /** `"200"`, `"404"`, `"default"`, `"4XX"` … as written in the spec. */
  status: string;
  description: string;
  /** Name under `components.responses` when the response is a reference to one. */
  component?: string;
  contentType?: string;
  schemaPointer?: string;
  examples: ExampleModel[];
}

export interface OperationModel {
  /** As written in the spec; descriptors, errors and docs use it. */
  operationId: string;
  /** The client method: the id, or the id with a trailing `_` where it is unsafe as a member (`then_`). */
  methodName: string;
  method: HttpMethod;
  /** Route template as written in the spec, e.g. `/api/v1/merchants/{merchantId}`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  responses: ResponseModel[];
  /** Alternatives (OR) of scheme names that must all be present (AND). */
  security: string[][];
  /** Business rules from `x-mpkit-rules`, kept as written. */
  rules: unknown[];
  /**
   * Path- or operation-level `servers`, by environment name, when they differ from the root ones.
   * An operation available in fewer environments (e.g. a sandbox-only simulation) lists only those.
   */
  servers?: Record<string, string>;
  /** `x-mpkit-rate-limit`. */
  rateLimit?: { requests: number; perSeconds: number; per?: string[] };
  /** `x-mpkit-callback-auth`: the operation registers how (and where) callbacks are sent. */
  callbackAuth?: CallbackAuthModel;
  /** `x-mpkit-resource` with inferred defaults; absent when the operation keeps no state. */
  resource?: ResourceBindingModel;
  /** How clients may repeat and decorate the call (from the method and the `x-mpkit-*` client extensions). */
  client: OperationClientModel;
}

/** A documented client policy (`x-mpkit-client-defaults`). */
export interface ClientPolicyModel {
  retries?: number;
  maxRetries?: number;
  timeoutMs?: number;
  retryDelayMs?: number;
}

export interface OperationClientModel {
  /** Safe to send twice as is: GET/HEAD/OPTIONS/PUT/DELETE/TRACE, unless `x-mpkit-idempotent` says otherwise. */
  idempotent: boolean;
  /** Header parameter flagged `x-mpkit-idempotency-key`. */
  idempotencyKeyHeader?: string;
  /** Body field named by `x-mpkit-idempotent: { bodyField }`. */
  idempotencyField?: string;
  /** Header parameters flagged `x-mpkit-client-header`. */
  clientHeaders: string[];
  /** Every required header parameter, except those a credential sends. */
  requiredHeaders: string[];
  /** Header parameters an apiKey security scheme of the operation sends too: the credential satisfies them. */
  credentialHeaders?: string[];
  /** Operation-level `x-mpkit-client-defaults`. */
  policy?: ClientPolicyModel;
  /** `x-mpkit-poll`, with the final states of the state field when its enum has a state machine. */
  poll?: { delayField: string; stateField?: string; finalStates?: string[] };
}

export interface WebhookModel {
  /** Key under `webhooks`; for an operation's callback, `<operationId>.<callback name>`. */
  name: string;
  /** A callback of an operation (OpenAPI `callbacks`) rather than a root webhook. */
  callback?: { operationId: string; name: string; expression: string };
  method: HttpMethod;
  operationId: string;
  summary: string;
  requestBody?: RequestBodyModel;
  /** `x-mpkit-retry`: seconds before each redelivery. */
  retryDelaysSeconds?: number[];
  /** `x-mpkit-callback-url`: the field of the resource (or its requests) holding the URL this webhook goes to. */
  urlField?: string;
}

export type SecuritySchemeModel =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string; description?: string }
  /**
   * `bearer` and `basic` are built by the client; any other HTTP scheme (`digest`, …) takes the
   * credentials part of `Authorization: <Scheme> <credentials>` from the caller.
   */
  | { type: "http"; scheme: string; description?: string }
  | { type: "oauth2"; tokenUrl?: string; description?: string }
  | { type: "openIdConnect"; openIdConnectUrl?: string; description?: string };

export interface StateMachineModel {
  /** The enum schema under `components.schemas` that carries `x-mpkit-state-machine`. */
  schema: string;
  states: string[];
  initial: string[];
  final: string[];
  transitions: {
    from: string;
    to: string;
    trigger: string;
    /**
     * What moves the resource: an operation (merchant or user simulation) or time after entering
     * `from` (or after a date `field`), under a `when` condition on the request body or resource;
     * `rule: true` for a create whose business rule is reported later (status below 400).
     */
    cause?: TransitionCause;
    /** The webhook reporting the transition, the status value its payload carries, the payload field for a rule's code. */
    emits?: TransitionEmits;
  }[];
  /** Webhooks that report a resource created in an initial state; `rule: true` marks the state a deferred rule failure creates. */
  enter?: Record<string, { emits?: TransitionEmits; rule?: true }>;
  /** The documented answer (status, product error code) to an operation the current state does not allow. */
  refuse?: { status: number; code?: string | null };
}

/** What an operation does to the stateful mocks' store (`x-mpkit-resource`, defaults inferred from the path). */
export interface ResourceBindingModel {
  role: "create" | "read" | "list" | "update" | "delete" | "transition" | "simulate";
  resource: string;
  /** Input carrying the id (path or query parameter, or top-level body field). */
  param?: string;
  /** Batch create: body field with the items; `""` when the body is the list. */
  items?: string;
  refuse?: { status: number; code?: string | null };
  /** Create: the initial state the resource starts in. */
  initial?: string;
}

/** A resource kind the stateful mocks store: its representation is the read operation's response. */
export interface ResourceModel {
  id: string;
  idType: "uuid" | "integer" | "string";
  schema?: string;
  dateFields: string[];
  state?: { field: string; machine: string };
}

export interface EnvironmentModel {
  /** From the server's `x-mpkit-environment`, else `server1`, `server2` … */
  name: string;
  url: string;
  description?: string;
}

export interface ProductModel {
  /** The `apis` key in redocly.yaml and the spec's folder name, e.g. `invoice`. */
  name: string;
  /** `Invoice`: used for exported names such as `createInvoiceClient`. */
  pascalName: string;
  /** `invoice`: used for exported names such as `invoiceHandlers`. */
  camelName: string;
  /** npm package of the client, e.g. `@mpkit/invoice`. */
  packageName: string;
  /** Root spec file relative to the project root. */
  specFile: string;
  title: string;
  version: string;
  summary?: string;
  description?: string;
  environments: EnvironmentModel[];
  /** Variables of each server URL template that has some (root, path and operation servers). */
  serverVariables: Record<string, Record<string, { default: string; enum?: string[] }>>;
  securitySchemes: Record<string, SecuritySchemeModel>;
  /** Header parameter marked `x-mpkit-correlation-id: true`, if any. */
  correlationHeader?: string;
  /** Root `x-mpkit-client-defaults`: the product's documented client retry/timeout policy. */
  clientPolicy?: ClientPolicyModel;
  operations: OperationModel[];
  webhooks: WebhookModel[];
  /** Operations' callbacks (`<operationId>.<name>`): their payloads are typed like webhooks'. */
  callbacks?: WebhookModel[];
  /** Names under `components.schemas`, in spec order. */
  schemaNames: string[];
  /** State machines from `x-mpkit-state-machine` on enum schemas. */
  stateMachines: StateMachineModel[];
  /** Resource kinds for the stateful mocks, by name (`x-mpkit-resource`). */
  resources: Record<string, ResourceModel>;
  /** `x-mpkit-mock-errors`: error body templates by status code, for mock-generated errors. */
  mockErrors: Record<string, unknown>;
  /** The bundled document, unchanged. */
  document: Record<string, unknown>;
  /** What generation went ahead despite (a renamed method, an example left out), with the spec line. */
  warnings: SpecProblem[];
}

export interface Model {
  /** Version of mpkit that produced the output (goes into generated package.json files). */
  toolkitVersion: string;
  /**
   * Package versions by product name (and `mocks`), read from the committed package.json files:
   * their `version` is owned by Changesets, not generated (see `diff/versions.ts`).
   */
  packageVersions?: Record<string, string>;
  products: ProductModel[];
  /**
   * Products whose spec could not be loaded or modelled, with why (only when the model was built
   * with `partial`: the others are generated, these keep their previous output).
   */
  failed?: FailedProduct[];
}

export interface FailedProduct {
  name: string;
  specFile: string;
  problems: readonly SpecProblem[];
}

/** A file produced by an emitter, relative to the project root. */
export interface GeneratedFile {
  path: string;
  contents: string;
  /** The product the file belongs to; undefined for files that cover every product. */
  product?: string;
}
