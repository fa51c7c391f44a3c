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

type HeadersPart<Op> = keyof ParamGroup<Op, "header"> extends never
  ? {}
  : RequiredKeys<ParamGroup<Op, "header">> extends never
    ? { headers?: ParamGroup<Op, "header"> }
    : { headers: ParamGroup<Op, "header"> };

/** The JSON (or other) content of a request body or response, by media type preference. */
export type ContentOf<C> = [C] extends [never]
  ? undefined
  : C extends { "application/json": infer J }
    ? J
    : C extends Record<string, unknown>
      ? keyof C extends never
        ? undefined
        : Blob
      : undefined;

type RequestBodyOf<Op> = Op extends { requestBody?: infer B } ? NonNullable<B> : never;

type BodyPart<Op> = [RequestBodyOf<Op>] extends [never]
  ? {}
  : RequestBodyOf<Op> extends { content: infer C }
    ? {} extends Pick<Op, "requestBody" & keyof Op>
      ? { body?: ContentOf<C> }
      : { body: ContentOf<C> }
    : {};

/** What an operation-named method takes: flattened path and query parameters, `headers`, `body`. */
export type OperationInput<Op> = Simplify<
  ParamGroup<Op, "path"> & ParamGroup<Op, "query"> & HeadersPart<Op> & BodyPart<Op>
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
