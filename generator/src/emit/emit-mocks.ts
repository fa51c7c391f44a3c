/**
 * Emits the MSW mock modules: per product the bundled document (for request validation)
 * and an operation table whose examples are checked against the generated types with
 * `satisfies`; plus one module and package.json that gather every product.
 */
import type { GeneratedFile, Model, OperationModel, ProductModel, ResponseModel } from "../model/model.js";
import { propertyAccess, propertyKey } from "../model/names.js";
import { docComment, file, generatedHeader, literal, quotedKey, statusIndex, stringLiteral } from "./print.js";
import { validationDocument } from "./validation-document.js";

const REGISTRY = "redocly.yaml";

function exampleType(op: OperationModel, response: ResponseModel): string {
  if (response.component) {
    return `components["responses"][${stringLiteral(response.component)}]["content"][${stringLiteral(response.contentType ?? "")}]`;
  }
  return `operations[${stringLiteral(op.operationId)}]["responses"][${statusIndex(response.status)}]["content"][${stringLiteral(response.contentType ?? "")}]`;
}

/** Content type, schema and typed examples of a response, as object members at `indent`. */
function responseBody(op: OperationModel, response: ResponseModel, indent: string): string[] {
  const lines: string[] = [];
  if (response.contentType) lines.push(`${indent}contentType: ${stringLiteral(response.contentType)},`);
  if (response.schemaPointer) lines.push(`${indent}schema: ${stringLiteral(response.schemaPointer)},`);
  if (response.contentType && response.examples.length > 0) {
    lines.push(`${indent}examples: {`);
    for (const example of response.examples) {
      lines.push(`${indent}  ${quotedKey(example.name)}: ${literal(example.value, `${indent}  `)} satisfies ${exampleType(op, response)},`);
    }
    lines.push(`${indent}},`);
  } else {
    lines.push(`${indent}examples: {},`);
  }
  return lines;
}

function responseEntry(op: OperationModel, response: ResponseModel, indent: string, sharedName: string): string {
  if (response.component) {
    return `${indent}{ status: ${stringLiteral(response.status)}, ...${sharedName}${propertyAccess(response.component)} },`;
  }
  return [`${indent}{`, `${indent}  status: ${stringLiteral(response.status)},`, ...responseBody(op, response, `${indent}  `), `${indent}},`].join("\n");
}

/** Responses defined once under `components.responses` are printed once, not per operation. */
function sharedResponses(product: ProductModel, sharedName: string): string[] {
  const seen = new Map<string, [OperationModel, ResponseModel]>();
  for (const op of product.operations) {
    for (const r of op.responses) if (r.component && !seen.has(r.component)) seen.set(r.component, [op, r]);
  }
  if (seen.size === 0) return [];
  return [
    `const ${sharedName} = {`,
    ...[...seen.entries()].flatMap(([name, [op, r]]) => [`  ${propertyKey(name)}: {`, ...responseBody(op, r, "    "), "  },"]),
    '} satisfies Record<string, Omit<MockResponse, "status">>;',
    "",
  ];
}

/** The component a parameter was declared as (`#/components/parameters/<name>/…`), if any. */
function parameterComponent(pointer: string): string | undefined {
  const name = /^#\/components\/parameters\/([^/]+)\//.exec(pointer)?.[1];
  return name?.replace(/~1/g, "/").replace(/~0/g, "~");
}

function parameterEntry(p: OperationModel["parameters"][number]) {
  return { name: p.name, in: p.in, required: p.required, schema: p.schemaPointer };
}

/** Parameters defined once under `components.parameters` are printed once, not per operation. */
function sharedParameters(product: ProductModel, sharedName: string): string[] {
  const seen = new Map<string, ReturnType<typeof parameterEntry>>();
  for (const op of product.operations) {
    for (const p of op.parameters) {
      const component = parameterComponent(p.schemaPointer);
      if (component !== undefined && !seen.has(component)) seen.set(component, parameterEntry(p));
    }
  }
  if (seen.size === 0) return [];
  return [
    `const ${sharedName} = {`,
    ...[...seen.entries()].map(([name, entry]) => `  ${propertyKey(name)}: ${literal(entry, "  ")},`),
    "} satisfies Record<string, MockParameter>;",
    "",
  ];
}

