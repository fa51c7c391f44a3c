/** Table-driven tests of the helpers every emitter prints through. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { camelCase, derivedOperationName, methodName, methodNameProblem, pascalCase, propertyAccess, propertyKey, safeIdentifier } from "../src/model/names.js";
import { docComment, literal, statusIndex, stringLiteral } from "../src/emit/print.js";
import { assertUniquePaths, writeAll } from "../src/write/write-files.js";

describe("names", () => {
  it.each([
    { given: "invoice", pascal: "Invoice", camel: "invoice" },
    { given: "integrator-auth", pascal: "IntegratorAuth", camel: "integratorAuth" },
    { given: "online_psp v1", pascal: "OnlinePspV1", camel: "onlinePspV1" },
    { given: "3ds", pascal: "_3ds", camel: "_3ds" },
    { given: "getHTTPStatus", pascal: "GetHTTPStatus", camel: "getHTTPStatus" },
  ])("$given → $pascal / $camel", ({ given, pascal, camel }) => {
    expect(pascalCase(given)).toBe(pascal);
    expect(camelCase(given)).toBe(camel);
  });

  it.each([
    { given: "merchantId", want: "merchantId" },
    { given: "class", want: "class_" },
    { given: "x-ibm-client-id", want: "xIbmClientId" },
    { given: "$ref", want: "$ref" },
    { given: "then", want: "then_" },
    { given: "__proto__", want: "__proto___" },
    { given: "toString", want: "toString_" },
  ])("safeIdentifier($given) = $want", ({ given, want }) => {
    expect(safeIdentifier(given)).toBe(want);
  });

  it.each([
    { given: "InvoiceId", want: "InvoiceId" },
    { given: "application/json", want: '"application/json"' },
    { given: "2XX", want: '"2XX"' },
    { given: "__proto__", want: '["__proto__"]' },
  ])("propertyKey($given) = $want", ({ given, want }) => {
    expect(propertyKey(given)).toBe(want);
  });

  it.each([
    { given: "createInvoice", want: "createInvoice" },
    { given: "delete", want: "delete" },
    { given: "then", want: "then_" },
    { given: "constructor", want: "constructor_" },
    { given: "__proto__", want: "__proto___" },
    { given: "hasOwnProperty", want: "hasOwnProperty_" },
    { given: "raw", want: "raw" }, // the raw client is create<P>RawClient(), not a member
    { given: "poll", want: "poll_" },
    // Issue 16: ids that are not identifiers become camelCase methods.
    { given: "list-widgets-v2", want: "listWidgetsV2" },
    { given: "2ndCreateWidget", want: "op2ndCreateWidget" },
    { given: "find pet by id", want: "findPetById" },
    { given: "pets.get", want: "petsGet" },
    { given: "to-string", want: "toString_" },
    { given: "---", want: "operation" },
  ])("methodName($given) = $want", ({ given, want }) => {
    expect(methodName(given)).toBe(want);
  });

  it.each([
    { method: "get", path: "/widgets", want: "getWidgets" },
    { method: "get", path: "/widgets/{widget-id}/parts", want: "getWidgetsByWidgetIdParts" },
    { method: "post", path: "/items:search", want: "postItemsSearch" },
    { method: "get", path: "/", want: "getRoot" },
    { method: "delete", path: "/v1/pets/{pet.id}", want: "deleteV1PetsByPetId" },
  ])("derivedOperationName($method, $path) = $want", ({ method, path, want }) => {
    expect(derivedOperationName(method, path)).toBe(want);
  });

  it("validates x-mpkit-method-name", () => {
    expect(methodNameProblem("searchItems")).toBeUndefined();
    expect(methodNameProblem("search-items")).toMatch(/must be a JavaScript identifier/);
    expect(methodNameProblem(12)).toMatch(/must be a JavaScript identifier/);
    expect(methodNameProblem("then")).toMatch(/already has/);
    expect(methodNameProblem("poll")).toMatch(/already has/);
  });

  it.each([
    { given: "Problem", want: ".Problem" },
    { given: "Bad-Request", want: '["Bad-Request"]' },
    { given: "__proto__", want: '["__proto__"]' },
  ])("propertyAccess($given) = $want", ({ given, want }) => {
    expect(propertyAccess(given)).toBe(want);
  });
});

describe("docComment", () => {
  it.each([
    { name: "nothing", given: undefined, want: "" },
    { name: "one line", given: "Get an invoice", want: "/**\n * Get an invoice\n */\n" },
    { name: "a comment terminator", given: "ends */ here", want: "/**\n * ends *\\/ here\n */\n" },
    { name: "paragraphs", given: ["Title", "Body\r\nline 2"], want: "/**\n * Title\n *\n * Body\n * line 2\n */\n" },
    { name: "control characters", given: "a\u2028b\u0007c", want: "/**\n * a b c\n */\n" },
  ])("$name", ({ given, want }) => {
    expect(docComment(given)).toBe(want);
  });
});

