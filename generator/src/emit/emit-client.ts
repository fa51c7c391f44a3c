/**
 * Emits the operation-named client of each product (`client.gen.ts`) and its entry point
 * (`index.ts`). Methods are thin: the request is built by `@mpkit/core` from a descriptor
 * table, so generated code stays declarative and easy to review in a diff.
 */
import type { GeneratedFile, Model, OperationModel, ProductModel } from "../model/model.js";
import { pascalCase, propertyKey, safeIdentifier } from "../model/names.js";
import { get, resolve } from "../model/json-pointer.js";
import { resolvedOperationTypes } from "./client-types.js";
import { errorFields } from "./error-fields.js";
import { clientSourceDir } from "./emit-types.js";
import { docComment, file, generatedHeader, literal, stringLiteral } from "./print.js";

function parseAs(op: OperationModel): "json" | "blob" | "text" {
  const success = op.responses.filter((r) => r.status.startsWith("2"));
  const types = success.map((r) => r.contentType).filter((t): t is string => t !== undefined);
  if (types.length === 0 || types.some((t) => /json/.test(t))) return "json";
  if (types.every((t) => t.startsWith("text/"))) return "text";
  return "blob";
}

/** Methods the runtime treats as safe to repeat when an operation says nothing else. */
const REPEATABLE_METHODS = new Set(["get", "head", "options", "put", "delete", "trace"]);

/**
 * The descriptor leaves out what the runtime knows without it (it ends up in every browser
 * bundle): path parameters (the route's own `{names}`), no query parameters, JSON answers,
 * and an idempotency that is the method's own.
 */
function descriptor(product: ProductModel): unknown {
  // No prototypes: an operation or scheme named `__proto__` is an entry like any other.
  const operations: Record<string, unknown> = Object.create(null);
  for (const op of product.operations) {
    const entry = (p: OperationModel["parameters"][number]) => (p.style === undefined ? p.name : [p.name, p.style]);
    const of = (where: string) => op.parameters.filter((p) => p.in === where);
    const queryParams = of("query").map(entry);
    const pathParams = of("path").some((p) => p.style !== undefined) ? of("path").map(entry) : [];
    const headerParams = of("header").filter((p) => p.style !== undefined).map(entry);
    const cookieParams = of("cookie").map(entry);
    const read = parseAs(op);
    // mpkit-spec (issue 16): renamed query/cookie inputs.
    const inputNames = renamedInputs(op);
    operations[op.operationId] = {
      method: op.method,
      path: op.path,
      ...(op.methodName !== op.operationId ? { methodName: op.methodName } : {}),
      ...(pathParams.length > 0 ? { pathParams } : {}),
      ...(queryParams.length > 0 ? { queryParams } : {}),
      ...(headerParams.length > 0 ? { headerParams } : {}),
      ...(cookieParams.length > 0 ? { cookieParams } : {}),
      ...(inputNames ? { inputNames } : {}),
      ...(read !== "json" ? { parseAs: read } : {}),
      ...(op.requestBody && op.requestBody.contentType !== "application/json" ? { requestContentType: op.requestBody.contentType } : {}),
      ...(op.requestBody?.encoding ? { requestEncoding: op.requestBody.encoding } : {}),
      security: op.security,
      ...(op.servers ? { servers: op.servers } : {}),
      ...(op.client.idempotent !== undefined && op.client.idempotent !== REPEATABLE_METHODS.has(op.method)
        ? { idempotent: op.client.idempotent }
        : {}),
      ...(op.client.idempotencyKeyHeader ? { idempotencyKeyHeader: op.client.idempotencyKeyHeader } : {}),
      ...(op.client.idempotencyField ? { idempotencyField: op.client.idempotencyField } : {}),
      ...(op.client.clientHeaders.length > 0 ? { clientHeaders: op.client.clientHeaders } : {}),
      ...(op.client.requiredHeaders.length > 0 ? { requiredHeaders: op.client.requiredHeaders } : {}),
      ...(op.client.policy ? { policy: op.client.policy } : {}),
      ...(op.client.poll ? { poll: op.client.poll } : {}),
    };
  }
  // Only schemes the client can use: those of webhooks are how MobilePay calls the merchant.
  const used = new Set(product.operations.flatMap((op) => op.security.flat()));
  const securitySchemes: Record<string, unknown> = Object.create(null);
  for (const [name, scheme] of Object.entries(product.securitySchemes)) {
    if (!used.has(name)) continue;
    const { description: _omit, ...rest } = scheme;
    securitySchemes[name] = rest;
  }
  return {
    name: product.name,
    title: product.title,
    environments: Object.fromEntries(product.environments.map((e) => [e.name, e.url])),
    ...(Object.keys(product.serverVariables).length > 0 ? { serverVariables: product.serverVariables } : {}),
    securitySchemes,
    ...(product.correlationHeader ? { correlationHeader: product.correlationHeader } : {}),
    ...(product.clientPolicy ? { policy: product.clientPolicy } : {}),
    ...(errorFields(product) ? { errorFields: errorFields(product) } : {}),
    operations,
  };
}

