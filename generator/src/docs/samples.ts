/**
 * Code samples for every operation, made at docs build time (never written into the specs) and
 * shown by Redoc through `x-codeSamples`:
 * - TypeScript: the product's client set up with its sign-in (`clientSetup`), then the call,
 *   its input built from the spec's examples;
 * - curl: the same request with the product's real authentication headers.
 * generator/test/docs.test.ts type-checks every TypeScript sample and runs it, and parses and
 * replays every curl sample, against the generated mocks.
 */
import { sample } from "openapi-sampler";
import { get } from "../model/json-pointer.js";
import type { OperationModel, ProductModel, SecuritySchemeModel } from "../model/model.js";
import { propertyAccess } from "../model/names.js";

export interface CodeSample {
  lang: "TypeScript" | "Shell";
  label: string;
  source: string;
}

const upperSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
/** Environment variable a sample reads a scheme's secret from, e.g. `MP_IBM_CLIENT_ID`. */
export const envName = (scheme: string, suffix = "") => `MP_${upperSnake(scheme)}${suffix}`;

/** The security alternative samples use: the operation's first. */
export function sampleSchemes(op: OperationModel): string[] {
  return op.security[0] ?? [];
}

/** Every scheme the product's operations need in their first alternative, in declaration order. */
function productSchemes(product: ProductModel): string[] {
  const used = new Set(product.operations.flatMap(sampleSchemes));
  return Object.keys(product.securitySchemes).filter((name) => used.has(name));
}

function credentialCode(product: ProductModel, name: string, scheme: SecuritySchemeModel): string {
  const env = (suffix = "") => `process.env.${envName(name, suffix)} ?? ""`;
  switch (scheme.type) {
    case "apiKey":
      return env();
    case "http":
      return scheme.scheme === "basic" ? `{ username: ${env("_USERNAME")}, password: ${env("_PASSWORD")} }` : env();
    case "oauth2":
      return scheme.tokenUrl
        ? `clientCredentials({ tokenUrl: ${product.camelName}Product.securitySchemes.${name}.tokenUrl, clientId: ${env("_CLIENT_ID")}, clientSecret: ${env("_CLIENT_SECRET")} })`
        : env();
    case "openIdConnect":
      // The token of a merchant who signed in (see the guide's sign-in section: createOidcSignIn).
      return env();
  }
}

/** Values for the header parameters set once in the client configuration (`x-mpkit-client-header`). */
export function clientHeaderValues(product: ProductModel): Record<string, string> {
  const values: Record<string, string> = {};
  for (const param of product.operations.flatMap((op) => op.parameters)) {
    if (param.in === "header" && param.clientHeader && !(param.name in values)) values[param.name] = String(sampleValue(product, param.schemaPointer));
  }
  return values;
}

/** The client of a product, set up with its sign-in: the start of every TypeScript sample. */
export function clientSetup(product: ProductModel): string {
  const schemes = productSchemes(product);
  const usesClientCredentials = schemes.some((s) => product.securitySchemes[s]?.type === "oauth2" && product.securitySchemes[s]?.tokenUrl);
  const clientHeaders = Object.entries(clientHeaderValues(product));
  const lines: string[] = [];
  if (usesClientCredentials) lines.push(`import { clientCredentials } from "@mpkit/core";`);
  lines.push(`import { create${product.pascalName}Client${usesClientCredentials ? `, ${product.camelName}Product` : ""} } from "${product.packageName}";`, "");
  lines.push(`const ${product.camelName} = create${product.pascalName}Client({`, `  environment: ${JSON.stringify(product.environments[0]?.name ?? "sandbox")},`);
  if (schemes.length > 0) {
    lines.push("  credentials: {");
    for (const name of schemes) lines.push(`    ${name}: ${credentialCode(product, name, product.securitySchemes[name]!)},`);
    lines.push("  },");
  }
  if (clientHeaders.length > 0) {
    lines.push("  headers: {");
    for (const [header, value] of clientHeaders) lines.push(`    ${JSON.stringify(header)}: ${JSON.stringify(value)},`);
    lines.push("  },");
  }
  lines.push("});");
  return lines.join("\n");
}

/**
 * The shortest string a simple pattern accepts (literals, escapes, classes, groups with
 * alternatives, quantifiers), or undefined for patterns beyond that.
 */
export function stringForPattern(pattern: string): string | undefined {
  let i = 0;
  const atom = (): string | undefined => {
    const c = pattern[i++];
    if (c === "\\") {
      const e = pattern[i++];
      return e === "d" ? "0" : e === "w" ? "a" : e === "s" ? " " : e;
    }
    if (c === "[") {
      const end = pattern.indexOf("]", i);
      const body = pattern.slice(i, end);
      i = end + 1;
      return body.startsWith("^") ? undefined : body.replace(/^\\/, "")[0];
    }
    if (c === "(") {
      let depth = 1;
      const start = i;
      while (i < pattern.length && depth > 0) {
        if (pattern[i] === "\\") i++;
        else if (pattern[i] === "(") depth++;
        else if (pattern[i] === ")") depth--;
        i++;
      }
      const inner = pattern.slice(start, i - 1).replace(/^\?:/, "");
      return stringForPattern(inner.split("|")[0] ?? "");
    }
    if (c === "." ) return "a";
    if (c === undefined || "|*+?{)".includes(c)) return undefined;
    return c;
  };
  let out = "";
  const body = pattern.replace(/^\^/, "").replace(/\$$/, "");
  pattern = body;
  while (i < pattern.length) {
    const piece = atom();
    if (piece === undefined) return undefined;
    const q = pattern[i];
    if (q === "+") { i++; out += piece; }
    else if (q === "*" || q === "?") i++;
    else if (q === "{") {
      const end = pattern.indexOf("}", i);
      const min = Number.parseInt(pattern.slice(i + 1, end), 10);
      i = end + 1;
      out += piece.repeat(Number.isNaN(min) ? 1 : min);
    } else out += piece;
  }
  return out;
}