function operationEntry(op: OperationModel, sharedName: string, sharedParametersName: string): string {
  const parameters = op.parameters
    .map((p) => {
      const component = parameterComponent(p.schemaPointer);
      if (component === undefined) return literal(parameterEntry(p), "      ");
      return `${sharedParametersName}${propertyAccess(component)}`;
    });
  const lines = [
    "  {",
    `    operationId: ${stringLiteral(op.operationId)},`,
    `    method: ${stringLiteral(op.method)},`,
    `    path: ${stringLiteral(op.path)},`,
    parameters.length === 0 ? "    parameters: []," : `    parameters: [\n${parameters.map((p) => `      ${p},`).join("\n")}\n    ],`,
  ];
  if (op.requestBody) {
    const { required, contentType, schemaPointer } = op.requestBody;
    lines.push(`    requestBody: ${literal({ required, contentType, schema: schemaPointer }, "    ")},`);
  }
  lines.push(`    security: ${literal(op.security, "    ")},`);
  if (op.servers) lines.push(`    servers: ${literal(op.servers, "    ")},`);
  if (op.resource) lines.push(`    resource: ${literal(op.resource, "    ")},`);
  const rules = mockRules(op);
  if (rules.length > 0) lines.push(`    rules: ${literal(rules, "    ")},`);
  if (op.rateLimit) lines.push(`    rateLimit: ${literal(op.rateLimit, "    ")},`);
  lines.push("    responses: [");
  for (const response of op.responses) {
    if (/^[1-5][0-9][0-9]$/.test(response.status)) lines.push(responseEntry(op, response, "      ", sharedName));
  }
  lines.push("    ],", "  },");
  return lines.join("\n");
}

/** The rules as the engine evaluates them: id, check, and the status and code of each error. */
function mockRules(op: OperationModel): unknown[] {
  return op.rules.map((raw) => {
    const rule = raw as { id: string; check: unknown; errors?: { status: number; code?: string }[] };
    return { id: rule.id, check: rule.check, errors: (rule.errors ?? []).map((e) => ({ status: e.status, ...(e.code !== undefined ? { code: e.code } : {}) })) };
  });
}

function handlersModule(product: ProductModel): string {
  const c = product.camelName;
  const securitySchemes = Object.fromEntries(
    Object.entries(product.securitySchemes).map(([name, { description: _omit, ...rest }]) => [name, rest]),
  );
  const mock = {
    name: product.name,
    title: product.title,
    environments: Object.fromEntries(product.environments.map((e) => [e.name, e.url])),
    securitySchemes,
    ...(product.correlationHeader ? { correlationHeader: product.correlationHeader } : {}),
    errors: product.mockErrors,
  };
  const base = literal(mock).replace(/\n}$/, "");
  const shared = `${c}SharedResponses`;
  return file([
    generatedHeader(product.specFile),
    "",
    `import type { components, operations } from ${stringLiteral(product.packageName)};`,
    'import type { HttpHandler } from "msw";',
    "import {",
    "  createProductHandlers,",
    "  createProductMock,",
    "  type MockOperation,",
    ...(sharedParameters(product, "").length > 0 ? ["  type MockParameter,"] : []),
    "  type MockResponse,",
    "  type ProductMock,",
    "  type ProductMockInstance,",
    "  type StatefulMockOptions,",
    '} from "../runtime/index.js";',
    'import { document } from "./document.gen.js";',
    "",
    ...sharedResponses(product, shared),
    ...sharedParameters(product, `${c}SharedParameters`),
    `const ${c}Operations = [`,
    ...product.operations.map((op) => operationEntry(op, shared, `${c}SharedParameters`)),
    "] satisfies MockOperation[];",
    "",
    docComment(`Everything the mock of the ${product.title} answers with.`).trimEnd(),
    `export const ${c}Mock: ProductMock = ${base}`,
    "  document,",
    `  operations: ${c}Operations,`,
    ...webhookPointers(product),
    ...stateTables(product),
    "};",
    "",
    docComment([
      `MSW handlers for every operation of the ${product.title}.`,
      `@example\nconst server = setupServer(...${c}Handlers());`,
    ]).trimEnd(),
    `export function ${c}Handlers(options?: StatefulMockOptions): HttpHandler[] {`,
    `  return createProductHandlers(${c}Mock, options);`,
    "}",
    "",
    ...seedType(product),
    docComment([
      `A stateful mock of the ${product.title}: its handlers plus reset, seed, snapshot/restore, the clock and the webhook delivery log.`,
      `@example\nconst mock = create${product.pascalName}Mock();\nconst server = setupServer(...mock.handlers);`,
    ]).trimEnd(),
    `export function create${product.pascalName}Mock(options?: StatefulMockOptions): ProductMockInstance<${product.pascalName}MockSeed> {`,
    `  return createProductMock<${product.pascalName}MockSeed>(${c}Mock, options);`,
    "}",
  ]);
}

