import type { ApiError } from "./errors.js";

/**
 * Type-level helpers that turn one openapi-typescript `operations[...]` entry into the
 * input, result and error types of an operation-named client method.
 *
 * Path and query parameters are flattened into the input object (`{ merchantId, body }`),
 * header parameters go under `headers`, the JSON request body under `body`.
 */

/** `never` and `undefined` become `{}` so that intersections stay usable. */
type OrEmpty<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : NonNullable<T>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Keys of T that are required. */
export type RequiredKeys<T> = {
  [K in keyof T]-?: {} extends Pick<T, K> ? never : K;
}[keyof T];

type ParametersOf<Op> = Op extends { parameters: infer P } ? P : {};
type ParamGroup<Op, Where extends string> =
  ParametersOf<Op> extends infer P ? (Where extends keyof P ? OrEmpty<P[Where]> : {}) : {};

/** Makes the keys K of T optional (the client fills them: idempotency keys, client-level headers). */
type Loosen<T, K> = [K] extends [never] ? T : Simplify<Omit<T, K & keyof T> & Partial<Pick<T, K & keyof T>>>;

type HeadersPart<Op, Filled> =
  keyof ParamGroup<Op, "header"> extends never
    ? {}
    : RequiredKeys<Loosen<ParamGroup<Op, "header">, Filled>> extends never
      ? { headers?: Loosen<ParamGroup<Op, "header">, Filled> }
      : { headers: Loosen<ParamGroup<Op, "header">, Filled> };

type JsonMediaType<C> = Extract<keyof C, `${string}json${string}`>;

/**
 * The content of a request body or response: JSON first (`application/json`, then any
 * `…+json` such as JSON Patch), then a form (`application/x-www-form-urlencoded`, sent as an
 * object of fields), then a multipart form (an object of fields, files as `Blob`/`File`), else
 * binary (`Blob`).
 */
export type ContentOf<C> = [C] extends [never]
  ? undefined
  : C extends { "application/json": infer J }
    ? J
    : [JsonMediaType<C>] extends [never]
      ? C extends { "application/x-www-form-urlencoded": infer F }
        ? F
        : C extends { "multipart/form-data": infer M }
          ? M
          : C extends Record<string, unknown>
            ? keyof C extends never
              ? undefined
              : Blob
            : undefined
      : C[JsonMediaType<C>];

type RequestBodyOf<Op> = Op extends { requestBody?: infer B } ? NonNullable<B> : never;

/**
 * A request body: its first media type's content (`ContentOf`), or, where the operation also
 * offers them, a `FormData` (multipart) or `URLSearchParams` (URL-encoded form), sent as such.
 */
export type RequestContentOf<C> =
  | ContentOf<C>
  | (C extends { "multipart/form-data": unknown } ? FormData : never)
  | (C extends { "application/x-www-form-urlencoded": unknown } ? URLSearchParams : never);

type BodyPart<Op> = [RequestBodyOf<Op>] extends [never]
  ? {}
  : RequestBodyOf<Op> extends { content: infer C }
    ? {} extends Pick<Op, "requestBody" & keyof Op>
      ? { body?: RequestContentOf<C> }
      : { body: RequestContentOf<C> }
    : {};

/** Input names of renamed query and cookie parameters (`{ query: { id: "queryId" } }`). */
export interface InputRenames {
  query?: Record<string, string>;
  cookie?: Record<string, string>;
}

/** T with the keys M names renamed (optionality kept). */
type Renamed<T, M> = [keyof M] extends [never]
  ? T
  : { [K in keyof T as K extends keyof M ? (M[K] extends string ? M[K] : K) : K]: T[K] };

type RenamesOf<R, Where extends keyof InputRenames> = R extends { [W in Where]?: infer M } ? OrEmpty<M> : {};

/**
 * What an operation-named method takes: flattened path, query and cookie parameters, `headers`,
 * `body`. `Filled` names header parameters the client supplies itself (they become optional);
 * `Renames` the input names of query and cookie parameters whose own name is taken (`queryId`).
 */
export type OperationInput<Op, Filled extends string = never, Renames extends InputRenames = {}> = Simplify<
  ParamGroup<Op, "path"> &
    Renamed<ParamGroup<Op, "query">, RenamesOf<Renames, "query">> &
    Renamed<ParamGroup<Op, "cookie">, RenamesOf<Renames, "cookie">> &
    HeadersPart<Op, Filled> &
    BodyPart<Op>
>;

type Responses<Op> = Op extends { responses: infer R } ? R : {};
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226 | "2XX";
type ResponseContent<R> = R extends { content?: infer C } ? ContentOf<C> : undefined;

/** The value an operation-named method resolves to: the body of its 2xx response(s). */
export type OperationResult<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus ? ResponseContent<Responses<Op>[S]> : never;
}[keyof Responses<Op>];

/** The parsed bodies of an operation's documented non-2xx responses. */
export type OperationErrorBody<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus ? never : ResponseContent<Responses<Op>[S]>;
}[keyof Responses<Op>];

/** The documented non-2xx status codes of an operation. */
export type OperationErrorStatus<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus ? never : S;
}[keyof Responses<Op>];

/**
 * The `ApiError`s an operation can reject with: one member per documented error status, with
 * that status's body type, so `if (error.status === 409) error.body…` narrows the body.
 * A `default` or `4XX`-style response becomes a member with a plain `number` status. A server
 * that answers with a status the spec does not document still produces an `ApiError`; its body
 * is whatever it sent, so check `status` before trusting `body`.
 */
export type OperationApiError<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus
    ? never
    : ApiError<ResponseContent<Responses<Op>[S]>, S extends number ? S : number>;
}[keyof Responses<Op>];
