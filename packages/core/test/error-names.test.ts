/**
 * Error names survive minification: bundlers rename classes, so a name read from the class
 * (`new.target.name`) would become e.g. "ie" in an app's production build. Each class states
 * its own name; this test bundles the runtime's error classes minified, as an app would, and
 * reads the names back.
 */
import { build } from "esbuild";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as errors from "../src/errors.js";
import { PollTimeoutError } from "../src/poll.js";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "src");
const context = { operationId: "getItem", method: "GET", route: "/items/{id}" };

/** One instance of every error class, made through the given module's exports. */
function instances(m: typeof errors & { PollTimeoutError: typeof PollTimeoutError }) {
  return [
    new m.ApiError(404, {}, context),
    new m.RedirectError(context, 307, "cross-origin"),
    new m.NetworkError(context, new Error("reset")),
    new m.TimeoutError(context, 10),
    new m.AbortedError(context, undefined),
    new m.ResponseParseError(200, context, undefined),
    new m.MissingCredentialsError(context, ["Bearer"]),
    new m.CredentialProviderError(context, "Bearer", new Error("x")),
    new m.InvalidInputError(context, ["id"], "missing"),
    new m.ConfigurationError("no base URL"),
    new m.PollTimeoutError(context, 10, undefined, 1),
  ];
}

describe("error names", () => {
  it("are the class names, also in a minified bundle that renamed the classes", async () => {
    const expected = instances({ ...errors, PollTimeoutError }).map((e) => e.constructor.name);
    expect(expected).toContain("ApiError");
    expect(instances({ ...errors, PollTimeoutError }).map((e) => e.name)).toEqual(expected);

    const bundled = await build({
      stdin: { contents: `export * from "./errors.ts"; export { PollTimeoutError } from "./poll.ts";`, resolveDir: src, loader: "ts" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      write: false,
    });
    const code = bundled.outputFiles[0]!.text;
    const minified = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as typeof errors & { PollTimeoutError: typeof PollTimeoutError };
    const made = instances(minified);
    // The minifier did rename them (else this test proves nothing) …
    expect(made.map((e) => e.constructor.name)).not.toEqual(expected);
    // … and every error still carries its own name, in `name`, the stack's first line and toJSON.
    expect(made.map((e) => e.name)).toEqual(expected);
    expect(made.map((e) => e.stack!.split(":")[0])).toEqual(expected);
    expect(made.map((e) => (e.toJSON() as { name: string }).name)).toEqual(expected);
  });
});
