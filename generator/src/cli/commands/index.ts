/**
 * The commands of `mpkit`, in the order `mpkit help` lists them. To add a command, write a
 * `Command` in this folder (flags declared, heavy imports inside `run`) and list it here:
 * parsing, `--help`, refusal of unknown flags and the error format come with it.
 */
import type { Command } from "../command.js";
import { checkCommand } from "./check.js";
import { diffCommand } from "./diff.js";
import { docsCommand } from "./docs.js";
import { generateCommand } from "./generate.js";
import { lintCommand } from "./lint.js";
import { mockCommand } from "./mock.js";

export const COMMANDS: readonly Command[] = [generateCommand, checkCommand, diffCommand, lintCommand, docsCommand, mockCommand];
