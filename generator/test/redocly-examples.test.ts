/**
 * The compiled CLI answers most of Redocly's example checks with `redoclyExampleValid`
 * (`src/load/redocly-examples.ts`) before Redocly compiles a validator. It may only ever say
 * "valid" where Redocly's own validator does: here every example check of linting the products
 * and the corpus (Redocly's real calls, with their schemas, locations and resolvers), and broken
 * and edited variants of each example, go to both.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintProduct, listProducts } from "../src/load/load-spec.js";
import { redoclyExampleValid, type RedoclyValidateOptions } from "../src/load/redocly-examples.js";
import { corpusRoot, repoRoot } from "./helpers.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function variants(value: unknown): unknown[] {
  const out: unknown[] = [null, "x", 7, [], {}, [value]];
  if (isObj(value)) {
    out.push({ ...value, extraKey: 1 });
    for (const key of Object.keys(value)) {
      const { [key]: _left, ...rest } = value;
      out.push(rest, { ...value, [key]: null }, { ...value, [key]: "" }, { ...value, [key]: -1 }, { ...value, [key]: {} }, { ...value, [key]: [] });
      const inner = value[key];
      if (isObj(inner)) out.push({ ...value, [key]: { ...inner, extraKey: 1 } });
      if (Array.isArray(inner) && isObj(inner[0])) out.push({ ...value, [key]: [{ ...inner[0], extraKey: 1 }] });
    }
  }
  if (Array.isArray(value)) out.push(value.slice(1), [...value, null], value.length > 0 && isObj(value[0]) ? [{ ...value[0], extraKey: 1 }] : [1]);
  if (typeof value === "string") out.push(`${value}x`, "", "a".repeat(300));
  if (typeof value === "number") out.push(value + 0.5, -value, 2 ** 31);
  return out;
}

describe("the shortcut for Redocly's example rules", () => {
  type Validate = (data: unknown, schema: unknown, options: RedoclyValidateOptions) => { valid: boolean };
  let proto: { validate: Validate };
  let original: Validate;
  const seen = { calls: 0, direct: 0, shortcut: 0, values: 0, wrong: [] as string[] };

  beforeAll(async () => {
    const file = path.join(repoRoot, "node_modules", "@redocly", "openapi-core", "lib", "rules", "ajv.js");
    proto = (await import(pathToFileURL(file).href)).AjvValidator.prototype;
    original = proto.validate;
    proto.validate = function (this: unknown, data, schema, options) {
      seen.calls++;
      if (redoclyExampleValid(data, schema, options)) seen.direct++;
      for (const value of [data, ...variants(data)]) {
        seen.values++;
        if (!redoclyExampleValid(value, schema, options)) continue;
        seen.shortcut++;
        if (!original.call(this, value, schema, options).valid) seen.wrong.push(`${options.schemaLoc.source.absoluteRef} ${JSON.stringify(value).slice(0, 200)}`);
      }
      return original.call(this, data, schema, options);
    };
  });
  afterAll(() => {
    proto.validate = original;
  });

  it("says valid only where Redocly's validator does, for the products' and the corpus's examples and their variants", async () => {
    for (const root of [repoRoot, corpusRoot]) for (const product of await listProducts(root)) await lintProduct(root, product);
    expect(seen.wrong).toEqual([]);
    expect(seen.calls).toBeGreaterThan(100);
    // It answers for most examples (the rest go to Redocly's Ajv).
    expect(seen.direct).toBeGreaterThan(seen.calls / 2);
    expect(seen.shortcut).toBeGreaterThan(seen.direct);
  }, 120_000);
});

/** Schemas where Redocly's closed objects and composition could part from a plain 2020-12 check. */
const TRICKY = `openapi: 3.1.0
info: { title: t, version: "1", description: d, license: { name: MIT } }
servers: [{ url: "https://api.mpkit.test" }]
tags: [{ name: t, description: d }]
paths:
  /things:
    post:
      operationId: makeThing
      summary: s
      description: d
      tags: [t]
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Thing" }
            examples:
              both: { value: { a: "x", b: 1 } }
              extra: { value: { a: "x", b: 1, c: true } }
              either: { value: { kind: { a: "x", b: "y" } } }
              ro: { value: { a: "x", b: 1, id: "1" } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Choice" }
              examples:
                a: { value: { a: "x" } }
                ab: { value: { a: "x", b: "y" } }
                one: { value: { n: 1 } }
        "400": { description: bad }
  /others:
    post:
      operationId: makeOther
      summary: s
      description: d
      tags: [t]
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Other" }
            examples:
              both: { value: { a: "x", b: 2 } }
              extra: { value: { a: "x", b: 2, c: true } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Either" }
              examples:
                a: { value: { a: "x" } }
                ab: { value: { a: "x", b: "y" } }
        "400": { description: bad }
components:
  schemas:
    Other:
      allOf:
        - { $ref: "#/components/schemas/A" }
        - { type: object, properties: { b: { type: integer } } }
    Either:
      anyOf:
        - { $ref: "#/components/schemas/A" }
        - { $ref: "#/components/schemas/B" }
    A: { type: object, properties: { a: { type: string } } }
    B: { type: object, properties: { b: { type: string } } }
    Thing:
      allOf:
        - { $ref: "#/components/schemas/A" }
        - { type: object, properties: { b: { type: integer }, id: { type: string, readOnly: true }, kind: { $ref: "#/components/schemas/Choice" } } }
    Choice:
      anyOf:
        - { $ref: "#/components/schemas/A" }
        - { $ref: "#/components/schemas/B" }
        - { oneOf: [{ type: object, properties: { n: { type: integer } } }, { type: object, properties: { n: { type: number } } }] }
`;

