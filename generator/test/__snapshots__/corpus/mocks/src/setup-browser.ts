// Points the snapshots at the real setup-browser (the snapshot tree holds generated files only).
export * from "../../../../../../mocks/src/setup-browser.js";
