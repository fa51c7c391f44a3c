/**
 * A JSON Schema 2020-12 check without code generation, for values checked once (spec examples,
 * samples). Ajv compiles a validator for every schema it meets (a few ms each, most of the
 * model's CPU), which pays for a schema that validates thousands of values, not for one that
 * validates one example. This walks the schema instead.
 *
 * It is exact where it answers and says "don't know" (undefined) elsewhere; the caller then asks
 * Ajv (`ExampleSampler`), which also words every refusal, so the results, messages and cut-back
 * samples are Ajv's in every case:
 * - `true` only where Ajv (the `ExampleSampler` instance: 2020-12, `strict: false`, its formats)
 *   accepts the value, `false` only where it refuses it; a keyword, keyword value or `$ref` it
 *   does not handle exactly (`$id`, `patternProperties`, `unevaluatedItems`, `if`, a pattern
 *   `u`-mode RegExp refuses, a format Ajv does not know …) anywhere in the schemas reachable from
 *   the one asked about makes the answer undefined, because Ajv compiles (and may refuse to
 *   compile) all of them, whichever parts the value reaches;
 * - values other than plain JSON (non-finite numbers, objects with a prototype other than
 *   `Object.prototype`, own `__proto__` keys) and property names `Object.prototype` has
 *   (`constructor`, `toString` …, which Ajv reads through the prototype) make it undefined too.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A format as Ajv holds it (`ajv.formats[name]`). */
export type FormatDefinition =
  | true
  | RegExp
  | ((value: string) => boolean)
  | { type?: string; validate: RegExp | ((value: never) => boolean); async?: boolean };

class Unknown extends Error {}
/** Properties an object value's schema evaluated: some, or all of them. */
type Evaluated = ReadonlySet<string> | typeof ALL;
const ALL = "all" as const;
const NONE: ReadonlySet<string> = new Set();
const UNKNOWN = new Unknown();

/** Keywords that never make a value invalid (Ajv ignores them or keeps them as annotations). */
const ANNOTATIONS = new Set([
  "title",
  "description",
  "default",
  "examples",
  "example",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "discriminator",
  "xml",
  "externalDocs",
  "$defs",
  "definitions",
  "contentMediaType",
  "contentEncoding",
]);
const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const NUMBER_KEYWORDS = new Set([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minContains",
  "maxContains",
]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);

const plainProto = Object.prototype;
/** Names Ajv would find through the prototype of a plain object. */
const inherited = (name: string) => name === "__proto__" || name in plainProto;

