#!/usr/bin/env node
// `mpkit-mock` (and `mpkit mock`): the mocks over HTTP, run from the esbuild bundle in
// dist/bin (plain Node). In this repository the bundle is rebuilt first when mocks/src changed.
import { existsSync } from "node:fs";

const inRepository = existsSync(new URL("../scripts/build-server.mjs", import.meta.url));
const { main } = inRepository
  ? await (await import("../scripts/build-server.mjs")).loadServer()
  : await import("../dist/bin/mpkit-mock.js");
process.exitCode = await main(process.argv.slice(2));
