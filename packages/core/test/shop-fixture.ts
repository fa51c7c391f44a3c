// The generated client of the generator's fixture spec: core is tested through real generated code.
export * from "../../../generator/test/__snapshots__/corpus/packages/shop/src/index.js";
