/**
 * The mocks read parameters in every OpenAPI style, the inverse of the client's serialisation
 * (the same table as packages/core/test/params.test.ts, read back), and route between products
 * that share a host.
 */
import { describe, expect, it } from "vitest";
import { styled, component } from "../../packages/core/src/params.js";
import { type MockOperation, OperationRouter, rawPairs, readHeader, readPath, readQuery, serverUrls, type Shape, Unreadable } from "../src/runtime/index.js";

const values: [Shape, unknown][] = [
  ["primitive", "5"],
  ["array", ["3", "4", "5"]],
  ["object", { role: "admin", firstName: "Alex" }],
];

describe("reading what the client writes", () => {
  it.each(["simple", "simple*", "label", "label*", "matrix", "matrix*", "json"])("path style %s", (code) => {
    for (const [shape, value] of values) {
      const raw = code === "json" ? component(JSON.stringify(value)) : styled("id", value, code, component);
      expect(readPath("id", raw, code, code === "json" ? "primitive" : shape)).toEqual(value);
    }
  });

  it.each(["form", "form*", "spaceDelimited", "pipeDelimited", "deepObject", "json"])("query style %s", (code) => {
    for (const [shape, value] of values) {
      if (code === "deepObject" && shape !== "object") continue;
      if ((code === "spaceDelimited" || code === "pipeDelimited") && shape === "primitive") continue;
      const search = [styled("id", value, code, component), "other=1"].join("&");
      const members = shape === "object" ? new Set(["role", "firstName"]) : undefined;
      expect(readQuery("id", rawPairs(search), code, code === "json" ? "primitive" : shape, members, new Set(["id", "other"]))).toEqual(value);
    }
  });

  it("keeps encoded delimiters inside values, decodes + as space in queries", () => {
    expect(readQuery("q", rawPairs("q=a%2Cb,c+d"), "form", "array")).toEqual(["a,b", "c d"]);
    expect(readPath("p", "a%2Cb,c", undefined, "array")).toEqual(["a,b", "c"]);
  });

  it("headers in the simple style", () => {
    expect(readHeader("true, false", undefined, "array")).toEqual(["true", "false"]);
    expect(readHeader("id=1,span=2", "simple*", "object")).toEqual({ id: "1", span: "2" });
  });

  it("refuses values in another style", () => {
    expect(() => readPath("id", "3,4", "label", "array")).toThrow(Unreadable);
    expect(() => readPath("id", ";other=1", "matrix", "primitive")).toThrow(/;id=/);
    expect(() => readPath("id", "a,b,c", "simple", "object")).toThrow(/key without a value/);
    expect(() => readQuery("id", rawPairs("id=%7Bnope"), "json", "primitive")).toThrow(/JSON/);
  });
});

const op = (operationId: string, path: string): MockOperation => ({ operationId, method: "get", path, parameters: [], security: [], responses: [] });

describe("routing", () => {
  it("a broken escape is only ours when the path starts like one of our routes", () => {
    const router = new OperationRouter([op("a", "/widgets/{id}/parts")]);
    expect(router.match("get", "/widgets%zz/x")).toMatchObject({ status: 400 });
    expect(router.match("get", "/gadgets/%zz/x/y")).toBeUndefined();
  });

  it("server URL templates expand to every enum value", () => {
    expect(
      serverUrls("{s}://api.test/v{v}/{t}", { s: { default: "https", enum: ["https", "http"] }, v: { default: "1", enum: ["1", "2"] }, t: { default: "x" } }),
    ).toEqual(["https://api.test/v1/x", "https://api.test/v2/x", "http://api.test/v1/x", "http://api.test/v2/x"]);
  });
});
