/**
 * The input and result type of every operation-named client method, written out per operation
 * (`{ paymentId: operations["getPayment"]["parameters"]["path"]["paymentId"]; headers?: … }`)
 * instead of computed by `OperationInput`/`OperationResult` of `@mpkit/core` over `operations`.
 *
 * Both give the same types (the repository's type test `test/resolved-types.test-d.ts` compares
 * them for every operation of every product and of the corpus); written out, they cost the
 * compiler indexed accesses only, where the generic helpers cost conditional and mapped type
 * instantiations per operation (most of a client's type-checking time). An operation whose
 * shape the generator cannot read from the document (a `$ref` it cannot follow, an unusual
 * media type mix) keeps the generic form.
 */
import type { OperationModel, ProductModel } from "../model/model.js";
import { propertyKey } from "../model/names.js";
import { get, resolve } from "../model/json-pointer.js";
import { statusIndex, stringLiteral } from "./print.js";

/** Statuses `OperationResult` counts as success (`SuccessStatus` in packages/core/src/types.ts). */
const SUCCESS = new Set(["200", "201", "202", "203", "204", "205", "206", "207", "208", "226", "2XX"]);

type Json = Record<string, unknown>;

function objectAt(document: unknown, node: unknown, pointer: string): Json | undefined {
  const { node: found } = resolve(document, node, pointer);
  return found !== null && typeof found === "object" && !Array.isArray(found) ? (found as Json) : undefined;
}

/**
 * `ContentOf` written out: the media types of a `content` object, as the type expression of the
 * content at `base` (`base["application/json"]`), or `undefined` when there is none.
 */
function contentOf(base: string, content: Json | undefined): string | undefined {
  const types = content ? Object.keys(content) : [];
  if (types.length === 0) return "undefined";
  const at = (mediaType: string) => `${base}[${stringLiteral(mediaType)}]`;
  if (types.includes("application/json")) return at("application/json");
  const json = types.filter((t) => t.includes("json"));
  if (json.length > 0) return json.map(at).join(" | ");
  if (types.includes("application/x-www-form-urlencoded")) return at("application/x-www-form-urlencoded");
  if (types.includes("multipart/form-data")) return at("multipart/form-data");
  return "Blob";
}

/** A type expression for an object with these members, one per line at `indent` (`{}` when none). */
function objectType(members: string[], indent: string): string {
  return members.length === 0 ? "{}" : ["{", ...members.map((m) => `${indent}  ${m};`), `${indent}}`].join("\n");
}

/**
 * `OperationInput<operations[K], Filled, Renames>` written out, or undefined where the
 * document does not say enough to write it.
 */
function resolvedInput(product: ProductModel, op: OperationModel, filled: ReadonlySet<string>): string | undefined {
  const operation = `operations[${stringLiteral(op.operationId)}]`;
  const members: string[] = [];
  const seen = new Set<string>();
  for (const where of ["path", "query", "cookie"] as const) {
    for (const p of op.parameters.filter((x) => x.in === where)) {
      const name = p.inputName ?? p.name;
      if (seen.has(name)) return undefined;
      seen.add(name);
      members.push(`${propertyKey(name)}${p.required ? "" : "?"}: NonNullable<${operation}["parameters"][${stringLiteral(where)}]>[${stringLiteral(p.name)}]`);
    }
  }
  const headers = op.parameters.filter((p) => p.in === "header");
  if (headers.length > 0) {
    const required = headers.some((p) => p.required && !filled.has(p.name));
    const fields = headers.map(
      (p) => `${propertyKey(p.name)}${p.required && !filled.has(p.name) ? "" : "?"}: NonNullable<${operation}["parameters"]["header"]>[${stringLiteral(p.name)}]`,
    );
    if (seen.has("headers")) return undefined;
    seen.add("headers");
    members.push(`headers${required ? "" : "?"}: ${objectType(fields, "    ")}`);
  }
  if (op.requestBody) {
    const item = get(product.document, `#/paths/${pointerToken(op.path)}/${op.method}`);
    const operationNode = objectAt(product.document, item, "");
    if (!operationNode) return undefined;
    const body = objectAt(product.document, operationNode.requestBody, "");
    const content = body ? objectAt(product.document, body.content, "") : undefined;
    if (!body || !content || Object.keys(content).length === 0) return undefined;
    const base = `NonNullable<${operation}["requestBody"]>["content"]`;
    const types = Object.keys(content);
    const union = [
      contentOf(base, content),
      ...(types.includes("multipart/form-data") ? ["FormData"] : []),
      ...(types.includes("application/x-www-form-urlencoded") ? ["URLSearchParams"] : []),
    ];
    if (seen.has("body")) return undefined;
    members.push(`body${body.required === true ? "" : "?"}: ${union.join(" | ")}`);
  }
  return objectType(members, "  ");
}

/** `OperationResult<operations[K]>` written out, or undefined where the document does not say enough. */
function resolvedResult(product: ProductModel, op: OperationModel): string | undefined {
  const operationNode = objectAt(product.document, get(product.document, `#/paths/${pointerToken(op.path)}/${op.method}`), "");
  const responses = operationNode ? objectAt(product.document, operationNode.responses, "") : undefined;
  if (!responses) return undefined;
  const members: string[] = [];
  for (const [status, raw] of Object.entries(responses)) {
    if (!SUCCESS.has(status)) continue;
    const response = objectAt(product.document, raw, "");
    if (!response) return undefined;
    const content = response.content === undefined ? undefined : objectAt(product.document, response.content, "");
    if (response.content !== undefined && !content) return undefined;
    const type = contentOf(`${`operations[${stringLiteral(op.operationId)}]`}["responses"][${statusIndex(status)}]["content"]`, content);
    if (type !== undefined && !members.includes(type)) members.push(type);
  }
  return members.length === 0 ? "never" : members.join(" | ");
}

function pointerToken(path: string): string {
  return path.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * `export interface <P>OperationInputs { … }` and `<P>OperationResults`, one member per
 * operation; undefined members fall back to the generic helpers.
 */
export function resolvedOperationTypes(
  product: ProductModel,
  filledHeaders: (op: OperationModel) => string[],
  genericInput: (op: OperationModel) => string,
): string[] {
  const P = product.pascalName;
  const inputs = product.operations.map((op) => {
    const type = resolvedInput(product, op, new Set(filledHeaders(op))) ?? genericInput(op);
    return `  ${propertyKey(op.operationId)}: ${type};`;
  });
  const results = product.operations.map((op) => {
    const type = resolvedResult(product, op) ?? `OperationResult<operations[${stringLiteral(op.operationId)}]>`;
    return `  ${propertyKey(op.operationId)}: ${type};`;
  });
  return [
    "/**",
    " * What each operation-named method takes, by operation id: path, query and cookie parameters flattened, `headers`, `body`.",
    " * Written out per operation (the type `OperationInput` of `@mpkit/core` computes), which is cheaper for the compiler.",
    " */",
    `export interface ${P}OperationInputs {`,
    ...inputs,
    "}",
    "/** What each operation-named method resolves to, by operation id: the body of its 2xx response(s). */",
    `export interface ${P}OperationResults {`,
    ...results,
    "}",
  ];
}
