/**
 * `mpkit` — the command line of the toolkit (`mpkit help` lists the commands; they live in
 * `cli/commands/`). This entry point only wires `runCli` to the process.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { compileCacheDir, enableCompileCache } from "./cli/compile-cache.js";
import { runCli } from "./cli/run.js";

// Only in the compiled CLI (generator/dist): CommonJS dependencies load from V8's code cache.
if (import.meta.url.endsWith("/dist/cli.js")) enableCompileCache(compileCacheDir(path.dirname(fileURLToPath(import.meta.url))));

const write = (stream: NodeJS.WriteStream) => (line: string) => {
  stream.write(`${line}\n`);
};

process.exitCode = await runCli(process.argv.slice(2), { out: write(process.stdout), err: write(process.stderr) });
