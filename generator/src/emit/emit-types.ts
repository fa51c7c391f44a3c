import openapiTS, { astToString } from "openapi-typescript";
import type { GeneratedFile, Model, ProductModel } from "../model/model.js";
import { file, generatedHeader } from "./print.js";

/** Where a product's generated sources live. */
export function clientSourceDir(product: ProductModel): string {
  return `packages/${product.name}/src`;
}

/**
 * Emits `schema.gen.ts`: `paths`, `components`, `operations` and `webhooks` types from
 * openapi-typescript's Node API, run on the bundled document of the model.
 */
export async function emitTypes(model: Model): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const product of model.products) {
    // openapi-typescript may keep references into the object it is given; give it a copy.
    // `defaultNonNullable: false`: a property with a `default` stays optional where the spec
    // does not require it (a caller may leave it out; the server fills the default in).
    const ast = await openapiTS(structuredClone(product.document) as never, { silent: true, defaultNonNullable: false });
    files.push({
      path: `${clientSourceDir(product)}/schema.gen.ts`,
      product: product.name,
      contents: file([generatedHeader(product.specFile), "", astToString(ast)]),
    });
  }
  return files;
}
