/**
 * The model's example check answers without Ajv where it can (`model/quick-check.ts`); Ajv
 * decides the rest. These tests hold the two to the same verdicts, messages and cut-back samples:
 * over every schema of the products and the corpus, with their examples, sampled
 * values and broken variants of both, and on the keywords and values where they could part.
 *
 * The compiled CLI also answers most of Redocly's example checks with `redoclyExampleValid`
 * (`src/load/redocly-examples.ts`, the same walk with closed objects) before Redocly compiles a
 * validator. It may only ever say "valid" where Redocly's own validator does: every example check
 * of linting the products and the corpus (Redocly's real calls, with their schemas, locations and
 * resolvers; the lint that loads the documents for the tests above), and broken and edited
 * variants of each example, go to both.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { sample } from "openapi-sampler";
import { beforeAll, describe, expect, it } from "vitest";
import { lintProduct, listProducts, loadProduct } from "../src/load/load-spec.js";
import { redoclyExampleValid, type RedoclyValidateOptions } from "../src/load/redocly-examples.js";
import { QuickCheck } from "../src/model/quick-check.js";
import { ExampleSampler } from "../src/model/sample-examples.js";
import { corpusRoot, repoRoot } from "./helpers.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const escape = (t: string) => t.replace(/~/g, "~0").replace(/\//g, "~1");

/** Every `schema` of a parameter, header or media type and every component schema, with the examples found beside it. */
function schemaPointers(doc: Obj): { pointer: string; values: unknown[] }[] {
  const found: { pointer: string; values: unknown[] }[] = [];
  const walk = (node: unknown, pointer: string, key: string | undefined): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${pointer}/${i}`, undefined));
    if (!isObj(node)) return;
    if (isObj(node.schema)) {
      const values: unknown[] = [];
      if ("example" in node) values.push(node.example);
      if (isObj(node.examples)) for (const e of Object.values(node.examples)) if (isObj(e) && "value" in e) values.push(e.value);
      found.push({ pointer: `${pointer}/schema`, values });
    }
    for (const [k, v] of Object.entries(node)) {
      if (key === "schemas" && isObj(v)) found.push({ pointer: `${pointer}/${escape(k)}`, values: "example" in v ? [v.example] : [] });
      else walk(v, `${pointer}/${escape(k)}`, k);
    }
  };
  walk(doc, "", undefined);
  return found;
}

/** Broken and edited copies of a value: each key left out, replaced, one added; items dropped and doubled. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [null, "x", 7, 2.5, true, [], {}, [value], { value }];
  if (isObj(value)) {
    out.push({ ...value, extraKey: 1 });
    for (const key of Object.keys(value)) {
      const { [key]: _left, ...rest } = value;
      out.push(rest);
      for (const replacement of [null, "", "not-a-date", -1, 1e12, 0.5, [], {}, true]) out.push({ ...value, [key]: replacement });
      const inner = value[key];
      if (isObj(inner) || Array.isArray(inner)) for (const v of variants(inner).slice(9, 14)) out.push({ ...value, [key]: v });
    }
  }
  if (Array.isArray(value)) {
    out.push(value.slice(1), [...value, ...value], [...value, null]);
    if (value.length > 0) for (const v of variants(value[0]).slice(9, 20)) out.push([v, ...value.slice(1)]);
  }
  if (typeof value === "string") out.push(`${value}x`, value.slice(1), "", "a".repeat(300), "😀".repeat(3));
  if (typeof value === "number") out.push(value + 1, value - 1, -value, value + 0.5, 2 ** 31, 0);
  return out;
}

async function documents(root: string): Promise<Obj[]> {
  const docs: Obj[] = [];
  for (const product of await listProducts(root)) {
    try {
      docs.push((await loadProduct(root, product)).document);
    } catch {
      // a product whose spec is refused has no document to check against
    }
  }
  return docs;
}

/** Broken and edited copies of an example for Redocly's checks (fewer: each is validated by Redocly's Ajv). */
function redoclyVariants(value: unknown): unknown[] {
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

type Validate = (data: unknown, schema: unknown, options: RedoclyValidateOptions) => { valid: boolean };
async function redoclyValidator(): Promise<{ validate: Validate }> {
  const file = path.join(repoRoot, "node_modules", "@redocly", "openapi-core", "lib", "rules", "ajv.js");
  return (await import(pathToFileURL(file).href)).AjvValidator.prototype;
}

/** Redocly's example checks met while the documents load (lint comes first), each also asked of the shortcut. */
const redocly = { calls: 0, direct: 0, shortcut: 0, wrong: [] as string[] };
let loading: Promise<Obj[]> | undefined;
/** The products' and the corpus's bundled documents, loaded once for both describes. */
function loadDocuments(): Promise<Obj[]> {
  loading ??= (async () => {
    const proto = await redoclyValidator();
    const original = proto.validate;
    proto.validate = function (this: unknown, data, schema, options) {
      redocly.calls++;
      if (redoclyExampleValid(data, schema, options)) redocly.direct++;
      for (const value of [data, ...redoclyVariants(data)]) {
        if (!redoclyExampleValid(value, schema, options)) continue;
        redocly.shortcut++;
        if (!original.call(this, value, schema, options).valid) redocly.wrong.push(`${options.schemaLoc.source.absoluteRef} ${JSON.stringify(value).slice(0, 200)}`);
      }
      return original.call(this, data, schema, options);
    };
    try {
      const docs: Obj[] = [];
      for (const root of [repoRoot, corpusRoot]) docs.push(...(await documents(root)));
      return docs;
    } finally {
      proto.validate = original;
    }
  })();
  return loading;
}

describe("the shortcut for Redocly's example rules", () => {
  beforeAll(() => loadDocuments(), 120_000);

  it("says valid only where Redocly's validator does, for the products' and the corpus's examples and their variants", () => {
    expect(redocly.wrong).toEqual([]);
    expect(redocly.calls).toBeGreaterThan(100);
    // It answers for most examples (the rest go to Redocly's Ajv).
    expect(redocly.direct).toBeGreaterThan(redocly.calls / 2);
    expect(redocly.shortcut).toBeGreaterThan(redocly.direct);
  });
});

describe("the quick example check gives Ajv's answers", () => {
  let docs: Obj[] = [];
  beforeAll(async () => {
    docs = await loadDocuments();
  }, 120_000);

  it("on every schema of the products and the corpus, for examples, samples and broken variants", () => {
    expect(docs.length).toBeGreaterThan(5);
    let answered = 0;
    let compared = 0;
    for (const doc of docs) {
      const fast = new ExampleSampler(doc);
      const ajv = new ExampleSampler(doc, { quick: false });
      // The sampler's own quick check, with Ajv's formats.
      const quick = (fast as unknown as { quick: QuickCheck }).quick;
      for (const { pointer, values } of schemaPointers(doc)) {
        let schema: unknown = doc;
        for (const t of pointer.split("/").slice(1)) schema = (schema as Obj)[t.replace(/~1/g, "/").replace(/~0/g, "~")];
        const candidates = [...values];
        try {
          const sampled = sample(schema as object, { skipReadOnly: false, skipWriteOnly: true }, doc);
          if (sampled !== undefined) candidates.push(sampled);
        } catch {
          // the sampler gives up on some schemas; the examples are still compared
        }
        // Every value for the operations' schemas; a spread of them for the component schemas (reached through `$ref`s anyway).
        const all = [...candidates, ...candidates.flatMap(variants)];
        for (const value of pointer.startsWith("/components/schemas/") ? all.filter((_, i) => i % 11 === 0) : all) {
          compared++;
          expect(fast.invalid(pointer, value), `${pointer} ${JSON.stringify(value)}`).toBe(ajv.invalid(pointer, value));
          if (quick.check(pointer, value) !== undefined) answered++;
        }
        for (const value of candidates) expect(fast.validSample(pointer, value)).toEqual(ajv.validSample(pointer, value));
      }
    }
    // The quick check answers most of them (the others are Ajv's).
    expect(compared).toBeGreaterThan(5000);
    expect(answered).toBeGreaterThan(compared / 4);
  }, 120_000);
});

describe("the quick check answers only where it is exact", () => {
  const formats = { date: /^\d{4}-\d\d-\d\d$/, int32: { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 } } as const;
  /** The quick answer, held to Ajv's (ExampleSampler without the quick check) wherever it gives one. */
  const check = (schema: unknown, value: unknown, extra: Obj = {}) => {
    const doc = { components: { schemas: { s: schema, ...extra } } };
    const answer = new QuickCheck(doc, formats).check("/components/schemas/s", value);
    if (answer !== undefined && !JSON.stringify(schema).includes('"format"')) {
      expect(new ExampleSampler(doc, { quick: false }).invalid("/components/schemas/s", value) === undefined, JSON.stringify(schema)).toBe(answer);
    }
    return answer;
  };

  it("checks the keywords it knows", () => {
    const person = { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 2, maxLength: 3 }, age: { type: "integer", minimum: 0, format: "int32" } }, additionalProperties: false };
    expect(check(person, { name: "Bo", age: 3 })).toBe(true);
    expect(check(person, { name: "Bo", age: 3.5 })).toBe(false);
    expect(check(person, { name: "B" })).toBe(false);
    expect(check(person, { age: 1 })).toBe(false);
    expect(check(person, { name: "Bob", other: 1 })).toBe(false);
    expect(check(person, { name: "Bob", age: 2 ** 40 })).toBe(false);
    // Ajv counts a surrogate pair as one character.
    expect(check(person, { name: "😀😀😀" })).toBe(true);
    expect(check({ type: "string", format: "date" }, "2024-01-01")).toBe(true);
    expect(check({ type: "string", format: "date" }, "01-01-2024")).toBe(false);
    // A number format does not apply to strings, a string format not to numbers.
    expect(check({ format: "int32" }, "x")).toBe(true);
    expect(check({ format: "date" }, 5)).toBe(true);
    expect(check({ oneOf: [{ type: "integer" }, { type: "number" }] }, 1)).toBe(false);
    expect(check({ oneOf: [{ type: "integer" }, { type: "number" }] }, 1.5)).toBe(true);
    expect(check({ not: { type: "string" } }, 1)).toBe(true);
    expect(check({ type: "array", items: { $ref: "#/components/schemas/t" }, uniqueItems: true }, [{ a: 1 }, { a: 1 }], { t: { type: "object" } })).toBe(false);
    expect(check({ multipleOf: 0.5 }, 1.5)).toBe(true);
    expect(check({ multipleOf: 0.5 }, 1.2)).toBe(false);
    expect(check({ enum: [{ a: [1] }] }, { a: [1] })).toBe(true);
    expect(check({ const: "a" }, "b")).toBe(false);
    expect(check({ type: "array", contains: { type: "string" } }, [1, "a"])).toBe(true);
    expect(check({ type: "array", contains: { type: "string" } }, [1, 2])).toBe(false);
    expect(check({ type: "array", contains: { type: "string" }, minContains: 2, maxContains: 2 }, ["a", 1, "b"])).toBe(true);
    expect(check({ type: "array", contains: { type: "string" }, maxContains: 1 }, ["a", "b"])).toBe(false);
  });

  it("counts the properties each passing subschema evaluated for unevaluatedProperties", () => {
    const base = { type: "object", properties: { a: { type: "string" } } };
    const extra = { properties: { b: { type: "integer" } } };
    expect(check({ allOf: [base, extra], unevaluatedProperties: false }, { a: "x", b: 1 })).toBe(true);
    expect(check({ allOf: [base, extra], unevaluatedProperties: false }, { a: "x", c: 1 })).toBe(false);
    expect(check({ $ref: "#/components/schemas/t", unevaluatedProperties: false }, { a: "x" }, { t: base })).toBe(true);
    expect(check({ $ref: "#/components/schemas/t", unevaluatedProperties: false }, { a: "x", b: 1 }, { t: base })).toBe(false);
    // Only the passing branches of anyOf and oneOf count: `b` here is 1, so the string branch fails.
    const either = { anyOf: [{ properties: { b: { type: "string" } }, required: ["b"] }, { properties: { a: { type: "string" } } }], unevaluatedProperties: false };
    expect(check(either, { a: "x", b: "y" })).toBe(true);
    expect(check(either, { a: "x", b: 1 })).toBe(false);
    expect(check({ oneOf: [{ properties: { b: { type: "string" } }, required: ["b"] }, { required: ["c"] }], unevaluatedProperties: false }, { b: "y" })).toBe(true);
    expect(check({ additionalProperties: true, unevaluatedProperties: false }, { z: 1 })).toBe(true);
    expect(check({ not: { properties: { q: { type: "string" } }, required: ["q"] }, unevaluatedProperties: false }, { z: 1 })).toBe(false);
    expect(check({ unevaluatedProperties: { type: "integer" } }, { z: 1 })).toBe(true);
    expect(check({ unevaluatedProperties: { type: "integer" } }, { z: "1" })).toBe(false);
  });

  it("leaves to Ajv what it does not handle, anywhere Ajv would compile it", () => {
    expect(check({ type: "object", patternProperties: { "^x": {} } }, {})).toBeUndefined();
    expect(check({ unevaluatedItems: false }, [])).toBeUndefined();
    expect(check({ nullable: true, type: "string" }, null)).toBeUndefined();
    expect(check({ format: "no-such-format" }, "x")).toBeUndefined();
    // A branch the value never reaches still stops Ajv from compiling the schema.
    expect(check({ anyOf: [{ type: "string" }, { pattern: "[" }] }, "x")).toBeUndefined();
    expect(check({ type: "object", properties: { a: { $ref: "#/components/schemas/missing" } } }, {})).toBeUndefined();
    expect(check({ type: "object", properties: { a: { if: {} } } }, {})).toBeUndefined();
    expect(check({ minLength: "2" }, "x")).toBeUndefined();
    expect(check({ enum: [] }, "x")).toBeUndefined();
    expect(check({ type: "strings" }, "x")).toBeUndefined();
    // Names Ajv reads through the prototype, and values that are not plain JSON.
    expect(check({ required: ["constructor"] }, {})).toBeUndefined();
    expect(check({ type: "number" }, Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(check({ type: "object" }, new Date(0))).toBeUndefined();
    expect(check({ type: "object", additionalProperties: false }, JSON.parse('{"__proto__": 1}'))).toBeUndefined();
    expect(check({ $ref: "#/components/schemas/s" }, 1)).toBeUndefined();
  });
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
      const proto = await redoclyValidator();
      const original = proto.validate;
      const answers: string[] = [];
      proto.validate = function (this: unknown, data, schema, options) {
        const verdict = original.call(this, data, schema, options).valid;
        const quick = redoclyExampleValid(data, schema, options);
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
