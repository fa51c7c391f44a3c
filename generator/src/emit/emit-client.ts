/**
 * Emits the operation-named client of each product (`client.gen.ts`) and its entry point
 * (`index.ts`). Methods are thin: the request is built by `@mpkit/core` from a descriptor
 * table, so generated code stays declarative and easy to review in a diff.
 */
import type { GeneratedFile, Model, OperationModel, ProductModel } from "../model/model.js";
import { pascalCase, propertyKey, safeIdentifier } from "../model/names.js";
import { clientSourceDir } from "./emit-types.js";
import { docComment, file, generatedHeader, literal, stringLiteral } from "./print.js";

function parseAs(op: OperationModel): "json" | "blob" | "text" {
  const success = op.responses.filter((r) => r.status.startsWith("2"));
  const types = success.map((r) => r.contentType).filter((t): t is string => t !== undefined);
  if (types.length === 0 || types.some((t) => /json/.test(t))) return "json";
  if (types.every((t) => t.startsWith("text/"))) return "text";
  return "blob";
}

function descriptor(product: ProductModel): unknown {
  const operations: Record<string, unknown> = {};
  for (const op of product.operations) {
    operations[op.operationId] = {
      method: op.method,
      path: op.path,
      pathParams: op.parameters.filter((p) => p.in === "path").map((p) => p.name),
      queryParams: op.parameters.filter((p) => p.in === "query").map((p) => p.name),
      parseAs: parseAs(op),
      security: op.security,
    };
  }
  // Only schemes the client can use: those of webhooks are how MobilePay calls the merchant.
  const used = new Set(product.operations.flatMap((op) => op.security.flat()));
  const securitySchemes: Record<string, unknown> = {};
  for (const [name, scheme] of Object.entries(product.securitySchemes)) {
    if (!used.has(name)) continue;
    const { description: _omit, ...rest } = scheme;
    securitySchemes[name] = rest;
  }
  return {
    name: product.name,
    title: product.title,
    environments: Object.fromEntries(product.environments.map((e) => [e.name, e.url])),
    securitySchemes,
    ...(product.correlationHeader ? { correlationHeader: product.correlationHeader } : {}),
    operations,
  };
}

/** Whether the input object of a method may be left out. */
export function inputRequired(op: OperationModel): boolean {
  return op.parameters.some((p) => p.required && p.in !== "cookie") || op.requestBody?.required === true;
}

function methodDoc(op: OperationModel, indent: string): string {
  const firstParagraph = op.description?.split(/\n\s*\n/)[0];
  return docComment(
    [op.summary, firstParagraph, `\`${op.method.toUpperCase()} ${op.path}\``, op.deprecated ? "@deprecated" : undefined],
    indent,
  );
}