/** `{ query: { id: "queryId" } }` for query and cookie parameters whose input property is renamed. */
function renamedInputs(op: OperationModel): { query?: Record<string, string>; cookie?: Record<string, string> } | undefined {
  const renamed = op.parameters.filter((p) => p.inputName !== undefined && (p.in === "query" || p.in === "cookie"));
  if (renamed.length === 0) return undefined;
  const result: { query?: Record<string, string>; cookie?: Record<string, string> } = {};
  for (const p of renamed) (result[p.in as "query" | "cookie"] ??= Object.create(null) as Record<string, string>)[p.name] = p.inputName!;
  return result;
}

/** `{ getOrder: { query: { id: "queryId" } } }`: the input renames per operation, for the input types. */
function inputRenamesMap(product: ProductModel): string {
  const entries = product.operations.flatMap((op) => {
    const renames = renamedInputs(op);
    return renames ? [`  ${propertyKey(op.operationId)}: ${literal(renames, "  ")};`] : [];
  });
  return entries.length === 0 ? "{}" : ["{", ...entries, "}"].join("\n");
}

/** Header parameters the client fills itself: its idempotency key, client-level headers, and headers a credential sends. */
function filledHeaders(op: OperationModel): string[] {
  return [
    ...(op.client.idempotencyKeyHeader ? [op.client.idempotencyKeyHeader] : []),
    ...op.client.clientHeaders,
    ...(op.client.credentialHeaders ?? []),
  ];
}

/** Whether the input object of a method may be left out. */
export function inputRequired(op: OperationModel): boolean {
  const filled = new Set(filledHeaders(op));
  return (
    op.parameters.some((p) => p.required && !(p.in === "header" && filled.has(p.name))) ||
    op.requestBody?.required === true
  );
}

/** `OperationInput<operations["id"], …>`: the generic form, for an operation whose input is not written out. */
function genericInput(product: ProductModel, op: OperationModel): string {
  const P = product.pascalName;
  const id = stringLiteral(op.operationId);
  const filled = filledHeaders(op).length > 0 ? `${P}FilledHeaders[${id}]` : "never";
  return `OperationInput<operations[${id}], ${filled}${renamedInputs(op) ? `, ${P}InputRenames[${id}]` : ""}>`;
}

function inputType(product: ProductModel, op: OperationModel): string {
  return `${product.pascalName}OperationInput<${stringLiteral(op.operationId)}>`;
}

/** `{ createPayment: "x-key" | "x-version" }` for operations with client-filled headers. */
function filledHeadersMap(product: ProductModel): string {
  const entries = product.operations
    .filter((op) => filledHeaders(op).length > 0)
    .map((op) => `  ${propertyKey(op.operationId)}: ${filledHeaders(op).map(stringLiteral).join(" | ")};`);
  return entries.length === 0 ? "{}" : ["{", ...entries, "}"].join("\n");
}

