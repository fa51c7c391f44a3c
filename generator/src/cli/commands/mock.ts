import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { type Command, selectProducts } from "../command.js";

/**
 * The products redocly.yaml declares, read with the small YAML parser (the OpenAPI library
 * would cost most of a second at start-up).
 */
async function declaredProducts(root: string): Promise<string[]> {
  const { safeLoad } = await import("yaml-ast-parser");
  const doc = safeLoad(readFileSync(path.join(root, "redocly.yaml"), "utf8")) as
    | { mappings?: { key?: { value?: unknown }; value?: { mappings?: { key?: { value?: unknown } }[] } }[] }
    | undefined;
  const apis = doc?.mappings?.find((m) => m.key?.value === "apis")?.value;
  return (apis?.mappings ?? []).map((m) => String(m.key?.value ?? ""));
}

/** The server's entry as mocks/scripts/build-server.mjs loads it (the esbuild bundle). */
interface MockServerModule {
  main(argv: readonly string[], io: { out(line: string): void; err(line: string): void }): Promise<number>;
}

export const mockCommand: Command = {
  name: "mock",
  summary: "serve the mocks over HTTP (each product at its sandbox path, admin at /__mpkit)",
  args: "[product…]",
  flags: [
    { name: "--port", value: "port|product=port,…", description: "port for every product (default 4010); product=port gives one its own: 4010,invoice=4011" },
    { name: "--host", value: "host", description: "interface to listen on (default 127.0.0.1)" },
    { name: "--seed", value: "n", description: "seed of the ids the mocks mint (default 1)" },
    { name: "--stateless", description: "replay the spec's examples only, keep no state" },
    { name: "--webhook-url", value: "url", description: "deliver webhooks to this receiver" },
    { name: "--quiet", description: "no log line per request" },
  ],
  details:
    "Runs @mpkit/mocks' plain-JavaScript server (mocks/bin/mpkit-mock.js) until Ctrl-C: the same handlers,\n" +
    "validation, state and webhooks as the in-process mocks. Point a client's baseUrl at the printed URL.",
  async run(ctx) {
    if (ctx.args.length > 0) selectProducts(ctx.args, await declaredProducts(ctx.root));
    const script = path.join(ctx.root, "mocks", "scripts", "build-server.mjs");
    if (!existsSync(script)) {
      ctx.err(`mpkit mock: no mocks/scripts/build-server.mjs under ${ctx.root} (run it from the project root)`);
      return 1;
    }
    const { loadServer } = (await import(pathToFileURL(script).href)) as { loadServer(): Promise<MockServerModule> };
    const { main } = await loadServer();
    const argv: string[] = [...ctx.args];
    for (const [name, value] of Object.entries(ctx.flags)) argv.push(...(value === true ? [name] : [name, value]));
    return main(argv, { out: ctx.out, err: ctx.err });
  },
};
