export type { CallOptions, ClientConfig, Credential, SecretSource } from "./config.js";
export { resolveBaseUrl } from "./config.js";
export type {
  HttpMethod,
  OperationDescriptor,
  ProductDescriptor,
  SecuritySchemeDescriptor,
} from "./descriptor.js";
export {
  AbortedError,
  ApiError,
  type ClientError,
  CredentialProviderError,
  InvalidInputError,
  isMpkitError,
  MissingCredentialsError,
  MpkitError,
  NetworkError,
  type RequestContext,
  ResponseParseError,
} from "./errors.js";
export { createProductRuntime, type ProductRuntime } from "./runtime.js";
export type {
  ContentOf,
  OperationErrorBody,
  OperationErrorStatus,
  OperationInput,
  OperationResult,
  RequiredKeys,
} from "./types.js";