/** `seed()`'s argument: per resource kind, representations as the read operation answers them. */
function seedType(product: ProductModel): string[] {
  const members = Object.keys(product.resources).map((kind) => {
    const read = product.operations.find((op) => op.resource?.resource === kind && op.resource.role === "read" && op.path.endsWith(`{${op.resource.param}}`))
      ?? product.operations.find((op) => op.resource?.resource === kind && op.resource.role === "read");
    const response = read?.responses.find((r) => /^2\d\d$/.test(r.status) && r.contentType);
    const type = read && response ? exampleType(read, response) : "Record<string, unknown>";
    return `  ${propertyKey(kind)}?: readonly Partial<${type}>[];`;
  });
  return [
    docComment(`What \`create${product.pascalName}Mock().seed()\` accepts: stored resources by kind.`).trimEnd(),
    members.length === 0 ? `export type ${product.pascalName}MockSeed = Record<string, never>;` : `export interface ${product.pascalName}MockSeed {\n${members.join("\n")}\n}`,
    "",
  ];
}

/** The resource kinds and state machines the stateful engine runs on. */
function stateTables(product: ProductModel): string[] {
  const lines: string[] = [];
  const deliveries = Object.fromEntries(
    product.webhooks.map((h) => [
      h.name,
      {
        method: h.method,
        ...(h.requestBody ? { contentType: h.requestBody.contentType, example: h.requestBody.examples[0]?.value } : {}),
        ...(h.retryDelaysSeconds ? { retryDelaysSeconds: h.retryDelaysSeconds } : {}),
      },
    ]),
  );
  if (product.webhooks.length > 0) lines.push(`  deliveries: ${literal(deliveries, "  ")},`);
  if (Object.keys(product.resources).length > 0) lines.push(`  resources: ${literal(product.resources, "  ")},`);
  const machines = Object.fromEntries(
    product.stateMachines.map((m) => [
      m.schema,
      {
        initial: m.initial,
        final: m.final,
        transitions: m.transitions.map(({ trigger: _omit, ...t }) => t),
        ...(m.refuse ? { refuse: m.refuse } : {}),
      },
    ]),
  );
  if (product.stateMachines.length > 0) lines.push(`  machines: ${literal(machines, "  ")},`);
  return lines;
}

/** `webhooks: { name: pointer }` for webhooks with a body, so receivers can validate payloads. */
function webhookPointers(product: ProductModel): string[] {
  const hooks = product.webhooks.filter((h) => h.requestBody);
  if (hooks.length === 0) return [];
  return [
    "  webhooks: {",
    ...hooks.map((h) => `    ${propertyKey(h.name)}: ${stringLiteral(h.requestBody!.schemaPointer)},`),
    "  },",
  ];
}

