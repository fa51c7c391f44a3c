/**
 * Emits the MSW mock modules. Per product: `mock.gen.js`, the data the runtime reads (operation
 * table, examples, state tables, the validation document), plain JavaScript with a small
 * `mock.gen.d.ts` that types it as a `ProductMock`, so the compiler never infers or relates the
 * deep literal types of that data; `handlers.gen.ts`, the typed entry (handlers, `create<P>Mock`,
 * the typed overrides and seed); the node and browser entries. Plus one module and package.json
 * that gather every product. Examples need no type-level check here: every example that reaches
 * the mocks was validated against its schema when the model was built (`mpkit-invalid-example`).
 */
import type { GeneratedFile, Model, OperationModel, ProductModel, ResponseModel } from "../model/model.js";
import { propertyAccess, propertyKey } from "../model/names.js";
import { docComment, file, generatedHeader, literal, quotedKey, statusIndex, stringLiteral } from "./print.js";
import { validationDocument } from "./validation-document.js";

const REGISTRY = "redocly.yaml";
/** Members of the combined mocks object (mocks/src/runtime/combined.ts) that no product may be named. */
const COMBINED_CONTROLS = ["use", "useScenario", "scenario", "scenarios", "resetOverrides"] as const;

function exampleType(op: OperationModel, response: ResponseModel): string {
  if (response.component) {
    return `components["responses"][${stringLiteral(response.component)}]["content"][${stringLiteral(response.contentType ?? "")}]`;
  }
  return `operations[${stringLiteral(op.operationId)}]["responses"][${statusIndex(response.status)}]["content"][${stringLiteral(response.contentType ?? "")}]`;
}

/** Content type, schema and examples of a response, as object members at `indent`. */
function responseBody(response: ResponseModel, indent: string): string[] {
  const lines: string[] = [];
  if (response.contentType) lines.push(`${indent}contentType: ${stringLiteral(response.contentType)},`);
  if (response.schemaPointer) lines.push(`${indent}schema: ${stringLiteral(response.schemaPointer)},`);
  if (response.contentType && response.examples.length > 0) {
    lines.push(`${indent}examples: {`);
    for (const example of response.examples) {
      lines.push(`${indent}  ${quotedKey(example.name)}: ${literal(example.value, `${indent}  `)},`);
    }
    lines.push(`${indent}},`);
  } else {
    lines.push(`${indent}examples: {},`);
  }
  return lines;
}

function responseEntry(response: ResponseModel, indent: string, sharedName: string): string {
  if (response.component) {
    return `${indent}{ status: ${stringLiteral(response.status)}, ...${sharedName}${propertyAccess(response.component)} },`;
  }
  return [`${indent}{`, `${indent}  status: ${stringLiteral(response.status)},`, ...responseBody(response, `${indent}  `), `${indent}},`].join("\n");
}

/** Responses defined once under `components.responses` are printed once, not per operation. */
function sharedResponses(product: ProductModel, sharedName: string): string[] {
  const seen = new Map<string, ResponseModel>();
  for (const op of product.operations) {
    for (const r of op.responses) if (r.component && !seen.has(r.component)) seen.set(r.component, r);
  }
  if (seen.size === 0) return [];
  return [
    `const ${sharedName} = {`,
    ...[...seen.entries()].flatMap(([name, r]) => [`  ${propertyKey(name)}: {`, ...responseBody(r, "    "), "  },"]),
    "};",
    "",
  ];
}

/** The component a parameter was declared as (`#/components/parameters/<name>/…`), if any. */
function parameterComponent(pointer: string): string | undefined {
  const name = /^#\/components\/parameters\/([^/]+)\//.exec(pointer)?.[1];
  return name?.replace(/~1/g, "/").replace(/~0/g, "~");
}

