/**
 * Checks sampled examples against their schemas with Ajv (JSON Schema 2020-12, as the mocks
 * validate), and cuts an invalid one back to a valid one. openapi-sampler stops a recursive
 * schema (a tree whose `children` are trees) by putting an empty object where the recursion
 * would continue, which breaks the schema (`children: [{}]` lacks the tree's required
 * properties) and, in the generated mocks, the types. The valid place to stop is one level up:
 * an empty array, or an optional property left out. `validSample` finds it by removing the
 * smallest part around each error whose removal fixes errors without causing any.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { upgradeDocument } from "./json-schema.js";
import { type FormatDefinition, QuickCheck } from "./quick-check.js";

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

const DOCUMENT_ID = "https://mpkit.invalid/sampled/openapi.json";
/**
 * The largest sample drawn: a schema whose sample would have more nodes (counting every item an
 * array's `minItems` asks for, and every schema a `$ref` fans out to) or a longer string is not
 * sampled. openapi-sampler builds what the schema asks for: `minLength: 300000000` is a 300 MB
 * string in the mocks, ten levels of ten `$ref`s are 10^10 nodes.
 */
export const MAX_SAMPLE_NODES = 10_000;
export const MAX_SAMPLE_STRING = 10_000;
/** Rounds of cutting before giving up; each round removes at least one error. */
const MAX_ROUNDS = 50;

type Path = (string | number)[];

function fragment(pointer: string): string {
  return `#${pointer
    .replace(/^#/, "")
    .split("/")
    .map((t) => encodeURIComponent(t))
    .join("/")}`;
}

