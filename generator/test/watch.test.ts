/**
 * `mpkit generate --watch` over a copy of the fixture corpus: a save regenerates that product
 * and prints its diff report; a broken save prints file:line problems and keeps the last good
 * output; the next good save recovers. Cycles are awaited through `onCycle`, never by sleeping.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../src/pipeline.js";
import { type WatchCycle, type Watcher, watchSpecs } from "../src/watch.js";
import { copyRoot } from "./helpers.js";

let fixture: { root: string; dispose: () => void };
let watcher: Watcher;
const lines: string[] = [];
let waiting: ((cycle: WatchCycle) => void) | undefined;
const nextCycle = () => new Promise<WatchCycle>((resolve) => (waiting = resolve));

const spec = () => path.join(fixture.root, "specs/tiny-tools/openapi.yaml");
const client = () => readFileSync(path.join(fixture.root, "packages/tiny-tools/src/client.gen.ts"), "utf8");

beforeAll(async () => {
  fixture = copyRoot();
  await generate(fixture.root);
  watcher = watchSpecs(fixture.root, {
    docs: false,
    debounceMs: 20,
    log: (line) => lines.push(line),
    onCycle: (cycle) => waiting?.(cycle),
  });
  await watcher.ready;
}, 60_000);

afterAll(async () => {
  if (process.env.MPKIT_TIMING) console.log(lines.join("\n"));
  await watcher?.close();
  fixture?.dispose();
});

describe("generate --watch", () => {
  it("regenerates the saved product, reports the change, survives a broken save and recovers", async () => {
    const original = readFileSync(spec(), "utf8");
    const summary = /summary: ([^\n]+)/.exec(original)![1]!;
    expect(client()).toContain(summary);

    // A good save.
    let cycle = nextCycle();
    writeFileSync(spec(), original.replace(`summary: ${summary}`, `summary: ${summary} (renamed)`));
    const first = await cycle;
    expect(first).toMatchObject({ product: "tiny-tools", ok: true });
    expect(first.written).toContain("packages/tiny-tools/src/client.gen.ts");
    expect(client()).toContain(`${summary} (renamed)`);
    expect(lines.join("\n")).toMatch(/@mpkit\/tiny-tools \(specs\/tiny-tools\/openapi.yaml\): 0 breaking, 0 non-breaking, 1 docs only → patch bump/);
    expect(lines.join("\n")).toMatch(/✓ tiny-tools: \d+ file\(s\) written, \d+ ms after the save/);

    // A broken save: problems with file:line, output untouched, still running.
    const good = client();
    cycle = nextCycle();
    writeFileSync(spec(), `${original}\n  : : not yaml [\n`);
    const broken = await cycle;
    expect(broken.ok).toBe(false);
    expect(broken.problems[0]).toMatch(/^specs\/tiny-tools\/openapi\.yaml:\d+:\d+ {2}error {2}/);
    expect(lines.join("\n")).toContain("kept the last good output, still watching");
    expect(client()).toBe(good);

    // Fixed again: back to the original spec, reported against the last good model.
    cycle = nextCycle();
    writeFileSync(spec(), original);
    const fixed = await cycle;
    expect(fixed.ok).toBe(true);
    expect(client()).toContain(`summary: ${summary}`.replace("summary: ", ""));
    expect(client()).not.toContain("(renamed)");
    if (process.env.MPKIT_TIMING) console.log(`watch: save → written ${Math.round(fixed.saveToWrittenMs)} ms (regenerate ${Math.round(fixed.generateMs)} ms)`);
  }, 60_000);
});
