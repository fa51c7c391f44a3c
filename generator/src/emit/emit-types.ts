import { astToString, type OpenAPI3, resolveRef, scanDiscriminators, transformSchema } from "openapi-typescript";
import type { GeneratedFile, Model, ProductModel } from "../model/model.js";
import { file, generatedHeader } from "./print.js";

/** Where a product's generated sources live. */
export function clientSourceDir(product: ProductModel): string {
  return `packages/${product.name}/src`;
}

type TypesContext = Parameters<typeof transformSchema>[1];

/**
 * openapi-typescript's transform, run on the bundled document the loader already linted (with
 * rules stricter than openapi-typescript's own) and bundled: `openapiTS()` would parse, lint and
 * bundle it a second time. The options are openapiTS()'s defaults, except
 * `defaultNonNullable: false`: a property with a `default` stays optional where the spec does not
 * require it (a caller may leave it out; the server fills the default in).
 */
function typesOf(document: Record<string, unknown>): string {
  // The transform may keep references into the object it is given; give it a copy.
  const schema = structuredClone(document) as unknown as OpenAPI3;
  const options = { silent: true, defaultNonNullable: false };
  const ctx: TypesContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined as unknown as TypesContext["redoc"],
    silent: options.silent,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: options.silent }),
  };
  return astToString(transformSchema(schema, ctx));
}

/**
 * Emits `schema.gen.ts`: `paths`, `components`, `operations` and `webhooks` types from
 * openapi-typescript's Node API, run on the bundled document of the model.
 */
export function emitTypes(model: Model): GeneratedFile[] {
  return model.products.map((product) => ({
    path: `${clientSourceDir(product)}/schema.gen.ts`,
    product: product.name,
    contents: file([generatedHeader(product.specFile), "", typesOf(product.document)]),
  }));
}
