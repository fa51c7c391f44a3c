// Points the snapshots at the real setup-node (the snapshot tree holds generated files only).
export * from "../../../../../../mocks/src/setup-node.js";
