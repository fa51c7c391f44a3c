/** Small facts about OpenAPI documents that the model builder and its checks share. */

export type Obj = Record<string, unknown>;

/** The operation keys of a path item, in the order the model reads them. */
export const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** A JSON media type (`application/json`, `application/problem+json`): the one a response is read as when offered. */
export const JSON_TYPES = /^application\/(.+\+)?json$/;

export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
