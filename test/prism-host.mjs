#!/usr/bin/env node
/**
 * One Node process serving every spec it is given with Prism's own HTTP server (the one
 * `prism mock` runs), each on its own free port of 127.0.0.1, with the options test/prism.ts used
 * to pass to the CLI: request and response validation, security checks, `--errors`, static
 * examples (`--dynamic false`), CORS on. Loading Prism once for all specs instead of once per
 * spec is most of what the five CLI processes cost before the first test could start.
 *
 *   node test/prism-host.mjs '[{"name":"invoice","specFile":"/abs/openapi.yaml"}, …]'
 *
 * Prints one line `prism-host ready {"invoice":"http://127.0.0.1:PORT", …}` when every server
 * listens. When any spec fails to load or listen it prints why and exits 1: the servers that did
 * start go with the process. Request logs are dropped; Prism's warnings and errors go to stderr.
 * It exits on SIGTERM or SIGINT, or when its parent closes its stdin.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// Prism's packages as the CLI resolves them (the CLI is the dependency this repository pins).
const require = createRequire(createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json"));
const { getHttpOperationsFromSpec } = require("@stoplight/prism-http");
const { createServer } = require("@stoplight/prism-http-server");
const { createLogger } = require("@stoplight/prism-core");
const { configureExtensionsUserProvided } = require("@stoplight/prism-cli/dist/extensions.js");

const specs = JSON.parse(process.argv[2] ?? "[]");
if (!Array.isArray(specs) || specs.length === 0) {
  console.error("usage: prism-host.mjs '[{\"name\":…,\"specFile\":…}]'");
  process.exit(2);
}

const logger = createLogger("PRISM", { level: "warn" }, process.stderr);

/** The configuration `prism mock <spec> --errors --dynamic false` builds (prism-cli's createServer). */
const config = {
  validateRequest: true,
  validateResponse: true,
  checkSecurity: true,
  errors: true,
  upstreamProxy: undefined,
  mock: { dynamic: false, ignoreExamples: false, seed: null },
  isProxy: false,
};

async function serve(spec) {
  const operations = await getHttpOperationsFromSpec(spec.specFile);
  // The spec's `x-json-schema-faker` options, as the CLI applies them (global to the faker; they
  // matter only for dynamic examples, which are off). Only when the spec has any: the CLI's
  // dereferencing of every spec for them costs more than a second of CPU for nothing.
  if (readFileSync(spec.specFile, "utf8").includes("x-json-schema-faker")) await configureExtensionsUserProvided(spec.specFile, {});
  if (operations.length === 0) throw new Error("No operations found in the current file.");
  const server = createServer(operations, { cors: true, config, components: { logger: logger.child({ name: spec.name }) } });
  return { name: spec.name, server, url: await server.listen(0, "127.0.0.1") };
}

const servers = [];
const stop = async (code) => {
  await Promise.allSettled(servers.map((s) => s.server.close()));
  process.exit(code);
};
process.once("SIGTERM", () => void stop(0));
process.once("SIGINT", () => void stop(0));
process.stdin.on("end", () => void stop(0)).resume();

// One after another: the specs share one event loop, and the configured faker options are global.
for (const spec of specs) {
  try {
    servers.push(await serve(spec));
  } catch (error) {
    console.error(`Prism could not serve ${spec.specFile}: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}
console.log(`prism-host ready ${JSON.stringify(Object.fromEntries(servers.map((s) => [s.name, s.url])))}`);
