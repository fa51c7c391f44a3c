/**
 * A shortcut for Redocly's example rules (`no-invalid-media-type-examples`,
 * `no-invalid-schema-examples`, `no-invalid-parameter-examples`): Redocly compiles an Ajv
 * validator for every schema an example is checked against, a third of `mpkit generate`'s CPU.
 * The compiled CLI (generator/scripts/build.mjs) calls `redoclyExampleValid` first in Redocly's
 * `AjvValidator.validate`; `true` answers "valid" without compiling, anything else goes on to
 * Redocly's own Ajv, which then also words every problem. So `true` must only ever be said for an
 * example Redocly accepts: the schema walk of `model/quick-check.ts` in its `closed` mode
 * (stricter than Redocly's `allowAdditionalProperties: false`, never more lenient), for OpenAPI
 * 3.1 documents (Redocly's 2020-12 dialect), with Ajv's formats, following `$ref`s through
 * Redocly's own resolver. `readOnly`/`writeOnly`, `nullable` and `discriminator` (which Redocly's
 * Ajv treats specially) are not handled there, so their schemas always go to Redocly.
 * `generator/test/quick-check.test.ts` holds the two to this over the specs and the corpus.
 */
import formats from "ajv-formats/dist/formats.js";
import { type FormatDefinition, QuickCheck } from "../model/quick-check.js";

interface Location {
  source: { absoluteRef: string };
}
/** Redocly's `ctx.resolve`: the target of a `{ $ref }` read from the file `from`. */
type Resolve = (node: { $ref: string }, from?: string) => { node?: unknown; location?: Location };

export interface RedoclyValidateOptions {
  schemaLoc: Location;
  resolve: Resolve;
  specVersion?: string;
}

// CommonJS; some loaders hand its exports over under `default`.
type FormatsModule = { fullFormats?: Record<string, FormatDefinition>; default?: { fullFormats: Record<string, FormatDefinition> } };
const fullFormats = ((formats as unknown as FormatsModule).fullFormats ?? (formats as unknown as FormatsModule).default!.fullFormats)!;
/** One checker per resolver (per document walk), keeping what it learnt about the schemas. */
const checkers = new WeakMap<Resolve, QuickCheck>();

/** Paths Ajv would see percent-encoded (Redocly hands it `encodeURI(path)`): left to Redocly. */
const plainPath = (file: string) => encodeURI(file) === file;

/** Whether Redocly's example rules would find `example` valid against `schema` (`true`), or it has to be asked (`false`). */
export function redoclyExampleValid(example: unknown, schema: unknown, options: RedoclyValidateOptions): boolean {
  if (options.specVersion !== "oas3_1") return false;
  const base = options.schemaLoc?.source?.absoluteRef;
  if (typeof base !== "string" || !plainPath(base) || typeof options.resolve !== "function") return false;
  let quick = checkers.get(options.resolve);
  if (quick === undefined) {
    const resolve = options.resolve;
    quick = new QuickCheck({}, fullFormats, {
      closed: true,
      resolve: (ref, from) => {
        const found = resolve({ $ref: ref }, from);
        const file = found.location?.source?.absoluteRef;
        return found.location === undefined || found.node === undefined || typeof file !== "string" || !plainPath(file) ? undefined : { node: found.node, base: file };
      },
    });
    checkers.set(resolve, quick);
  }
  try {
    return quick.checkSchema(schema, base, example) === true;
  } catch {
    return false;
  }
}
