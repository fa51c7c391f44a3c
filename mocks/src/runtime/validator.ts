/**
 * Request validation against the spec with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 * Schemas are compiled lazily, once per operation, from the bundled document.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { MockOperation, MockParameter, ProductMock } from "./types.js";

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

function makeAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: coerce ? "array" : false, logger: false });
  addFormats(ajv);
  // OpenAPI's own formats.
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("float", { type: "number", validate: () => true });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat("binary", () => true);
  ajv.addFormat("password", () => true);
  return ajv;
}

function fragment(pointer: string): string {
  return `#${pointer
    .replace(/^#/, "")
    .split("/")
    .map((t) => encodeURIComponent(t))
    .join("/")}`;
}

function lookup(document: unknown, pointer: string): Record<string, unknown> {
  let node: unknown = document;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref === "string" && ref.startsWith("#")) return lookup(document, ref);
  return (node ?? {}) as Record<string, unknown>;
}

export interface Problem {
  /** Where: `path.merchantId`, `query.state`, `header.AuthenticatedUser`, `body/TotalAmount`. */
  at: string;
  message: string;
}

function describe(prefix: string, errors: ErrorObject[] | null | undefined): Problem[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === "required" ? `/${String((e.params as { missingProperty: string }).missingProperty)}` : "";
    const where = `${e.instancePath}${missing}`.replace(/^\//, "");
    const at = prefix === "body" ? `body${where ? `/${where}` : ""}` : `${prefix}${where ? `.${where.replace(/\//g, ".")}` : ""}`;
    return { at, message: e.message ?? "is invalid" };
  });
}

export class ProductValidator {
  private readonly bodyAjv = makeAjv(false);
  private readonly webhooks = new Map<string, ValidateFunction>();
  private readonly paramAjv = makeAjv(true);
  private readonly id: string;
  private readonly bodies = new Map<string, ValidateFunction>();
  private readonly responses = new Map<string, ValidateFunction>();
  private readonly params = new Map<string, ValidateFunction>();

  constructor(private readonly product: ProductMock) {
    this.id = `https://mpkit.invalid/${product.name}/openapi.json`;
    for (const ajv of [this.bodyAjv, this.paramAjv]) ajv.addSchema({ ...product.document, $id: this.id }, undefined, undefined, false);
  }

  /** Whether the parameter's schema is an array (so repeated query keys are kept). */
  isArray(parameter: MockParameter): boolean {
    const schema = lookup(this.product.document, parameter.schema);
    return schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"));
  }

  /** Validates (and coerces in place) one group of parameters. */
  checkParameters(op: MockOperation, where: "path" | "query" | "header", values: Record<string, unknown>): Problem[] {
    const key = `${op.operationId}:${where}`;
    let validate = this.params.get(key);
    if (!validate) {
      const group = op.parameters.filter((p) => p.in === where);
      const schema = {
        type: "object",
        properties: Object.fromEntries(group.map((p) => [p.name, { $ref: `${this.id}${fragment(p.schema)}` }])),
        required: group.filter((p) => p.required).map((p) => p.name),
      };
      validate = this.paramAjv.compile(schema);
      this.params.set(key, validate);
    }
    return validate(values) ? [] : describe(where, validate.errors);
  }

  checkBody(op: MockOperation, body: unknown): Problem[] {
    if (!op.requestBody) return [];
    let validate = this.bodies.get(op.operationId);
    if (!validate) {
      validate = this.bodyAjv.compile({ $ref: `${this.id}${fragment(op.requestBody.schema)}` });
      this.bodies.set(op.operationId, validate);
    }
    return validate(body) ? [] : describe("body", validate.errors);
  }

  /**
   * Validates a response body against the schema the spec documents for that status; useful
   * for checking hand-written handler overrides. An undocumented status is a problem too.
   */
  checkResponse(op: MockOperation, status: number | string, body: unknown): Problem[] {
    const documented = op.responses.find((r) => r.status === String(status));
    if (!documented) return [{ at: "status", message: `${status} is not documented for ${op.operationId}` }];
    if (!documented.schema) return body === undefined || body === null || body === "" ? [] : [{ at: "body", message: "must be empty" }];
    const key = `${op.operationId}:${documented.status}`;
    let validate = this.responses.get(key);
    if (!validate) {
      validate = this.bodyAjv.compile({ $ref: `${this.id}${fragment(documented.schema)}` });
      this.responses.set(key, validate);
    }
    return validate(body) ? [] : describe("body", validate.errors);
  }

  /**
   * Validates a webhook payload (what MobilePay sends to the merchant or PSP) against the spec,
   * e.g. in the receiving endpoint or in its tests. An unknown webhook name is a problem too.
   */
  checkWebhook(name: string, body: unknown): Problem[] {
    let validate = this.webhooks.get(name);
    if (!validate) {
      const webhooks = this.product.webhooks ?? {};
      const pointer = Object.hasOwn(webhooks, name) ? webhooks[name] : undefined;
      if (!pointer) return [{ at: "webhook", message: `${this.product.title} has no webhook "${name}" with a body` }];
      validate = this.bodyAjv.compile({ $ref: `${this.id}${fragment(pointer)}` });
      this.webhooks.set(name, validate);
    }
    return validate(body) ? [] : describe("body", validate.errors);
  }
}
