/**
 * Where the client finds a product's error code and message: read from the spec's
 * `x-mpkit-mock-errors` templates into the descriptor's `errorFields`.
 */
import { describe, expect, it } from "vitest";
import { errorFields } from "../src/emit/error-fields.js";
import type { ProductModel } from "../src/model/model.js";

const product = (mockErrors: Record<string, unknown>) => ({ mockErrors }) as unknown as ProductModel;

describe("errorFields", () => {
  it.each([
    ["OAuth style", { "400": { error: "invalid_request", error_description: "{message}" } }, { code: [["error"]], message: [["error_description"]] }],
    [
      "a nullable error_code before the error name",
      { "400": { correlation_id: "{correlationId}", error: "InputError", error_code: null, error_description: "{message}" } },
      { code: [["error_code"], ["error"]], message: [["error_description"]] },
    ],
    [
      "a message nested in an object",
      { "412": { error: "PreconditionFailed", error_description: { message: "{message}", error_type: "PreconditionError" } } },
      { code: [["error"]], message: [["error_description", "message"]] },
    ],
    [
      "statuses that differ, merged without repeats",
      { "400": { code: "1099", message: "{message}" }, "401": { message: "{message}" }, "404": { code: "1001", message: "{message}" } },
      { code: [["code"]], message: [["message"]] },
    ],
    ["a code that is a placeholder is not a code", { "400": { code: "{correlationId}", message: "{message}" } }, { message: [["message"]] }],
  ])("%s", (_name, templates, expected) => {
    expect(errorFields(product(templates))).toEqual(expected);
  });

  it("is undefined when the product has no templates, or none names a message or code", () => {
    expect(errorFields(product({}))).toBeUndefined();
    expect(errorFields(product({ "400": { detail: "fixed" } }))).toBeUndefined();
  });
});
