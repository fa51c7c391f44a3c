/**
 * The request validator on its own (runtime/validator.ts): @cfworker/json-schema with Ajv's
 * messages, parameter coercion and OpenAPI's formats, over a small hand-made document.
 */
import { format as libraryFormats } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { type MockOperation, type ProductMock, ProductValidator } from "@mpkit/mocks";

const document = {
  components: {
    schemas: {
      // A schema and properties named like the keywords the validation copy leaves out.
      example: {
        type: "object",
        properties: {
          example: { type: "integer", format: "int32" },
          examples: { type: "string", format: "email" },
        },
        unevaluatedProperties: false,
        example: { example: 1 },
      },
      Search: {
        type: "object",
        required: ["size"],
        properties: {
          size: { type: "integer", minimum: 1 },
          exact: { type: "boolean" },
          tags: { type: "array", items: { type: "integer" } },
          since: { type: "string", format: "date" },
        },
      },
    },
  },
};
const op: MockOperation = {
  operationId: "search",
  method: "get",
  path: "/search",
  parameters: [
    { name: "size", in: "query", required: true, schema: "#/components/schemas/Search/properties/size" },
    { name: "exact", in: "query", required: false, schema: "#/components/schemas/Search/properties/exact" },
    { name: "tags", in: "query", required: false, schema: "#/components/schemas/Search/properties/tags" },
  ],
  responses: [],
} as unknown as MockOperation;
const product = { name: "validator-test", title: "Validator test", operations: [op], document, webhooks: { thing: "#/components/schemas/example" } } as unknown as ProductMock;
const validator = new ProductValidator(product);

describe("ProductValidator", () => {
  it("validates properties named `example` and `examples` (names, not the keywords left out)", () => {
    expect(validator.checkWebhook("thing", { example: 1, examples: "a@b.dk" })).toEqual([]);
    expect(validator.checkWebhook("thing", { example: 2 ** 40, examples: "nope", other: 1 })).toEqual([
      { at: "body/example", message: "must be <= 2147483647" },
      { at: "body/examples", message: 'must match format "email"' },
      { at: "body", message: "must NOT have unevaluated properties" },
    ]);
  });

  it("converts query text to the schema's types in place, as Ajv's coerceTypes did", () => {
    const values: Record<string, unknown> = { size: "5", exact: "false", tags: "7" };
    expect(validator.checkParameters(op, "query", values)).toEqual([]);
    expect(values).toEqual({ size: 5, exact: false, tags: [7] });
    const wrong: Record<string, unknown> = { size: "0", exact: "maybe", tags: ["x"] };
    expect(validator.checkParameters(op, "query", wrong)).toEqual([
      { at: "query.size", message: "must be >= 1" },
      { at: "query.exact", message: "must be boolean" },
      { at: "query.tags.0", message: "must be integer" },
    ]);
    expect(validator.checkParameters(op, "query", {})).toEqual([{ at: "query.size", message: "must have required property 'size'" }]);
  });

  it("registers its bounded formats under names of its own: the library's table keeps its formats", () => {
    expect(validator.checkWebhook("thing", { examples: `${"a".repeat(5000)}@b.dk` })).toEqual([{ at: "body/examples", message: 'must match format "email"' }]);
    expect(libraryFormats.email!(`${"a".repeat(60)}@b.dk`)).toBe(true);
    expect(Object.keys(libraryFormats).filter((name) => name.startsWith("mpkit:"))).toContain("mpkit:email");
  });
});
