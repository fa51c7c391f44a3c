/**
 * Vitest global setup: one Prism mock server per product spec declared in redocly.yaml,
 * started before the tests and stopped after them. Tests read the URLs with
 * `inject("prismUrls")`.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { listProducts } from "../generator/src/load/load-spec.js";
import { type PrismProcess, startPrism } from "./prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrls: Record<string, string>;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const products = await listProducts(root);
  const running: PrismProcess[] = [];
  const urls: Record<string, string> = {};
  try {
    await Promise.all(
      products.map(async (product) => {
        const prism = await startPrism(path.join(root, product.specFile));
        running.push(prism);
        urls[product.name] = prism.url;
      }),
    );
  } catch (error) {
    await Promise.all(running.map((p) => p.stop()));
    throw error;
  }
  project.provide("prismUrls", urls);
  return async () => {
    await Promise.all(running.map((p) => p.stop()));
  };
}
