// Not a snapshot: lets the snapshot mocks resolve `../runtime/index.js` to the real runtime.
export * from "../../../../../../../mocks/src/runtime/index.js";
