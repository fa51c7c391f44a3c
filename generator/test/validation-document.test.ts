import { describe, expect, it } from "vitest";
import { stripSchema } from "../src/emit/validation-document.js";

describe("stripSchema", () => {
  it.each([
    {
      name: "drops annotations and vendor extensions",
      given: { type: "string", description: "d", title: "t", example: "x", examples: ["x"], "x-enumDescriptions": {}, enum: ["a"] },
      want: { type: "string", enum: ["a"] },
    },
    {
      name: "keeps properties that are named like annotations",
      given: { type: "object", properties: { description: { type: "string", description: "text" }, example: { type: "number" } } },
      want: { type: "object", properties: { description: { type: "string" }, example: { type: "number" } } },
    },
    {
      name: "recurses into every subschema position",
      given: {
        allOf: [{ description: "a", type: "object" }],
        items: { title: "i", type: "integer" },
        additionalProperties: { example: 1, type: "number" },
        $defs: { X: { description: "x", const: 1 } },
      },
      want: { allOf: [{ type: "object" }], items: { type: "integer" }, additionalProperties: { type: "number" }, $defs: { X: { const: 1 } } },
    },
    {
      name: "keeps validation keywords and values verbatim",
      given: { type: ["string", "null"], pattern: "^\\+45", minLength: 1, default: { description: "kept" }, $ref: "#/components/schemas/X" },
      want: { type: ["string", "null"], pattern: "^\\+45", minLength: 1, default: { description: "kept" }, $ref: "#/components/schemas/X" },
    },
  ])("$name", ({ given, want }) => {
    expect(stripSchema(given)).toEqual(want);
  });
});