describe("literal", () => {
  it.each([
    { name: "scalars", given: [1, "a", null, true], want: '[1, "a", null, true]' },
    { name: "an empty object", given: {}, want: "{}" },
    { name: "identifier and quoted keys", given: { a: 1, "b-c": 2 }, want: '{\n  a: 1,\n  "b-c": 2,\n}' },
    { name: "nested objects", given: { a: { b: [] } }, want: "{\n  a: {\n    b: [],\n  },\n}" },
    { name: "line separators", given: "x\u2028y", want: '"x\\u2028y"' },
    { name: "undefined members", given: { a: undefined, b: 1 }, want: "{\n  b: 1,\n}" },
    { name: "a __proto__ key, computed", given: JSON.parse('{"__proto__": 1}'), want: '{\n  ["__proto__"]: 1,\n}' },
  ])("$name", ({ given, want }) => {
    expect(literal(given)).toBe(want);
  });

  it("prints a __proto__ key that evaluates back to an own entry, not a prototype", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const back = new Function(`return ${literal(value)};`)() as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it("prints JSON that evaluates back to the same value", () => {
    const value = { "*/": "</script>", list: [{ x: "\u2029" }], n: -0.5 };
    // eslint-disable-next-line no-new-func
    expect(new Function(`return ${literal(value)};`)()).toEqual(value);
  });

  it.each([
    { given: "200", want: "200" },
    { given: "4XX", want: '"4XX"' },
    { given: "default", want: '"default"' },
  ])("statusIndex($given) = $want", ({ given, want }) => {
    expect(statusIndex(given)).toBe(want);
  });

  it("escapes strings for JavaScript", () => {
    expect(stringLiteral('a"b\\c\u2028')).toBe('"a\\"b\\\\c\\u2028"');
  });
});

describe("writing files", () => {
  it("refuses two emitters claiming one path", () => {
    expect(() =>
      assertUniquePaths([
        { path: "a.ts", contents: "1" },
        { path: "a.ts", contents: "2" },
      ]),
    ).toThrow(/two emitters produced a\.ts/);
  });

  it("writes all files or none", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "mpkit-write-"));
    try {
      writeFileSync(path.join(root, "kept.ts"), "old\n");
      // A file where a folder must go makes the second write fail after the first was staged.
      writeFileSync(path.join(root, "blocked"), "not a folder\n");
      const failed = writeAll(root, [
        { path: "kept.ts", contents: "new\n" },
        { path: "blocked/inner.ts", contents: "x\n" },
      ]);
      await expect(failed).rejects.toThrow();
      expect(readFileSync(path.join(root, "kept.ts"), "utf8")).toBe("old\n");

      mkdirSync(path.join(root, "ok"));
      const written = await writeAll(root, [
        { path: "kept.ts", contents: "new\n" },
        { path: "ok/inner.ts", contents: "x\n" },
      ]);
      expect(written).toEqual(["kept.ts", "ok/inner.ts"]);
      expect(readFileSync(path.join(root, "kept.ts"), "utf8")).toBe("new\n");
      // Unchanged files are not rewritten.
      expect(await writeAll(root, [{ path: "kept.ts", contents: "new\n" }])).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
