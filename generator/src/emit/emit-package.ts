/** Emits the package scaffolding of each product client: package.json and tsconfig.build.json. */
import type { GeneratedFile, Model, ProductModel } from "../model/model.js";
import { generatedHeader } from "./print.js";

function packageJson(model: Model, product: ProductModel): string {
  const pkg = {
    "//": generatedHeader(product.specFile).replace(/^\/\/ /, ""),
    name: product.packageName,
    version: model.packageVersions?.[product.name] ?? model.toolkitVersion,
    description: `Typed client for the ${product.title} (API version ${product.version})`,
    type: "module",
    sideEffects: false,
    exports: {
      ".": { "mpkit-source": "./src/index.ts", types: "./dist/index.d.ts", import: "./dist/index.js" },
    },
    files: ["dist"],
    scripts: { build: "tsc -p tsconfig.build.json" },
    dependencies: { "@mpkit/core": model.toolkitVersion, "openapi-fetch": "0.17.0" },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function tsconfigBuild(product: ProductModel): string {
  const config = {
    extends: "../../tsconfig.base.json",
    compilerOptions: {
      rootDir: "src",
      outDir: "dist",
      declaration: true,
      declarationMap: true,
      sourceMap: true,
      customConditions: [],
    },
    include: ["src"],
  };
  return `${generatedHeader(product.specFile)}\n${JSON.stringify(config, null, 2)}\n`;
}

export function emitPackages(model: Model): GeneratedFile[] {
  return model.products.flatMap((product) => [
    { path: `packages/${product.name}/package.json`, product: product.name, contents: packageJson(model, product) },
    { path: `packages/${product.name}/tsconfig.build.json`, product: product.name, contents: tsconfigBuild(product) },
  ]);
}