function parameterEntry(p: OperationModel["parameters"][number]) {
  return { name: p.name, in: p.in, required: p.required, schema: p.schemaPointer, ...(p.style !== undefined ? { style: p.style } : {}) };
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
    "};",
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
    const { required, contentType, schemaPointer, encoding, alternatives } = op.requestBody;
    const body = {
      required,
      contentType,
      schema: schemaPointer,
      ...(encoding ? { encoding } : {}),
      ...(alternatives
        ? { alternatives: alternatives.map((a) => ({ contentType: a.contentType, schema: a.schemaPointer, ...(a.encoding ? { encoding: a.encoding } : {}) })) }
        : {}),
    };
    lines.push(`    requestBody: ${literal(body, "    ")},`);
  }
  lines.push(`    security: ${literal(op.security, "    ")},`);
  if (op.servers) lines.push(`    servers: ${literal(op.servers, "    ")},`);
  if (op.resource) lines.push(`    resource: ${literal(op.resource, "    ")},`);
  if (op.callbackAuth) lines.push(`    callbackAuth: ${literal(op.callbackAuth, "    ")},`);
  const rules = mockRules(op);
  if (rules.length > 0) lines.push(`    rules: ${literal(rules, "    ")},`);
  if (op.rateLimit) lines.push(`    rateLimit: ${literal(op.rateLimit, "    ")},`);
  lines.push("    responses: [");
  for (const response of op.responses) {
    if (/^[1-5][0-9][0-9]$/.test(response.status)) lines.push(responseEntry(response, "      ", sharedName));
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

/**
 * `mock.gen.js`: everything the mock of a product answers with, as plain data. JavaScript, so
 * that `tsc` reads only `mock.gen.d.ts` and spends nothing on the tables' literal types.
 */
function dataModule(product: ProductModel): string {
  const c = product.camelName;
  const securitySchemes = Object.fromEntries(
    Object.entries(product.securitySchemes).map(([name, { description: _omit, ...rest }]) => [name, rest]),
  );
  const mock = {
    name: product.name,
    title: product.title,
    environments: Object.fromEntries(product.environments.map((e) => [e.name, e.url])),
    ...(Object.keys(product.serverVariables).length > 0 ? { serverVariables: product.serverVariables } : {}),
    securitySchemes,
    ...(product.correlationHeader ? { correlationHeader: product.correlationHeader } : {}),
    errors: product.mockErrors,
  };
  const base = literal(mock).replace(/\n}$/, "");
  const shared = `${c}SharedResponses`;
  return file([
    generatedHeader(product.specFile),
    "// Data only, typed by mock.gen.d.ts: kept out of the compiler's way.",
    "",
    docComment(`The schemas of the ${product.title} that requests and responses are validated against.`).trimEnd(),
    `const document = ${literal(validationDocument(product))};`,
    "",
    ...sharedResponses(product, shared),
    ...sharedParameters(product, `${c}SharedParameters`),
    `const ${c}Operations = [`,
    ...product.operations.map((op) => operationEntry(op, shared, `${c}SharedParameters`)),
    "];",
    "",
    docComment(`Everything the mock of the ${product.title} answers with.`).trimEnd(),
    `export const ${c}Mock = ${base}`,
    "  document,",
    `  operations: ${c}Operations,`,
    ...webhookPointers(product),
    ...stateTables(product),
    "};",
  ]);
}

/** `mock.gen.d.ts`: the type of `mock.gen.js`, as the runtime reads it. */
function dataTypes(product: ProductModel): string {
  return file([
    generatedHeader(product.specFile),
    "",
    'import type { ProductMock } from "../runtime/index.js";',
    "",
    docComment(`Everything the mock of the ${product.title} answers with (the data of \`mock.gen.js\`).`).trimEnd(),
    `export declare const ${product.camelName}Mock: ProductMock;`,
  ]);
}