function documentModule(product: ProductModel): string {
  return file([
    generatedHeader(product.specFile),
    "",
    docComment(`The schemas of the ${product.title} that requests and responses are validated against.`).trimEnd(),
    `export const document: Record<string, unknown> = ${literal(validationDocument(product))};`,
  ]);
}

function productsModule(model: Model): string {
  return file([
    generatedHeader(REGISTRY),
    "",
    'import type { HttpHandler } from "msw";',
    'import { MockClock, type ProductMock, type ProductMockInstance, type StatefulMockOptions } from "./runtime/index.js";',
    ...model.products.map(
      (p) =>
        `import { create${p.pascalName}Mock, ${p.camelName}Handlers, ${p.camelName}Mock, type ${p.pascalName}MockSeed } from "./${p.name}/handlers.gen.js";`,
    ),
    "",
    `export { ${model.products.flatMap((p) => [`create${p.pascalName}Mock`, `${p.camelName}Handlers`, `${p.camelName}Mock`]).join(", ")} };`,
    `export type { ${model.products.map((p) => `${p.pascalName}MockSeed`).join(", ")} };`,
    "",
    "/** A stateful mock of every product, sharing one clock. */",
    "export interface AllMocks {",
    ...model.products.map((p) => `  ${propertyKey(p.camelName)}: ProductMockInstance<${p.pascalName}MockSeed>;`),
    "}",
    "",
    "/** Every product's stateful mock on one clock (`options.clock`, or a new one). */",
    "export function createAllMocks(options: StatefulMockOptions = {}): { clock: MockClock; products: AllMocks } {",
    "  const clock = options.clock ?? new MockClock();",
    "  const shared = { ...options, clock };",
    "  return {",
    "    clock,",
    "    products: {",
    ...model.products.map((p) => `      ${propertyKey(p.camelName)}: create${p.pascalName}Mock(shared),`),
    "    },",
    "  };",
    "}",
    "",
    "/** The mock of every product, by product name. */",
    "export const productMocks: Readonly<Record<string, ProductMock>> = {",
    ...model.products.map((p) => `  ${stringLiteral(p.name)}: ${p.camelName}Mock,`),
    "};",
    "",
    "/** Handlers for every operation of every product. */",
    "export function allHandlers(options?: StatefulMockOptions): HttpHandler[] {",
    `  return [${model.products.map((p) => `...${p.camelName}Handlers(options)`).join(", ")}];`,
    "}",
  ]);
}

function mocksPackageJson(model: Model): string {
  const pkg = {
    "//": generatedHeader(REGISTRY).replace(/^\/\/ /, ""),
    name: "@mpkit/mocks",
    version: model.packageVersions?.mocks ?? model.toolkitVersion,
    description: "MSW request handlers for every mpkit product, validating requests against the specs",
    type: "module",
    sideEffects: false,
    exports: Object.fromEntries(
      ["index", "node", "browser"].map((entry) => [
        entry === "index" ? "." : `./${entry}`,
        { "mpkit-source": `./src/${entry}.ts`, types: `./dist/${entry}.d.ts`, import: `./dist/${entry}.js` },
      ]),
    ),
    files: ["dist"],
    scripts: { build: "tsc -p tsconfig.build.json" },
    dependencies: {
      ...Object.fromEntries(model.products.map((p) => [p.packageName, model.packageVersions?.[p.name] ?? model.toolkitVersion])),
      ajv: "8.20.0",
      "ajv-formats": "3.0.1",
      msw: "2.15.0",
    },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function emitMocks(model: Model): GeneratedFile[] {
  return [
    ...model.products.flatMap((product) => [
      { path: `mocks/src/${product.name}/handlers.gen.ts`, product: product.name, contents: handlersModule(product) },
      { path: `mocks/src/${product.name}/document.gen.ts`, product: product.name, contents: documentModule(product) },
    ]),
    { path: "mocks/src/products.gen.ts", contents: productsModule(model) },
    { path: "mocks/package.json", contents: mocksPackageJson(model) },
  ];
}