function methodDoc(op: OperationModel, indent: string): string {
  const firstParagraph = op.description?.split(/\n\s*\n/)[0];
  const renamed =
    op.methodName === op.operationId
      ? undefined
      : op.methodName === `${op.operationId}_`
        ? `Operation \`${op.operationId}\` of the spec (renamed: an object must not carry that member).`
        : `Operation \`${op.operationId}\` of the spec (method name made a camelCase identifier, or set by \`x-mpkit-method-name\`).`;
  return docComment(
    [op.summary, firstParagraph, `\`${op.method.toUpperCase()} ${op.path}\``, renamed, op.deprecated ? "@deprecated" : undefined],
    indent,
  );
}

function reservedNames(product: ProductModel): Set<string> {
  const p = product.pascalName;
  return new Set([
    `${p}Client`,
    `${p}ClientConfig`,
    `${p}ServerVariable`,
    `${p}Environment`,
    `${p}SecurityScheme`,
    `${p}OperationId`,
    `${p}OperationInput`,
    `${p}OperationResult`,
    `${p}OperationInputs`,
    `${p}OperationResults`,
    `${p}InputRenames`,
    `${p}OperationError`,
    `${p}ApiError`,
    `${p}FilledHeaders`,
    "paths",
    "components",
    "operations",
    "webhooks",
    // Global names an alias would shadow for everyone importing it.
    ...["Array", "Blob", "Boolean", "Date", "Error", "Function", "Headers", "Map", "Number", "Object", "Promise"],
    ...["Record", "Request", "Response", "Set", "String", "Symbol", "URL"],
    // Global names the written-out operation types use.
    ...["NonNullable", "FormData", "URLSearchParams"],
  ]);
}

function schemaAliases(product: ProductModel): string[] {
  const taken = reservedNames(product);
  const lines: string[] = [];
  for (const name of product.schemaNames) {
    let alias = safeIdentifier(pascalCase(name) === name ? name : pascalCase(name));
    while (taken.has(alias)) alias = `${alias}Schema`;
    taken.add(alias);
    lines.push(`export type ${alias} = components["schemas"][${stringLiteral(name)}];`);
  }
  for (const hook of [...product.webhooks, ...(product.callbacks ?? [])]) {
    if (!hook.requestBody) continue;
    let alias = `${pascalCase(hook.name)}Payload`;
    while (taken.has(alias)) alias = `${alias}_`;
    taken.add(alias);
    const what = hook.callback ? `callback of \`${hook.callback.operationId}\` (to \`${hook.callback.expression}\`)` : "webhook";
    lines.push(...docComment(`Body of the \`${hook.name}\` ${what}: ${hook.summary}`).split("\n").filter(Boolean));
    lines.push(
      `export type ${alias} = NonNullable<webhooks[${stringLiteral(hook.name)}][${stringLiteral(hook.method)}]["requestBody"]>["content"][${stringLiteral(hook.requestBody.contentType)}];`,
    );
  }
  return lines;
}

function stateMachines(product: ProductModel): string[] {
  if (product.stateMachines.length === 0) return [];
  const machines = Object.fromEntries(
    product.stateMachines.map(({ schema, ...machine }) => [schema, machine]),
  );
  return [
    docComment([
      `The state machines of the ${product.title}'s status enums (from \`x-mpkit-state-machine\`).`,
      `@example\nconst done = (${product.camelName}StateMachines.${product.stateMachines[0]!.schema}.final as readonly string[]).includes(status);`,
    ]).trimEnd(),
    `export const ${product.camelName}StateMachines = ${literal(machines)} as const;`,
    "",
  ];
}

function serverVariableNames(product: ProductModel): string {
  const names = [...new Set(Object.values(product.serverVariables).flatMap((variables) => Object.keys(variables)))];
  return names.length === 0 ? "never" : names.map(stringLiteral).join(" | ");
}

