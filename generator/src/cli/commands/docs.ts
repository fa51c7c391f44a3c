import type { Command } from "../command.js";

export const docsCommand: Command = {
  name: "docs",
  summary: "build the docs site into docs/dist",
  flags: [],
  async run(ctx) {
    const { buildModel } = await import("../../pipeline.js");
    const model = await buildModel(ctx.root, { progress: ctx.progress });
    const { buildDocsSite } = await import("../../docs/build-docs.js");
    await buildDocsSite(ctx.root, { log: ctx.out, model });
    return 0;
  },
};
