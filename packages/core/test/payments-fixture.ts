// The generated client of the fixture spec with the client-behaviour extensions (retry policy,
// idempotency key, client-level header, idempotency identifier, pollable resource).
export * from "../../../generator/test/__snapshots__/corpus/packages/payments/src/index.js";
