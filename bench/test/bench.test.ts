/**
 * `npm run bench` on a small input: every measured path runs once and the Markdown table comes
 * out with a row per figure. Not a timed test: no figure is compared with a threshold. Prism and
 * the docs rows are left to the real bench (Prism and Redoc runs are covered by other suites).
 */
import { describe, expect, it } from "vitest";
import { runBench } from "../run.mjs";

describe("npm run bench --small", () => {
  it("measures mpkit and its peers and prints the table", async () => {
    const lines: string[] = [];
    const markdown = (await runBench(["--small", "--only", "generate,client,size"], (line: string) => lines.push(line))) as string;
    expect(markdown).toMatch(/^mpkit bench: 1 interleaved round\(s\), medians \(small input/);
    expect(markdown).toContain("| figure | mpkit | peers | ratio | goal |");
    expect(markdown).toMatch(/\| regenerate 1 product \(generated files deleted first\) \| [\d.]+ m?s, \d+ MiB \| openapi-typescript \(types only\) [\d.]+ m?s/);
    expect(markdown).toMatch(/\| client call overhead, fetch stubbed \(calls\/s\) \| [\d,]+\/s \| bare openapi-fetch [\d,]+\/s \| [\d.]+× bare openapi-fetch \|/);
    expect(markdown).toMatch(/\| Invoice client \+ one call, minified \+ gzip \| [\d,]+ B \| bare openapi-fetch [\d,]+ B \|/);
    expect(lines.some((l) => l.includes("round 1/1 generate mpkit"))).toBe(true);
  }, 120_000);
});