function handlersModule(product: ProductModel): string {
  const c = product.camelName;
  return file([
    generatedHeader(product.specFile),
    "",
    `import type { components, operations } from ${stringLiteral(product.packageName)};`,
    "import {",
    "  createProductHandlers,",
    "  createProductMock,",
    // MSW's HttpHandler named through the runtime (msw/core/http), not MSW's root entry: see msw-core.ts.
    "  type HttpHandler,",
    "  type OperationOverride,",
    "  type ProductMockInstance,",
    "  type StatefulMockOptions,",
    '} from "../runtime/index.js";',
    `import { ${c}Mock } from "./mock.gen.js";`,
    "",
    `export { ${c}Mock };`,
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
    ...overridesType(product),
    docComment([
      `A stateful mock of the ${product.title}: its handlers plus reset, seed, snapshot/restore, the clock and the webhook delivery log.`,
      `@example\nconst mock = create${product.pascalName}Mock();\nconst server = setupServer(...mock.handlers);`,
    ]).trimEnd(),
    `export function create${product.pascalName}Mock(options?: StatefulMockOptions): ProductMockInstance<${product.pascalName}MockSeed, ${product.pascalName}MockOverrides> {`,
    `  return createProductMock<${product.pascalName}MockSeed, ${product.pascalName}MockOverrides>(${c}Mock, options);`,
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

/**
 * `use()`'s argument: per operation, a body for its first 2xx response, or one documented status
 * with its own example names and body type (so an undocumented status or example fails `tsc`).
 */
function overridesType(product: ProductModel): string[] {
  const members = product.operations.map((op) => {
    const responses = op.responses.filter((r) => /^[1-5][0-9][0-9]$/.test(r.status));
    const first2xx = responses.find((r) => /^2/.test(r.status));
    const bodyOf = (r: ResponseModel) => (r.contentType ? exampleType(op, r) : "never");
    const choices = responses.map((r) => {
      const names = r.contentType && r.examples.length > 0 ? r.examples.map((e) => stringLiteral(e.name)).join(" | ") : "never";
      const status = r === first2xx ? `status?: ${r.status}` : `status: ${r.status}`;
      return `    | { ${status}; example?: ${names}; body?: ${bodyOf(r)} }`;
    });
    if (choices.length === 0) choices.push("    | { status?: never }");
    return [
      `  ${propertyKey(op.operationId)}?: OperationOverride<`,
      `    ${first2xx ? bodyOf(first2xx) : "never"},`,
      ...choices,
      "  >;",
    ].join("\n");
  });
  return [
    docComment(
      `What \`create${product.pascalName}Mock().use()\` accepts: per operation, a body for its first 2xx response, or a documented status with its example names and body, plus headers, delay and generated data.`,
    ).trimEnd(),
    `export interface ${product.pascalName}MockOverrides {`,
    ...members,
    "}",
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
        ...(h.urlField !== undefined ? { urlField: h.urlField } : {}),
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
        ...(m.enter ? { enter: m.enter } : {}),
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

function productsModule(model: Model): string {
  const clash = model.products.find((p) => (COMBINED_CONTROLS as readonly string[]).includes(p.camelName));
  if (clash) throw new Error(`product "${clash.name}" would be named ${clash.camelName} in the mocks, a name their controls use (${COMBINED_CONTROLS.join(", ")})`);
  return file([
    generatedHeader(REGISTRY),
    "",
    'import { type CombinedMocks, combineHandlers, combineMocks, type HttpHandler, MockClock, type ProductMock, type ProductMockInstance, type StatefulMockOptions } from "./runtime/index.js";',
    ...model.products.map(
      (p) =>
        `import { create${p.pascalName}Mock, ${p.camelName}Handlers, ${p.camelName}Mock, type ${p.pascalName}MockOverrides, type ${p.pascalName}MockSeed } from "./${p.name}/handlers.gen.js";`,
    ),
    "",
    `export { ${model.products.flatMap((p) => [`create${p.pascalName}Mock`, `${p.camelName}Handlers`, `${p.camelName}Mock`]).join(", ")} };`,
    `export type { ${model.products.flatMap((p) => [`${p.pascalName}MockSeed`, `${p.pascalName}MockOverrides`]).join(", ")} };`,
    "",
    "/** A stateful mock of every product. */",
    "export interface AllProductMocks {",
    ...model.products.map((p) => `  ${propertyKey(p.camelName)}: ProductMockInstance<${p.pascalName}MockSeed, ${p.pascalName}MockOverrides>;`),
    "}",
    "",
    "/** Every product's mock, sharing one clock, with `use`/`useScenario` over all of them. */",
    "export type AllMocks = CombinedMocks<AllProductMocks>;",
    "",
    "/** Every product's stateful mock on one clock (`options.clock`, or a new one). */",
    "export function createAllMocks(options: StatefulMockOptions = {}): { clock: MockClock; products: AllMocks } {",
    "  const clock = options.clock ?? new MockClock();",
    "  const shared = { ...options, clock };",
    "  return {",
    "    clock,",
    "    products: combineMocks({",
    ...model.products.map((p) => `      ${propertyKey(p.camelName)}: create${p.pascalName}Mock(shared),`),
    "    }),",
    "  };",
    "}",
    "",
    "/** The mock of every product, by product name. */",
    "export const productMocks: Readonly<Record<string, ProductMock>> = {",
    ...model.products.map((p) => `  ${stringLiteral(p.name)}: ${p.camelName}Mock,`),
    "};",
    "",
    "/** Handlers for every operation of every product; products sharing a host are routed by their own routers (`combineHandlers`). */",
    "export function allHandlers(options?: StatefulMockOptions): HttpHandler[] {",
    `  return combineHandlers([${model.products.map((p) => `...${p.camelName}Handlers(options)`).join(", ")}]);`,
    "}",
  ]);
}

/** A product's own entry: its handlers and mock, plus an MSW server (node) or worker (browser) with only it. */
function productEntry(product: ProductModel, variant: "node" | "browser"): string {
  const P = product.pascalName;
  const [setup, fn, type, what] =
    variant === "node"
      ? ["setup-node", "mockServer", "MockServerOf", "createMockServer"]
      : ["setup-browser", "mockWorker", "MockWorkerOf", "createMockWorker"];
  return file([
    generatedHeader(product.specFile),
    "",
    `import { ${fn}, type ${type} } from "../${setup}.js";`,
    'import type { CombinedMocks, ProductMockInstance, StatefulMockOptions } from "../runtime/index.js";',
    `import { create${P}Mock, type ${P}MockOverrides, type ${P}MockSeed } from "./handlers.gen.js";`,
    "",
    'export * from "./handlers.gen.js";',
    'export { MockClock, type StatefulMockOptions } from "../runtime/index.js";',
    "",
    docComment(`The ${product.title} mock, with \`use\`/\`useScenario\` as for several products.`).trimEnd(),
    `export type ${P}Mocks = CombinedMocks<{ ${propertyKey(product.camelName)}: ProductMockInstance<${P}MockSeed, ${P}MockOverrides> }>;`,
    "",
    docComment([
      variant === "node"
        ? `An MSW server (Node) answering the ${product.title} only.`
        : `An MSW service worker (browser) answering the ${product.title} only. Serve \`mockServiceWorker.js\` from the app's public folder (\`npx msw init public/ --save\`).`,
      variant === "node"
        ? `@example\nconst server = createMockServer();\nserver.listen();\nserver.mocks.${product.camelName}.use({ /* operationId: override */ });`
        : `@example\nif (import.meta.env.DEV) await createMockWorker().start({ onUnhandledRequest: "bypass" });`,
    ]).trimEnd(),
    `export function ${what}(options?: StatefulMockOptions): ${type}<${P}Mocks> {`,
    `  return ${fn}(options, (shared) => ({ ${propertyKey(product.camelName)}: create${P}Mock(shared) })) as ${type}<${P}Mocks>;`,
    "}",
  ]);
}

function entryExports(source: string, dist: string) {
  return { "mpkit-source": `./src/${source}.ts`, types: `./dist/${dist}.d.ts`, import: `./dist/${dist}.js` };
}

function mocksPackageJson(model: Model): string {
  const pkg = {
    "//": generatedHeader(REGISTRY).replace(/^\/\/ /, ""),
    name: "@mpkit/mocks",
    version: model.packageVersions?.mocks ?? model.toolkitVersion,
    description: "MSW request handlers for every mpkit product, validating requests against the specs",
    type: "module",
    sideEffects: false,
    exports: {
      ...Object.fromEntries(["index", "node", "browser", "admin", "data"].map((entry) => [entry === "index" ? "." : `./${entry}`, entryExports(entry, entry)])),
      // Per product: the bare path picks the browser or node variant by the bundler's condition.
      ...Object.fromEntries(
        model.products.flatMap((p) => [
          [
            `./${p.name}`,
            {
              "mpkit-source": { browser: `./src/${p.name}/browser.gen.ts`, default: `./src/${p.name}/node.gen.ts` },
              browser: { types: `./dist/${p.name}/browser.gen.d.ts`, import: `./dist/${p.name}/browser.gen.js` },
              types: `./dist/${p.name}/node.gen.d.ts`,
              import: `./dist/${p.name}/node.gen.js`,
            },
          ],
          [`./${p.name}/node`, entryExports(`${p.name}/node.gen`, `${p.name}/node.gen`)],
          [`./${p.name}/browser`, entryExports(`${p.name}/browser.gen`, `${p.name}/browser.gen`)],
        ]),
      ),
    },
    // `mpkit mock`: the HTTP server, a launcher of the esbuild bundle in dist/bin (scripts/build-server.mjs).
    bin: { "mpkit-mock": "./bin/mpkit-mock.js" },
    files: ["dist", "bin"],
    // The repository's build: tsc, plus the data modules (mock.gen.js/.d.ts) tsc does not emit.
    scripts: { build: "node ../scripts/build-packages.mjs mocks" },
    // Client packages only lend their types to the handlers: an app installs the ones it calls.
    dependencies: {
      "@cfworker/json-schema": "4.1.6",
      "@faker-js/faker": "9.9.0",
    },
    peerDependencies: {
      ...Object.fromEntries(model.products.map((p) => [p.packageName, model.packageVersions?.[p.name] ?? model.toolkitVersion])),
      msw: "^2.15.0",
    },
    peerDependenciesMeta: Object.fromEntries(model.products.map((p) => [p.packageName, { optional: true }])),
    devDependencies: { msw: "2.15.0" },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function emitMocks(model: Model): GeneratedFile[] {
  return [
    ...model.products.flatMap((product) => [
      { path: `mocks/src/${product.name}/handlers.gen.ts`, product: product.name, contents: handlersModule(product) },
      { path: `mocks/src/${product.name}/mock.gen.js`, product: product.name, contents: dataModule(product) },
      { path: `mocks/src/${product.name}/mock.gen.d.ts`, product: product.name, contents: dataTypes(product) },
    ]),
    ...model.products.flatMap((product) =>
      (["node", "browser"] as const).map((variant) => ({
        path: `mocks/src/${product.name}/${variant}.gen.ts`,
        product: product.name,
        contents: productEntry(product, variant),
      })),
    ),
    { path: "mocks/src/products.gen.ts", contents: productsModule(model) },
    { path: "mocks/package.json", contents: mocksPackageJson(model) },
  ];
}
