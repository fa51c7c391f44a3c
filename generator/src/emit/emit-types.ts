import type { GeneratedFile, Model, ProductModel } from "../model/model.js";
import { file, generatedHeader } from "./print.js";
import type { TypesInput } from "./types-print.js";

/** Where a product's generated sources live. */
export function clientSourceDir(product: ProductModel): string {
  return `packages/${product.name}/src`;
}

/**
 * A product's types, printed where it was loaded (`load/parallel.ts`: on the worker thread for
 * the products it loads), kept for `emitTypes` by the model they were printed from.
 */
const printed = new WeakMap<ProductModel, string>();

/** The types of one product (what `emitTypes` writes below its header); loads openapi-typescript and typescript. */
export async function productTypes(product: TypesInput): Promise<string> {
  return (await import("./types-print.js")).typesOf(product);
}

/** Keeps `types`, printed by `productTypes` from this very model (or its structured clone), for `emitTypes`. */
export function rememberTypes(product: ProductModel, types: string): void {
  printed.set(product, types);
}

/**
 * Emits `schema.gen.ts`: `paths`, `components`, `operations` and `webhooks` types from
 * openapi-typescript's Node API, run on the bundled document of the model.
 */
export async function emitTypes(model: Model): Promise<GeneratedFile[]> {
  // openapi-typescript and typescript load only when a product's types were not printed already.
  const print = model.products.every((p) => printed.has(p)) ? undefined : (await import("./types-print.js")).typesOf;
  return model.products.map((product) => ({
    path: `${clientSourceDir(product)}/schema.gen.ts`,
    product: product.name,
    contents: file([generatedHeader(product.specFile), "", printed.get(product) ?? print!(product)]),
  }));
}

