/**
 * `mpkit` — the command line of the toolkit (`mpkit help` lists the commands; they live in
 * `cli/commands/`). This entry point only wires `runCli` to the process.
 */
import { runCli } from "./cli/run.js";

const write = (stream: NodeJS.WriteStream) => (line: string) => {
  stream.write(`${line}\n`);
};

process.exitCode = await runCli(process.argv.slice(2), { out: write(process.stdout), err: write(process.stderr) });
