export * from "./products.gen.js";
export * from "./runtime/index.js";
