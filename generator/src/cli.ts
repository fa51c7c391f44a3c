/**
 * `mpkit` — the command line of the toolkit (`mpkit help` lists the commands; they live in
 * `cli/commands/`). This entry point only wires `runCli` to the process.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { compileCacheDir, enableCompileCache } from "./cli/compile-cache.js";
import { runCli } from "./cli/run.js";

if (import.meta.url.endsWith("/dist/cli.js")) {
  // Only in the compiled CLI (generator/dist): CommonJS dependencies load from V8's code cache.
  enableCompileCache(compileCacheDir(path.dirname(fileURLToPath(import.meta.url))));
  // A command runs for a few seconds: V8 optimised (TurboFan, on background threads) every
  // function that ran a little, about 2 s of CPU in a `generate` of 4 s, competing with the load
  // worker for the second core. A 15× larger budget optimises only what stays hot (the same
  // code either way, just compiled less; a large spec generates faster too). Not for `mock`,
  // a server whose handlers should be optimised early. Process-wide: the worker thread too.
  if (process.argv[2] !== "mock") setFlagsFromString("--interrupt-budget=1000000");
}

const write = (stream: NodeJS.WriteStream) => (line: string) => {
  stream.write(`${line}\n`);
};

process.exitCode = await runCli(process.argv.slice(2), { out: write(process.stdout), err: write(process.stderr) });
