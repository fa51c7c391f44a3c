export type { AttemptInfo, CallOptions, ClientConfig, Credential, SecretSource } from "./config.js";
export { resolveBaseUrl, type ServerFiller } from "./config.js";
export { fillServer } from "./servers.js";
export { type ParamEntry, styled, type Styler } from "./params.js";
export { type BodyEncoder, bodyEncoders, type BodyWriter, writeBody } from "./bodies.js";
export { type InputShaper, shapeInput, type ShapedInput } from "./shape.js";
export type {
  ClientPolicy,
  ErrorFields,
  HttpMethod,
  OperationDescriptor,
  PollDescriptor,
  ProductDescriptor,
  SecuritySchemeDescriptor,
} from "./descriptor.js";
export {
  AbortedError,
  ApiError,
  type ClientError,
  ConfigurationError,
  CredentialProviderError,
  InvalidInputError,
  isMpkitError,
  MissingCredentialsError,
  MpkitError,
  NetworkError,
  RedirectError,
  type RequestContext,
  ResponseParseError,
  TimeoutError,
} from "./errors.js";
export { createProductRuntime, type FlatInput, operationMethods, pollOperation, type ProductRuntime, type RuntimeExtras } from "./runtime.js";
export { createRawClient } from "./raw.js";
export type { AuthPlacement, SchemeWriter } from "./auth.js";
export { writeAnyScheme } from "./schemes.js";
export { DEFAULT_POLICY, RETRYABLE_STATUSES, type RetryTuning } from "./retry.js";
export {
  type AccessTokenSource,
  isAccessTokenSource,
  MemoryTokenStore,
  type TokenRequestOptions,
  type TokenSet,
  type TokenStore,
  TokenUnavailableError,
} from "./tokens.js";
export { clientCredentials, type ClientCredentialsOptions, type ClientCredentialsSource } from "./client-credentials.js";
export {
  type AuthorizationRequest,
  createOidcSignIn,
  type OidcSignIn,
  type OidcSignInOptions,
  type PendingSignIn,
  type ProviderMetadata,
} from "./oidc.js";
export { poll, type PollOptions, PollTimeoutError } from "./poll.js";
export type {
  ContentOf,
  RequestContentOf,
  OperationApiError,
  OperationErrorBody,
  OperationErrorStatus,
  InputRenames,
  OperationInput,
  OperationResult,
  RequiredKeys,
} from "./types.js";
