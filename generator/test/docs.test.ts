/** The docs site: a landing page and one offline Redoc page per product. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocsSite } from "../src/docs/build-docs.js";
import { buildModel } from "../src/pipeline.js";
import type { Model } from "../src/model/model.js";
import { repoRoot } from "./helpers.js";

let out: string;
let model: Model;
let pages: string[];

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), "mpkit-docs-"));
  model = await buildModel(repoRoot);
  pages = await buildDocsSite(repoRoot, { outDir: path.join(out, "site"), model });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const read = (page: string) => readFileSync(path.join(out, "site", page), "utf8");

describe("the docs site", () => {
  it("has a landing page linking every product", () => {
    expect(pages).toEqual(["index.html", ...model.products.map((p) => `${p.name}/index.html`)]);
    const landing = read("index.html");
    for (const product of model.products) {
      expect(landing).toContain(`href="./${product.name}/index.html"`);
      expect(landing).toContain(product.title);
    }
  });

  it.each(["invoice"])("%s: works offline (Redoc inlined, nothing loaded from elsewhere)", (name) => {
    const html = read(`${name}/index.html`);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    // The Redoc application is inlined as a module script.
    expect(html).toMatch(/<script type="module">/);
  });

  it.each(["invoice"])("%s: documents every operation", (name) => {
    const html = read(`${name}/index.html`);
    const product = model.products.find((p) => p.name === name)!;
    for (const op of product.operations) expect(html, op.operationId).toContain(op.summary);
  });
});