function reservedNames(product: ProductModel): Set<string> {
  const p = product.pascalName;
  return new Set([
    `${p}Client`,
    `${p}ClientConfig`,
    `${p}Environment`,
    `${p}SecurityScheme`,
    `${p}OperationId`,
    `${p}OperationInput`,
    `${p}OperationResult`,
    `${p}OperationError`,
    `${p}ApiError`,
    "paths",
    "components",
    "operations",
    "webhooks",
    // Global names an alias would shadow for everyone importing it.
    ...["Array", "Blob", "Boolean", "Date", "Error", "Function", "Headers", "Map", "Number", "Object", "Promise"],
    ...["Record", "Request", "Response", "Set", "String", "Symbol", "URL"],
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
  for (const hook of product.webhooks) {
    if (!hook.requestBody) continue;
    let alias = `${pascalCase(hook.name)}Payload`;
    while (taken.has(alias)) alias = `${alias}_`;
    taken.add(alias);
    lines.push(...docComment(`Body of the \`${hook.name}\` webhook: ${hook.summary}`).split("\n").filter(Boolean));
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

function emitClient(product: ProductModel): string {
  const P = product.pascalName;
  const c = product.camelName;
  const interfaceMembers = product.operations.flatMap((op) => [
    methodDoc(op, "  ").trimEnd(),
    `  ${propertyKey(op.operationId)}(input${inputRequired(op) ? "" : "?"}: OperationInput<operations[${stringLiteral(op.operationId)}]>, options?: CallOptions): Promise<OperationResult<operations[${stringLiteral(op.operationId)}]>>;`,
  ]);
  const implMembers = product.operations.map(
    (op) => `    ${propertyKey(op.operationId)}: (input, options) => call(${stringLiteral(op.operationId)}, input, options),`,
  );
  return file([
    generatedHeader(product.specFile),
    "",
    "import {",
    "  type ApiError,",
    "  type CallOptions,",
    "  type ClientConfig,",
    "  type OperationErrorBody,",
    "  type OperationInput,",
    "  type OperationResult,",
    "  type ProductDescriptor,",
    "  createProductRuntime,",
    "  isMpkitError,",
    '} from "@mpkit/core";',
    'import type { Client } from "openapi-fetch";',
    'import type { components, operations, paths, webhooks } from "./schema.gen.js";',
    "",
    docComment(`How the ${product.title} is reached: environments, security schemes and one entry per operation.`).trimEnd(),
    `export const ${c}Product = ${literal(descriptor(product))} as const satisfies ProductDescriptor;`,
    "",
    `export type ${P}Environment = keyof typeof ${c}Product.environments;`,
    `export type ${P}SecurityScheme = keyof typeof ${c}Product.securitySchemes;`,
    `export type ${P}ClientConfig = ClientConfig<${P}Environment, ${P}SecurityScheme>;`,
    `/** Operations callable through the client (webhooks, which MobilePay calls, are not among them). */`,
    `export type ${P}OperationId = keyof typeof ${c}Product.operations;`,
    `export type ${P}OperationInput<K extends ${P}OperationId> = OperationInput<operations[K]>;`,
    `export type ${P}OperationResult<K extends ${P}OperationId> = OperationResult<operations[K]>;`,
    `export type ${P}OperationError<K extends ${P}OperationId> = OperationErrorBody<operations[K]>;`,
    "",
    docComment([`Operation-named client for the ${product.title}.`, "Each method resolves to the parsed 2xx body and rejects with an `MpkitError` subclass."]).trimEnd(),
    `export interface ${P}Client {`,
    "  /** The underlying openapi-fetch client, with the same base URL, credentials and headers. */",
    "  readonly raw: Client<paths>;",
    ...interfaceMembers,
    "}",
    "",
    docComment([
      `Creates a client for the ${product.title}.`,
      `@example\nconst ${c} = create${P}Client({ environment: ${stringLiteral(product.environments[0]?.name ?? "sandbox")}, credentials: { /* by security scheme */ } });`,
    ]).trimEnd(),
    `export function create${P}Client(config: ${P}ClientConfig = {}): ${P}Client {`,
    `  const runtime = createProductRuntime<paths>(${c}Product, config);`,
    `  const call = runtime.call as unknown as <K extends ${P}OperationId>(`,
    "    operationId: K,",
    "    input: OperationInput<operations[K]> | undefined,",
    "    options: CallOptions | undefined,",
    "  ) => Promise<OperationResult<operations[K]>>;",
    "  return {",
    "    raw: runtime.raw,",
    ...implMembers,
    "  };",
    "}",
    "",
    docComment(
      `Narrows an error thrown by a ${product.title} method to an \`ApiError\` carrying that operation's documented error bodies.`,
    ).trimEnd(),
    `export function is${P}ApiError<K extends ${P}OperationId>(error: unknown, operationId?: K): error is ApiError<OperationErrorBody<operations[K]>> {`,
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
    "  type CallOptions,",
    "  type ClientError,",
    "  CredentialProviderError,",
    "  InvalidInputError,",
    "  isMpkitError,",
    "  MissingCredentialsError,",
    "  MpkitError,",
    "  NetworkError,",
    "  ResponseParseError,",
    '} from "@mpkit/core";',
  ]);
}

export function emitClients(model: Model): GeneratedFile[] {
  return model.products.flatMap((product) => [
    { path: `${clientSourceDir(product)}/client.gen.ts`, product: product.name, contents: emitClient(product) },
    { path: `${clientSourceDir(product)}/index.ts`, product: product.name, contents: emitIndex(product) },
  ]);
}
