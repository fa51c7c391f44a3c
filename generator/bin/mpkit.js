#!/usr/bin/env node
// Runs the compiled CLI in generator/dist (plain Node, no TypeScript loader). `npm ci` builds it
// (the root `prepare` script); when the generator's sources changed since, it is rebuilt first.
import { readFileSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
let fresh = false;
try {
  const { sourceFingerprint } = await import("../scripts/build.mjs");
  fresh = JSON.parse(readFileSync(new URL("build.json", dist), "utf8")).fingerprint === sourceFingerprint();
} catch {
  // no build yet
}
if (!fresh) {
  const { buildCli } = await import("../scripts/build.mjs");
  await buildCli();
}
await import(new URL("cli.js", dist).href);
