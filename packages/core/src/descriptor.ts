/**
 * What the generator tells the runtime about a product: its environments, security schemes
 * and, per operation, how to turn the flattened input into an HTTP request.
 * Generated clients export one `ProductDescriptor` as a constant.
 */

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace";

export type SecuritySchemeDescriptor =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  | { type: "http"; scheme: "bearer" | "basic" }
  | { type: "oauth2" }
  | { type: "openIdConnect" };

export interface OperationDescriptor {
  method: HttpMethod;
  /** Route template as written in the spec. */
  path: string;
  /** Names of the path parameters, taken from the flattened input. */
  pathParams: readonly string[];
  /** Names of the query parameters, taken from the flattened input. */
  queryParams: readonly string[];
  /** How a 2xx body is read. */
  parseAs: "json" | "blob" | "text";
  /** Alternatives (OR) of scheme names that must all be present (AND). Empty: no auth. */
  security: readonly (readonly string[])[];
}

export interface ProductDescriptor {
  /** Folder name of the spec, e.g. `invoice`. */
  name: string;
  title: string;
  /** Named base URLs from the spec's `servers`; the first is the default. */
  environments: Readonly<Record<string, string>>;
  securitySchemes: Readonly<Record<string, SecuritySchemeDescriptor>>;
  /** Request header that carries a per-request correlation id, if the product has one. */
  correlationHeader?: string;
  operations: Readonly<Record<string, OperationDescriptor>>;
}
