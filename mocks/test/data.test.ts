/**
 * Fake data (`@mpkit/mocks/data`): `items`/`generate` overrides answer bodies generated from the
 * spec's schemas with realistic values, the same for the same seed, and valid against the spec
 * for every operation of every product over many seeds.
 */
import { createProductMock, productMocks, ProductValidator, type ProductMock } from "@mpkit/mocks";
import { fakeData } from "@mpkit/mocks/data";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

/** Operations whose first 2xx answers JSON with a schema. */
const generated = (product: ProductMock) =>
  product.operations.filter((op) => op.responses.find((r) => /^2/.test(r.status))?.contentType?.includes("json") && op.responses.find((r) => /^2/.test(r.status))?.schema);


describe("fake data", () => {
  it("is valid against the spec for every operation of every product, over many seeds, mostly at the first try", () => {
    let bodies = 0;
    let firstTry = 0;
    const now = new Date("2026-01-01T12:00:00Z");
    for (const product of Object.values(productMocks)) {
      const validator = new ProductValidator(product);
      for (const op of generated(product)) {
        const response = op.responses.find((r) => /^2/.test(r.status))!;
        for (let seed = 1; seed <= 6; seed++) {
          let tries = 0;
          const valid = (value: unknown) => (tries++, validator.checkResponse(op, response.status, value).length === 0);
          const body = fakeData.generate(product.document, response.schema!, { seed, now, items: seed % 5, valid });
          expect(validator.checkResponse(op, response.status, body), `${product.name} ${op.operationId} seed ${seed}`).toEqual([]);
          if (tries === 1) firstTry++;
          bodies++;
        }
      }
    }
    expect(bodies).toBeGreaterThan(300);
    // The fallbacks (no optional fields, then the schema's examples) are the exception.
    expect(firstTry / bodies).toBeGreaterThan(0.9);
  });

  it("gives a list of N varied, realistic items, the same for the same seed", async () => {
    const invoice = productMocks.invoice!;
    const list = async (seed: number) => {
      const mock = createProductMock(invoice, { seed, data: () => import("@mpkit/mocks/data") });
      server.resetHandlers(...mock.handlers);
      mock.use({ listInvoiceIssuers: { items: 25 } });
      const response = await fetch(`${invoice.environments.sandbox}/api/v1/merchants/f3dd9011-d930-4063-901d-2a47621e5b76/invoiceissuers`, {
        headers: { authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" },
      });
      return (await response.json()) as { InvoiceIssuers: { Id: string; Name: string }[] };
    };
    const first = await list(3);
    expect(first.InvoiceIssuers).toHaveLength(25);
    expect(new Set(first.InvoiceIssuers.map((i) => i.Id)).size).toBe(25);
    expect(new Set(first.InvoiceIssuers.map((i) => i.Name)).size).toBeGreaterThan(15);
    // Company names, not lorem words.
    expect(first.InvoiceIssuers.filter((i) => /\s/.test(i.Name)).length).toBeGreaterThan(10);
    expect(await list(3)).toEqual(first);
    expect(await list(4)).not.toEqual(first);
  });
});