/** Ajv's string length: a surrogate pair counts once. */
function ucs2length(str: string): number {
  let length = 0;
  let pos = 0;
  while (pos < str.length) {
    length++;
    const value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < str.length && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}

/** fast-deep-equal over plain JSON values (what Ajv's `enum`, `const` and `uniqueItems` use). */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (isObj(a) && isObj(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}

/** Resolves a `$ref` met in a schema read from `base` (a file, for Redocly's documents): the target and the base of its own `$ref`s. */
export type RefResolver = (ref: string, base: string) => { node: unknown; base: string } | undefined;

export interface QuickCheckOptions {
  /**
   * Redocly's example rules with `allowAdditionalProperties: false`: an object must have no
   * property the schema did not evaluate. Checked more strictly than Redocly does (at every
   * schema with `properties`, a composition or a `$ref`, except inside a composition's
   * branches, and at every `$ref`ed schema with `properties` that is not an `allOf` branch), so
   * that `true` still means Redocly accepts; anything stricter is left to Redocly's own Ajv.
   */
  closed?: boolean;
  /** Follows `$ref`s; by default, local ones (`#/…`) into the document. */
  resolve?: RefResolver;
}

export class QuickCheck {
  /** Schema objects whose whole reachable graph was found to be handled. */
  private readonly handled = new WeakSet<object>();
  private readonly patterns = new Map<string, RegExp>();
  private readonly closed: boolean;
  private readonly resolve: RefResolver;

  constructor(
    private readonly document: Obj,
    private readonly formats: Readonly<Record<string, FormatDefinition | undefined>>,
    options: QuickCheckOptions = {},
  ) {
    this.closed = options.closed === true;
    this.resolve =
      options.resolve ??
      ((ref, base) => {
        const node = this.ref(ref);
        return node === undefined ? undefined : { node, base };
      });
  }

  /** Whether `value` is valid against the schema at `pointer` (a JSON pointer into the document), or undefined when only Ajv can say. */
  check(pointer: string, value: unknown): boolean | undefined {
    const schema = this.at(pointer);
    if (schema === undefined) return undefined;
    return this.checkSchema(schema, "", value);
  }

  /** Whether `value` is valid against `schema` (read from `base`), or undefined when only Ajv can say. */
  checkSchema(schema: unknown, base: string, value: unknown): boolean | undefined {
    if (!this.handles(schema, base)) return undefined;
    try {
      return this.evaluate(schema, base, value, 0, true, false) !== false;
    } catch (error) {
      if (error instanceof Unknown) return undefined;
      throw error;
    }
  }

  private at(pointer: string): unknown {
    return this.walk(pointer.replace(/^#/, "").split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~")));
  }

  /** The node at the tokens of a pointer that starts with "/" (first token ""), or undefined. */
  private walk(tokens: string[]): unknown {
    if (tokens.length === 1 && tokens[0] === "") return this.document;
    if (tokens[0] !== "") return undefined;
    let node: unknown = this.document;
    for (const token of tokens.slice(1)) {
      if (!(isObj(node) || Array.isArray(node)) || !Object.hasOwn(node, token)) return undefined;
      node = (node as Obj)[token];
    }
    return node;
  }

  /** The target of a local `$ref` (its fragment percent-decoded, as Ajv reads it), or undefined. */
  private ref(ref: unknown): unknown {
    if (typeof ref !== "string" || !ref.startsWith("#")) return undefined;
    try {
      return this.walk(ref.slice(1).split("/").map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~")));
    } catch {
      return undefined;
    }
  }

  private pattern(source: string): RegExp | undefined {
    let re = this.patterns.get(source);
    if (re === undefined) {
      try {
        re = new RegExp(source, "u");
      } catch {
        return undefined;
      }
      this.patterns.set(source, re);
    }
    return re;
  }

  /** Whether every schema reachable from `root` uses only what `valid` handles exactly (what Ajv would compile). */
  private handles(root: unknown, rootBase: string): boolean {
    const seen = new Set<object>();
    const visit = (schema: unknown, base: string = rootBase): boolean => {
      if (typeof schema === "boolean") return true;
      if (!isObj(schema)) return false;
      if (this.handled.has(schema) || seen.has(schema)) return true;
      seen.add(schema);
      for (const [key, value] of Object.entries(schema)) {
        // Redocly's Ajv acts on these (by request or response, and by the discriminator's value).
        if (this.closed && (key === "readOnly" || key === "writeOnly" || key === "discriminator")) return false;
        if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
        switch (key) {
          case "$ref": {
            const target = typeof value === "string" ? this.resolve(value, base) : undefined;
            if (target === undefined || !visit(target.node, target.base)) return false;
            break;
          }
          case "type":
            if (!(typeof value === "string" ? TYPES.has(value) : Array.isArray(value) && value.length > 0 && value.every((t) => typeof t === "string" && TYPES.has(t)))) return false;
            break;
          case "enum":
            if (!Array.isArray(value) || value.length === 0) return false;
            break;
          case "const":
            break;
          case "required":
            if (!Array.isArray(value) || !value.every((n) => typeof n === "string" && !inherited(n))) return false;
            break;
          case "properties":
            if (!isObj(value) || Object.keys(value).some(inherited) || !Object.values(value).every((sub) => visit(sub, base))) return false;
            break;
          case "additionalProperties":
          case "unevaluatedProperties":
          case "items":
          case "contains":
          case "not":
            if (!visit(value, base)) return false;
            break;
          case "allOf":
          case "anyOf":
          case "oneOf":
            if (!Array.isArray(value) || value.length === 0 || !value.every((sub) => visit(sub, base))) return false;
            break;
          case "pattern":
            if (typeof value !== "string" || this.pattern(value) === undefined) return false;
            break;
          case "format": {
            if (typeof value !== "string") return false;
            const def = Object.hasOwn(this.formats, value) ? this.formats[value] : undefined;
            if (def === undefined || (typeof def === "object" && !(def instanceof RegExp) && def.async === true)) return false;
            break;
          }
          case "multipleOf":
            if (typeof value !== "number" || !Number.isFinite(value)) return false;
            break;
          case "uniqueItems":
            if (typeof value !== "boolean") return false;
            break;
          default:
            if (NUMBER_KEYWORDS.has(key)) {
              if (typeof value !== "number" || !Number.isFinite(value)) return false;
              break;
            }
            return false;
        }
      }
      return true;
    };
    const ok = visit(root, rootBase);
    if (ok) for (const schema of seen) this.handled.add(schema);
    return ok;
  }

  private typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    switch (typeof value) {
      case "string":
      case "boolean":
        return typeof value;
      case "number":
        if (!Number.isFinite(value)) throw UNKNOWN;
        return "number";
      case "object": {
        const proto = Object.getPrototypeOf(value);
        if ((proto !== plainProto && proto !== null) || Object.hasOwn(value, "__proto__")) throw UNKNOWN;
        return "object";
      }
      default:
        throw UNKNOWN;
    }
  }

  private format(name: string, value: unknown): boolean {
    const def = this.formats[name]!;
    if (def === true) return true;
    let type = "string";
    let test: RegExp | ((value: never) => boolean);
    if (def instanceof RegExp || typeof def === "function") test = def;
    else {
      type = def.type ?? "string";
      test = def.validate;
    }
    if (typeof value !== type) return true;
    if (test instanceof RegExp) {
      test.lastIndex = 0;
      return test.test(value as string);
    }
    return Boolean((test as (value: unknown) => boolean)(value));
  }

  /** A subschema applied to a property, an item or the like: a "plain" position (see `closed`). */
  private valid(schema: unknown, base: string, value: unknown, depth: number): boolean {
    return this.evaluate(schema, base, value, depth, true, false) !== false;
  }

  /**
   * `false` when `value` is invalid; else the properties of an object value the schema
   * evaluated (JSON Schema's annotations for `unevaluatedProperties`: those `properties` matched,
   * every one when `additionalProperties` or `unevaluatedProperties` is there, and those of each
   * subschema that passed: `$ref`, `allOf`, every passing `anyOf` branch, the `oneOf` one).
   */
  private evaluate(schema: unknown, base: string, value: unknown, depth: number, plain: boolean, allOfBranch: boolean): Evaluated | false {
    if (typeof schema === "boolean") return schema ? NONE : false;
    if (depth > 500) throw UNKNOWN;
    const s = schema as Obj;
    const type = this.typeOf(value);
    let evaluated: Evaluated = NONE;
    const add = (more: Evaluated) => {
      if (more === NONE || evaluated === ALL) return;
      if (more === ALL) evaluated = ALL;
      else evaluated = new Set([...(evaluated as Set<string>), ...more]);
    };
    // Checked more strictly than Redocly (closed), a subschema could fail where Redocly's passes:
    // stricter is safe where a failing subschema fails the whole, not for `not`, the other
    // `oneOf` branches or `maxContains`.
    if (this.closed && (s.not !== undefined || s.oneOf !== undefined || s.maxContains !== undefined)) throw UNKNOWN;
    if (s.$ref !== undefined) {
      const target = this.resolve(s.$ref as string, base)!;
      // Redocly checks a `$ref`ed schema's own properties wherever it is used but as an `allOf` branch.
      const result = this.evaluate(target.node, target.base, value, depth + 1, plain || !allOfBranch, false);
      if (result === false) return false;
      add(result);
    }
    if (s.type !== undefined) {
      const types = typeof s.type === "string" ? [s.type] : (s.type as string[]);
      const ok = types.some((t) => t === type || (t === "integer" && type === "number" && Number.isInteger(value)));
      if (!ok) return false;
    }
    if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => equal(e, value))) return false;
    if ("const" in s && !equal(s.const, value)) return false;
    switch (type) {
      case "number": {
        const n = value as number;
        if (typeof s.minimum === "number" && !(n >= s.minimum)) return false;
        if (typeof s.maximum === "number" && !(n <= s.maximum)) return false;
        if (typeof s.exclusiveMinimum === "number" && !(n > s.exclusiveMinimum)) return false;
        if (typeof s.exclusiveMaximum === "number" && !(n < s.exclusiveMaximum)) return false;
        if (typeof s.multipleOf === "number") {
          if (s.multipleOf === 0) return false;
          const res = n / s.multipleOf;
          if (res !== parseInt(res as unknown as string)) return false;
        }
        break;
      }
      case "string": {
        const str = value as string;
        if (typeof s.minLength === "number" || typeof s.maxLength === "number") {
          const length = ucs2length(str);
          if (typeof s.minLength === "number" && length < s.minLength) return false;
          if (typeof s.maxLength === "number" && length > s.maxLength) return false;
        }
        if (typeof s.pattern === "string" && !this.pattern(s.pattern)!.test(str)) return false;
        break;
      }
      case "array": {
        const list = value as unknown[];
        if (typeof s.minItems === "number" && list.length < s.minItems) return false;
        if (typeof s.maxItems === "number" && list.length > s.maxItems) return false;
        if (s.items !== undefined && !list.every((item) => this.valid(s.items, base, item, depth + 1))) return false;
        if (s.uniqueItems === true) {
          for (let i = 1; i < list.length; i++) for (let j = 0; j < i; j++) if (equal(list[i], list[j])) return false;
        }
        if (s.contains !== undefined) {
          const matching = list.filter((item) => this.valid(s.contains, base, item, depth + 1)).length;
          const min = typeof s.minContains === "number" ? s.minContains : 1;
          if (matching < min || (typeof s.maxContains === "number" && matching > s.maxContains)) return false;
        }
        break;
      }
      case "object": {
        const obj = value as Obj;
        const keys = Object.keys(obj);
        if (keys.some(inherited)) throw UNKNOWN;
        if (typeof s.minProperties === "number" && keys.length < s.minProperties) return false;
        if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) return false;
        if (Array.isArray(s.required) && !s.required.every((name) => Object.hasOwn(obj, name as string))) return false;
        const props = isObj(s.properties) ? s.properties : undefined;
        if (props) {
          const matched = new Set<string>();
          for (const [name, sub] of Object.entries(props)) {
            if (!Object.hasOwn(obj, name)) continue;
            if (!this.valid(sub, base, obj[name], depth + 1)) return false;
            matched.add(name);
          }
          add(matched);
        }
        if (s.additionalProperties !== undefined) {
          for (const key of keys) {
            if (props && Object.hasOwn(props, key)) continue;
            if (!this.valid(s.additionalProperties, base, obj[key], depth + 1)) return false;
          }
          add(ALL);
        }
        break;
      }
    }
    if (typeof s.format === "string" && !this.format(s.format, value)) return false;
    if (Array.isArray(s.allOf)) {
      for (const sub of s.allOf) {
        const result = this.evaluate(sub, base, value, depth + 1, false, true);
        if (result === false) return false;
        add(result);
      }
    }
    if (Array.isArray(s.anyOf)) {
      let any = false;
      // Every branch: the properties of each passing one count as evaluated.
      for (const sub of s.anyOf) {
        const result = this.evaluate(sub, base, value, depth + 1, false, false);
        if (result === false) continue;
        any = true;
        add(result);
      }
      if (!any) return false;
    }
    if (Array.isArray(s.oneOf)) {
      let passing: Evaluated | undefined;
      for (const sub of s.oneOf) {
        const result = this.evaluate(sub, base, value, depth + 1, false, false);
        if (result === false) continue;
        if (passing !== undefined) return false;
        passing = result;
      }
      if (passing === undefined) return false;
      add(passing);
    }
    if (s.not !== undefined && this.evaluate(s.not, base, value, depth + 1, false, false) !== false) return false;
    if (s.unevaluatedProperties !== undefined && type === "object") {
      const obj = value as Obj;
      if ((evaluated as Evaluated) !== ALL) {
        for (const key of Object.keys(obj)) {
          if ((evaluated as Set<string>).has(key)) continue;
          if (!this.valid(s.unevaluatedProperties, base, obj[key], depth + 1)) return false;
        }
      }
      evaluated = ALL;
    }
    if (this.closed && plain && type === "object" && (evaluated as Evaluated) !== ALL) {
      if (s.properties !== undefined || s.$ref !== undefined || s.allOf !== undefined || s.anyOf !== undefined || s.oneOf !== undefined) {
        for (const key of Object.keys(value as Obj)) if (!(evaluated as Set<string>).has(key)) return false;
      }
    }
    return type === "object" ? evaluated : NONE;
  }
}
