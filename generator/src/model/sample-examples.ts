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

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

const DOCUMENT_ID = "https://mpkit.invalid/sampled/openapi.json";
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

export class ExampleSampler {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: Record<string, unknown>) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    // OpenAPI's own formats, as the mocks define them.
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat("float", { type: "number", validate: () => true });
    this.ajv.addFormat("double", { type: "number", validate: () => true });
    this.ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
    this.ajv.addFormat("binary", () => true);
    this.ajv.addFormat("password", () => true);
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID }, undefined, undefined, false);
  }

  private validator(schemaPointer: string): ValidateFunction {
    let validate = this.validators.get(schemaPointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${fragment(schemaPointer)}` });
      this.validators.set(schemaPointer, validate);
    }
    return validate;
  }

  /** The sample itself when valid, else the largest valid part of it found, else why none was. */
  validSample(schemaPointer: string, sample: unknown): { value: unknown } | { reason: string } {
    let validate: ValidateFunction;
    try {
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