/** Whether the schema at `pointer` can hold an array or an object (following `$ref` and compositions). */
function structured(document: unknown, pointer: string, depth = 0): boolean {
  if (depth > 10) return true;
  const { node } = resolve(document, get(document, pointer), pointer);
  if (node === null || typeof node !== "object") return false;
  const schema = node as Record<string, unknown>;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("array") || types.includes("object") || ["items", "prefixItems", "properties", "additionalProperties"].some((k) => k in schema)) return true;
  return ["allOf", "anyOf", "oneOf"].some(
    (keyword) => Array.isArray(schema[keyword]) && (schema[keyword] as unknown[]).some((_, i) => structured(document, `${pointer}/${keyword}/${i}`, depth + 1)),
  );
}

/** Whether some parameter is not a single value in its location's default style (its client then needs `styled`). */
function styledParameters(product: ProductModel): boolean {
  return product.operations.some((op) => op.parameters.some((p) => p.style !== undefined || structured(product.document, p.schemaPointer)));
}

/**
 * Whether an operation's request body is in another media type than JSON (a form, multipart,
 * bytes, a JSON variant): its client then needs `writeBody` (the runtime itself sends JSON).
 */
function sendsOtherBodies(product: ProductModel): boolean {
  return product.operations.some((op) => op.requestBody !== undefined && op.requestBody.contentType !== "application/json");
}

/**
 * Whether a security scheme the operations use is more than an API key in a header or a bearer
 * token (its client then needs `writeAnyScheme`): API keys in the query or a cookie, HTTP basic
 * or another HTTP scheme.
 */
function otherSchemes(product: ProductModel): boolean {
  const used = new Set(product.operations.flatMap((op) => op.security.flat()));
  return Object.entries(product.securitySchemes).some(
    ([name, scheme]) => used.has(name) && (scheme.type === "apiKey" ? scheme.in !== "header" : scheme.type === "http" && scheme.scheme !== "bearer"),
  );
}

/**
 * Whether calls need `shapeInput`: header parameters written in styles, idempotency keys, or
 * cookie parameters (other clients copy `input.headers` as they are).
 */
function shapesInput(product: ProductModel, styles: boolean): boolean {
  return styles || product.operations.some((op) => op.client.idempotencyKeyHeader || op.parameters.some((p) => p.in === "cookie"));
}