function sampleValue(product: ProductModel, pointer: string): unknown {
  const schema = get(product.document, pointer) as { pattern?: string } | undefined;
  const value = sample(schema as object, { skipReadOnly: true, skipWriteOnly: false, quiet: true }, product.document);
  if (typeof value === "string" && typeof schema?.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
    const fitting = stringForPattern(schema.pattern);
    if (fitting !== undefined && new RegExp(schema.pattern, "u").test(fitting)) return fitting;
  }
  return value;
}

/** The input of the operation's method, from the spec's examples (or sampled values). */
export function sampleInput(product: ProductModel, op: OperationModel): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const headers: Record<string, unknown> = {};
  for (const param of op.parameters) {
    if (param.in === "header") {
      // The client fills these itself: correlation ids, idempotency keys, client-level headers.
      if (param.idempotencyKey || param.clientHeader || param.name === product.correlationHeader || !param.required) continue;
      headers[param.name] = sampleValue(product, param.schemaPointer);
      continue;
    }
    if (!param.required && (param.in === "query" || param.in === "cookie")) continue;
    input[param.inputName ?? param.name] = sampleValue(product, param.schemaPointer);
  }
  if (Object.keys(headers).length > 0) input.headers = headers;
  if (op.requestBody) {
    const example = op.requestBody.examples[0]?.value ?? sampleValue(product, op.requestBody.schemaPointer);
    if (example !== undefined) input.body = example;
  }
  return input;
}

/** A TypeScript object literal: JSON, with identifier keys unquoted. */
function tsLiteral(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/^(\s*)"([A-Za-z_$][\w$]*)":/gm, "$1$2:");
}

export function typescriptSample(product: ProductModel, op: OperationModel): string {
  const input = sampleInput(product, op);
  const args = Object.keys(input).length > 0 ? tsLiteral(input) : "";
  const call = `${product.camelName}${propertyAccess(op.methodName)}(${args})`;
  return `${clientSetup(product)}\n\nconst result = await ${call};\nconsole.log(result);\n`;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function curlAuth(name: string, scheme: SecuritySchemeModel): string[] {
  switch (scheme.type) {
    case "apiKey":
      return scheme.in === "header" ? [`-H "${scheme.name}: $${envName(name)}"`] : [];
    case "http":
      return scheme.scheme === "basic"
        ? [`-u "$${envName(name, "_USERNAME")}:$${envName(name, "_PASSWORD")}"`]
        : [`-H "Authorization: ${scheme.scheme.charAt(0).toUpperCase()}${scheme.scheme.slice(1)} $${envName(name)}"`];
    case "oauth2":
    case "openIdConnect":
      return [`-H "Authorization: Bearer $${envName(name)}"`];
  }
}

/** The operation's URL in the first environment it is served in, path and query filled in. */
export function sampleUrl(product: ProductModel, op: OperationModel): string {
  const base = (op.servers ? Object.values(op.servers)[0] : product.environments[0]?.url) ?? "";
  const input = sampleInput(product, op);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(input[name])));
  const query = op.parameters
    .filter((p) => p.in === "query" && input[p.name] !== undefined)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(input[p.name]))}`);
  return `${base.replace(/\/$/, "")}${path}${query.length > 0 ? `?${query.join("&")}` : ""}`;
}

export function curlSample(product: ProductModel, op: OperationModel): string {
  const input = sampleInput(product, op);
  const lines = [`curl -X ${op.method.toUpperCase()} ${shellQuote(sampleUrl(product, op))}`];
  for (const name of sampleSchemes(op)) lines.push(...curlAuth(name, product.securitySchemes[name]!));
  for (const param of op.parameters) {
    if (param.in !== "header") continue;
    if (param.name === product.correlationHeader || param.idempotencyKey) lines.push(`-H "${param.name}: $(uuidgen)"`);
    else if (param.clientHeader || param.required) lines.push(`-H ${shellQuote(`${param.name}: ${String(sampleValue(product, param.schemaPointer))}`)}`);
  }
  if (op.requestBody && input.body !== undefined) {
    lines.push(`-H ${shellQuote(`Content-Type: ${op.requestBody.contentType}`)}`);
    if (op.requestBody.contentType === "application/x-www-form-urlencoded" && typeof input.body === "object" && input.body !== null) {
      for (const [key, value] of Object.entries(input.body)) lines.push(`--data-urlencode ${shellQuote(`${key}=${String(value)}`)}`);
    } else {
      lines.push(`--data ${shellQuote(JSON.stringify(input.body))}`);
    }
  }
  return lines.join(" \\\n  ") + "\n";
}

export function codeSamples(product: ProductModel): Map<string, CodeSample[]> {
  return new Map(
    product.operations.map((op) => [
      op.operationId,
      [
        { lang: "TypeScript", label: `TypeScript (${product.packageName})`, source: typescriptSample(product, op) },
        { lang: "Shell", label: "curl", source: curlSample(product, op) },
      ],
    ]),
  );
}