describe("the shortcut on schemas where Redocly's closed objects matter", () => {
  it("never says valid where Redocly refuses (anyOf of $refs, allOf, oneOf, readOnly)", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "mpkit-redocly-examples-"));
    try {
      writeFileSync(path.join(root, "redocly.yaml"), readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8").replace(/^apis:\n(?: {2}.*\n| {4}.*\n)*/m, "apis:\n  t:\n    root: openapi.yaml\n"));
      writeFileSync(path.join(root, "openapi.yaml"), TRICKY);
      const file = path.join(repoRoot, "node_modules", "@redocly", "openapi-core", "lib", "rules", "ajv.js");
      const proto = (await import(pathToFileURL(file).href)).AjvValidator.prototype as { validate: (...args: unknown[]) => { valid: boolean } };
      const original = proto.validate;
      const answers: string[] = [];
      proto.validate = function (this: unknown, data, schema, options) {
        const verdict = original.call(this, data, schema, options).valid;
        const quick = redoclyExampleValid(data, schema, options as RedoclyValidateOptions);
        answers.push(`${JSON.stringify(data)} redocly:${verdict} quick:${quick}`);
        return original.call(this, data, schema, options);
      };
      try {
        await lintProduct(root, { name: "t", specFile: "openapi.yaml" });
      } finally {
        proto.validate = original;
      }
      expect(answers.filter((a) => a.includes("redocly:false quick:true"))).toEqual([]);
      // Redocly refuses {a, b} against anyOf [$ref A, $ref B]: each referenced schema is closed.
      expect(answers).toContain('{"a":"x","b":"y"} redocly:false quick:false');
      expect(answers).toContain('{"a":"x"} redocly:true quick:true');
      expect(answers).toContain('{"a":"x","b":2} redocly:true quick:true');
      // Stricter than Redocly (which leaves an allOf without properties of its own open): Redocly decides.
      expect(answers).toContain('{"a":"x","b":2,"c":true} redocly:true quick:false');
      // readOnly in a request, and oneOf, are Redocly's alone.
      expect(answers).toContain('{"a":"x","b":1,"id":"1"} redocly:false quick:false');
      expect(answers).toContain('{"n":1} redocly:false quick:false');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