function emitClient(product: ProductModel): string {
  const P = product.pascalName;
  const forms = sendsOtherBodies(product);
  const variables = Object.keys(product.serverVariables).length > 0;
  const styles = styledParameters(product);
  const inputs = shapesInput(product, styles);
  const schemes = otherSchemes(product);
  const extras = [
    ...(forms ? ["bodies: writeBody"] : []),
    ...(variables ? ["servers: fillServer"] : []),
    ...(styles ? ["styles: styled"] : []),
    ...(inputs ? ["inputs: shapeInput"] : []),
    ...(schemes ? ["schemes: writeAnyScheme"] : []),
  ];
  const c = product.camelName;
  const interfaceMembers = product.operations.flatMap((op) => [
    methodDoc(op, "  ").trimEnd(),
    `  ${propertyKey(op.methodName)}(input${inputRequired(op) ? "" : "?"}: ${inputType(product, op)}, options?: CallOptions): Promise<${P}OperationResult<${stringLiteral(op.operationId)}>>;`,
  ]);
  const pollable = product.operations.filter((op) => op.client.poll);
  const pollMembers = pollable.flatMap((op) => [
    docComment(
      [
        `Polls \`${op.operationId}\` until \`options.until\` holds${op.client.poll?.finalStates ? ` (default: \`${op.client.poll.stateField}\` is ${op.client.poll.finalStates.map((s) => `\`${s}\``).join(", ")})` : ""}, waiting at least \`${op.client.poll!.delayField}\` milliseconds between calls.`,
        "Stops with a `PollTimeoutError` after `options.maxWaitMs`, or an `AbortedError` when `options.signal` aborts.",
      ],
      "    ",
    ).trimEnd(),
    `    ${propertyKey(op.methodName)}(input${inputRequired(op) ? "" : "?"}: ${inputType(product, op)}, options?: PollOptions<${P}OperationResult<${stringLiteral(op.operationId)}>>): Promise<${P}OperationResult<${stringLiteral(op.operationId)}>>;`,
  ]);
  const pollImpl = pollable.map(
    (op) =>
      `      ${propertyKey(op.methodName)}: (input, options) => poll(${stringLiteral(op.operationId)}, input, options as PollOptions<unknown> | undefined) as Promise<${P}OperationResult<${stringLiteral(op.operationId)}>>,`,
  );
  return file([
    generatedHeader(product.specFile),
    "",
    "import {",
    "  type CallOptions,",
    "  type ClientConfig,",
    "  type OperationApiError,",
    "  type OperationErrorBody,",
    "  type OperationInput,",
    "  type OperationResult,",
    ...(pollable.length > 0 ? ["  type FlatInput,", "  type PollOptions,"] : []),
    "  type ProductDescriptor,",
    "  createProductRuntime,",
    "  createRawClient,",
    ...(variables ? ["  fillServer,"] : []),
    "  isMpkitError,",
    "  operationMethods,",
    ...(styles ? ["  styled,"] : []),
    ...(pollable.length > 0 ? ["  pollOperation,"] : []),
    ...(inputs ? ["  shapeInput,"] : []),
    ...(schemes ? ["  writeAnyScheme,"] : []),
    ...(forms ? ["  writeBody,"] : []),
    '} from "@mpkit/core";',
    'import type { Client } from "openapi-fetch";',
    'import type { components, operations, paths, webhooks } from "./schema.gen.js";',
    "",
    docComment(`How the ${product.title} is reached: environments, security schemes and one entry per operation.`).trimEnd(),
    `export const ${c}Product = ${literal(descriptor(product))} as const satisfies ProductDescriptor;`,
    "",
    `export type ${P}Environment = keyof typeof ${c}Product.environments;`,
    `export type ${P}SecurityScheme = keyof typeof ${c}Product.securitySchemes;`,
    `/** Variables of the server URLs, set with \`serverVariables\` in the client configuration. */`,
    `export type ${P}ServerVariable = ${serverVariableNames(product)};`,
    `export type ${P}ClientConfig = ClientConfig<${P}Environment, ${P}SecurityScheme, ${P}ServerVariable>;`,
    `/** Operations callable through the client (webhooks, which MobilePay calls, are not among them). */`,
    `export type ${P}OperationId = keyof typeof ${c}Product.operations;`,
    "/** Header parameters the client fills itself, per operation (idempotency keys, client-level headers). */",
    `export type ${P}FilledHeaders = ${filledHeadersMap(product)};`,
    ...(inputRenamesMap(product) === "{}"
      ? []
      : [
          "/** Query and cookie parameters whose input property is renamed because a path parameter (or another input) has their name. */",
          `export type ${P}InputRenames = ${inputRenamesMap(product)};`,
        ]),
    ...resolvedOperationTypes(product, filledHeaders, (op) => genericInput(product, op)),
    "/** What an operation-named method takes: path, query and cookie parameters flattened, `headers`, `body`. */",
    `export type ${P}OperationInput<K extends ${P}OperationId> = ${P}OperationInputs[K];`,
    "/** What an operation-named method resolves to: the body of its 2xx response(s). */",
    `export type ${P}OperationResult<K extends ${P}OperationId> = ${P}OperationResults[K];`,
    "/** The documented error bodies of an operation (any status). */",
    `export type ${P}OperationError<K extends ${P}OperationId> = OperationErrorBody<operations[K]>;`,
    "/** The `ApiError`s of an operation, one member per documented status: checking `status` narrows `body`. */",
    `export type ${P}ApiError<K extends ${P}OperationId> = OperationApiError<operations[K]>;`,
    "",
    docComment([`Operation-named client for the ${product.title}.`, "Each method resolves to the parsed 2xx body and rejects with an `MpkitError` subclass."]).trimEnd(),
    `export interface ${P}Client {`,
    ...interfaceMembers,
    ...(pollable.length > 0
      ? ["  /** Polling helpers for the operations the spec marks with `x-mpkit-poll`. */", "  readonly poll: {", ...pollMembers, "  };"]
      : []),
    "}",
    "",
    docComment([
      `Creates a client for the ${product.title}.`,
      `@example\nconst ${c} = create${P}Client({ environment: ${stringLiteral(product.environments[0]?.name ?? "sandbox")}, credentials: { /* by security scheme */ } });`,
    ]).trimEnd(),
    `export function create${P}Client(config: ${P}ClientConfig = {}): ${P}Client {`,
    `  const runtime = createProductRuntime(${c}Product, config${extras.length > 0 ? `, { ${extras.join(", ")} }` : ""});`,
    "  // One method per operation, made by the runtime from the descriptor (less code to ship).",
    `  const methods = operationMethods(${c}Product, runtime) as unknown as ${pollable.length > 0 ? `Omit<${P}Client, "poll">` : `${P}Client`};`,
    ...(pollable.length > 0
      ? [
          `  const poll = (operationId: string, input: object | undefined, options: PollOptions<unknown> | undefined): Promise<unknown> =>`,
          `    pollOperation(${c}Product, runtime, operationId, input as FlatInput | undefined, options);`,
        ]
      : []),
    ...(pollable.length > 0
      ? ["  return {", "    ...methods,", "    poll: {", ...pollImpl, "    },", "  };"]
      : ["  return methods;"]),
    "}",
    "",
    docComment([
      `Creates the underlying openapi-fetch client of the ${product.title} (\`{ data, error, response }\` style), with the base URL, credentials, headers, correlation ids and redirect rules of \`create${P}Client\`, but no retries or timeouts.`,
      "A function of its own, so that bundles without it leave openapi-fetch's client out.",
    ]).trimEnd(),
    `export function create${P}RawClient(config: ${P}ClientConfig = {}): Client<paths> {`,
    `  return createRawClient<paths>(${c}Product, config${variables ? ", fillServer" : ""});`,
    "}",
    "",
    docComment(
      `Narrows an error thrown by a ${product.title} method to the \`ApiError\`s of that operation; then checking \`status\` narrows \`body\` to that status's documented error body.`,
    ).trimEnd(),
    `export function is${P}ApiError<K extends ${P}OperationId>(error: unknown, operationId?: K): error is ${P}ApiError<K> {`,
    '  return isMpkitError(error) && error.kind === "api" && (operationId === undefined || error.operationId === operationId);',
    "}",
    "",
    ...stateMachines(product),
    "// Named types for every schema and webhook payload of the spec.",
    ...schemaAliases(product),
  ]);
}

function emitIndex(product: ProductModel): string {
  return file([
    generatedHeader(product.specFile),
    "",
    'export * from "./client.gen.js";',
    'export type { components, operations, paths, webhooks } from "./schema.gen.js";',
    "export {",
    "  AbortedError,",
    "  ApiError,",
    "  type AttemptInfo,",
    "  type CallOptions,",
    "  type ClientError,",
    "  ConfigurationError,",
    "  CredentialProviderError,",
    "  InvalidInputError,",
    "  isMpkitError,",
    "  MissingCredentialsError,",
    "  MpkitError,",
    "  NetworkError,",
    "  PollTimeoutError,",
    "  RedirectError,",
    "  ResponseParseError,",
    "  TimeoutError,",
    '} from "@mpkit/core";',
  ]);
}

export function emitClients(model: Model): GeneratedFile[] {
  return model.products.flatMap((product) => [
    { path: `${clientSourceDir(product)}/client.gen.ts`, product: product.name, contents: emitClient(product) },
    { path: `${clientSourceDir(product)}/index.ts`, product: product.name, contents: emitIndex(product) },
  ]);
}