function parsePath(instancePath: string): string[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** A copy of `value` without the part at `path` (an array item spliced out, a property deleted). */
function without(value: unknown, path: Path): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const index = Number(head);
    if (rest.length === 0) return value.filter((_, i) => i !== index);
    return value.map((item, i) => (i === index ? without(item, rest) : item));
  }
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === String(head) && rest.length === 0) continue;
      Object.defineProperty(copy, key, {
        value: key === String(head) ? without(item, rest) : item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

function signatures(errors: ErrorObject[] | null | undefined): Set<string> {
  return new Set((errors ?? []).map((e) => `${e.instancePath} ${e.schemaPath}`));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function resolveLocal(document: unknown, node: unknown): unknown {
  for (let hops = 0; hops < 100 && isObj(node) && typeof node.$ref === "string" && node.$ref.startsWith("#"); hops++) {
    let target: unknown = document;
    for (const raw of node.$ref.replace(/^#\/?/, "").split("/").filter((t) => t !== "")) {
      const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      target = isObj(target) || Array.isArray(target) ? (Object.hasOwn(target, token) ? (target as Obj)[token] : undefined) : undefined;
    }
    node = target;
  }
  return node;
}

/**
 * An upper bound of the size of what openapi-sampler would build for a schema, or why it is too
 * big to sample. Every branch of `oneOf`/`anyOf` is counted (the sampler takes one), and a
 * recursive reference counts one node (the sampler stops there), so the bound is generous.
 */
export function oversizedSample(document: unknown, schema: unknown): string | undefined {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let reason: string | undefined;
  const size = (raw: unknown): number => {
    if (reason !== undefined) return MAX_SAMPLE_NODES + 1;
    const node = resolveLocal(document, raw);
    if (!isObj(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) return 1;
    open.add(node);
    let total = 1;
    const add = (n: number) => {
      total = Math.min(total + n, MAX_SAMPLE_NODES + 1);
    };
    if (typeof node.minLength === "number" && node.minLength > MAX_SAMPLE_STRING) {
      reason ??= `a string of at least ${node.minLength} characters`;
    }
    if (isObj(node.properties)) for (const value of Object.values(node.properties)) add(size(value));
    for (const keyword of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
      if (Array.isArray(node[keyword])) for (const value of node[keyword] as unknown[]) add(size(value));
    }
    for (const keyword of ["if", "then", "else"]) if (node[keyword] !== undefined) add(size(node[keyword]));
    if (isObj(node.additionalProperties)) add(2 * size(node.additionalProperties));
    const items = node.items ?? node.contains;
    if (items !== undefined) {
      const min = typeof node.minItems === "number" ? node.minItems : 1;
      const count = Math.max(1, Math.min(min, typeof node.maxItems === "number" ? node.maxItems : Infinity));
      if (count > MAX_SAMPLE_NODES) reason ??= `a list of at least ${min} items`;
      add(Math.min(count, MAX_SAMPLE_NODES + 1) * size(items));
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  const total = size(schema);
  if (reason !== undefined) return reason;
  return total > MAX_SAMPLE_NODES ? `more than ${MAX_SAMPLE_NODES} values` : undefined;
}

export class ExampleSampler {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private unusable: string | undefined;
  /** Answers most checks without compiling a validator; Ajv decides (and words) the rest. */
  private quick: QuickCheck | undefined;

  /** `quick: false` leaves every check to Ajv (the tests compare the two). */
  constructor(document: Record<string, unknown>, options: { quick?: boolean } = {}) {
    // Compiling is most of this class's cost (a few ms per schema): every `$ref`ed schema is
    // compiled once as its own function (not inlined into each schema that uses it), and Ajv's
    // code-optimising passes are skipped. Neither changes what validates or the errors reported.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, inlineRefs: false, code: { optimize: false } });
    addFormats(this.ajv);
    // OpenAPI's own formats, as the mocks define them.
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat("float", { type: "number", validate: () => true });
    this.ajv.addFormat("double", { type: "number", validate: () => true });
    this.ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
    this.ajv.addFormat("binary", () => true);
    this.ajv.addFormat("password", () => true);
    try {
      const upgraded = upgradeDocument(document);
      this.ajv.addSchema({ ...upgraded, $id: DOCUMENT_ID }, undefined, undefined, false);
      // Schema identifiers move the base `$ref`s resolve against; such a document is Ajv's alone.
      if (options.quick !== false && !/"\$(?:id|anchor|dynamicAnchor|dynamicRef|schema)"/.test(JSON.stringify(upgraded))) {
        this.quick = new QuickCheck(upgraded, this.ajv.formats as Record<string, FormatDefinition | undefined>);
      }
    } catch (error) {
      // e.g. two schemas with one `$id`: every sample is then reported as unchecked.
      this.unusable = error instanceof Error ? error.message : String(error);
    }
  }

  private validator(schemaPointer: string): ValidateFunction {
    let validate = this.validators.get(schemaPointer);
    if (!validate) {
      // The schema at the pointer itself (no wrapper schema around a `$ref` to it), so the
      // compiled functions of the schemas it references are shared with every other pointer's.
      const found = this.ajv.getSchema(`${DOCUMENT_ID}${fragment(schemaPointer)}`);
      if (found === undefined) throw new Error(`no schema at ${schemaPointer}`);
      validate = found;
      this.validators.set(schemaPointer, validate);
    }
    return validate;
  }

  /** Why `value` is not valid against the schema at `schemaPointer` (Ajv's first error), or undefined when it is. */
  invalid(schemaPointer: string, value: unknown): string | undefined {
    if (this.quick?.check(schemaPointer, value) === true) return undefined;
    let validate: ValidateFunction;
    try {
      if (this.unusable !== undefined) throw new Error(this.unusable);
      validate = this.validator(schemaPointer);
    } catch (error) {
      return `the schema cannot be compiled: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (validate(value)) return undefined;
    const first = validate.errors?.[0];
    return `${first?.instancePath || "the value"} ${first?.message ?? "is invalid"}`;
  }

  /** The sample itself when valid, else the largest valid part of it found, else why none was. */
  validSample(schemaPointer: string, sample: unknown): { value: unknown } | { reason: string } {
    if (this.quick?.check(schemaPointer, sample) === true) return { value: sample };
    let validate: ValidateFunction;
    try {
      if (this.unusable !== undefined) throw new Error(this.unusable);
      validate = this.validator(schemaPointer);
    } catch (error) {
      return { reason: `the schema cannot be compiled: ${error instanceof Error ? error.message : String(error)}` };
    }
    let current = sample;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (validate(current)) return { value: current };
      const errors = validate.errors ?? [];
      const before = signatures(errors);
      let next: unknown;
      search: for (const error of errors) {
        const at = parsePath(error.instancePath);
        // The deepest cut first: the item or property where the error is, then its parents.
        for (let depth = at.length; depth >= 1; depth--) {
          const candidate = without(current, at.slice(0, depth));
          if (validate(candidate)) return { value: candidate };
          const after = signatures(validate.errors);
          if (after.size < before.size && [...after].every((s) => before.has(s))) {
            next = candidate;
            break search;
          }
        }
      }
      if (next === undefined) {
        const first = errors[0];
        return { reason: `${first?.instancePath || "the value"} ${first?.message ?? "is invalid"}, and no part can be left out to fix it` };
      }
      current = next;
    }
    return { reason: "too many errors to cut back" };
  }
}
