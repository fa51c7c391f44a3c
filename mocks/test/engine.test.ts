/**
 * The stateful engine's own guarantees: it names no product or operation (everything comes
 * from the generated tables), its router handles literal colons, parameter names with `-`/`.`
 * and broken escapes, and its clock reads ISO 8601 durations.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { durationMs, invoiceMock, MockClock, type MockOperation, OperationRouter, productMocks } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const runtime = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "runtime");

describe("mocks/src/runtime", () => {
  it("names no product and no operationId", () => {
    const source = readdirSync(runtime)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(path.join(runtime, f), "utf8"))
      .join("\n");
    const names = new Set<string>();
    for (const [name, mock] of Object.entries(productMocks)) {
      names.add(name);
      names.add(mock.title);
      for (const op of mock.operations) names.add(op.operationId);
      for (const hook of Object.keys(mock.webhooks ?? {})) names.add(hook);
    }
    const found = [...names].filter((n) => new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(source));
    expect(found).toEqual([]);
  });
});

const op = (operationId: string, method: MockOperation["method"], route: string): MockOperation => ({
  operationId,
  method,
  path: route,
  parameters: [],
  security: [],
  responses: [],
});

describe("the operation router", () => {
  const router = new OperationRouter([
    op("item", "get", "/things/{thing-id}"),
    op("archive", "post", "/things/{thing-id}:archive"),
    op("dotted", "get", "/v/{api.version}/things"),
    op("batch", "get", "/things/batch"),
  ]);

  it.each([
    ["get", "/things/abc", "item", { "thing-id": "abc" }],
    ["post", "/things/abc:archive", "archive", { "thing-id": "abc" }],
    ["get", "/things/batch", "batch", {}],
    ["get", "/v/2.1/things", "dotted", { "api.version": "2.1" }],
    ["get", "/things/a%2Fb%20c", "item", { "thing-id": "a/b c" }],
  ])("%s %s → %s", (method, route, id, params) => {
    const match = router.match(method, route);
    expect(match && "op" in match && !("problem" in match) ? { id: match.op.operationId, params: { ...match.params } } : match).toEqual({ id, params });
  });

  it("refuses broken escapes and leaves unknown routes alone", () => {
    expect(router.match("get", "/things/%zz")).toMatchObject({ status: 400, problem: expect.stringMatching(/thing-id/) });
    expect(router.match("get", "/nothing/here")).toBeUndefined();
    expect(router.match("delete", "/things/abc")).toBeUndefined();
  });
});

describe("one handler per product and base URL", () => {
  const server = createMockServer({ stateful: false });
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it("registers one handler per base URL instead of one per operation", () => {
    const bases = new Set(invoiceMock.operations.flatMap((o) => Object.values(o.servers ?? invoiceMock.environments)));
    expect(server.mocks.invoice.handlers).toHaveLength(bases.size);
    expect(server.listHandlers().length).toBeLessThan(20);
  });

  it("answers a broken escape with a 400 in the product's error format", async () => {
    const response = await fetch("https://api.sandbox.mobilepay.dk/invoice-restapi/api/v1/merchants/%E0%A4/invoiceissuers", {
      headers: { Authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "InputError", error_context: "Invoices", error_description: expect.stringMatching(/merchantId/) });
  });
});

describe("the mock clock", () => {
  it("reads ISO 8601 durations", () => {
    expect(durationMs("P1D")).toBe(86_400_000);
    expect(durationMs("PT5M")).toBe(300_000);
    expect(durationMs("P1DT2H0.5S")).toBe(86_400_000 + 7_200_000 + 500);
    expect(() => durationMs("5 minutes")).toThrow(/ISO 8601/);
  });

  it("starts at a fixed instant and runs what falls due in order", async () => {
    const clock = new MockClock();
    expect(clock.now().toISOString()).toBe("2026-01-05T09:00:00.000Z");
    const seen: string[] = [];
    clock.schedule(clock.nowMs() + 2000, () => seen.push(`b@${clock.now().toISOString()}`));
    clock.schedule(clock.nowMs() + 1000, () => seen.push(`a@${clock.now().toISOString()}`));
    await clock.advance("PT1S");
    expect(seen).toEqual(["a@2026-01-05T09:00:01.000Z"]);
    await clock.advance("PT10S");
    expect(seen).toEqual(["a@2026-01-05T09:00:01.000Z", "b@2026-01-05T09:00:02.000Z"]);
    expect(clock.now().toISOString()).toBe("2026-01-05T09:00:11.000Z");
  });

  it("writes its instant as ISO 8601 text, following every move", async () => {
    const clock = new MockClock();
    expect(clock.iso()).toBe("2026-01-05T09:00:00.000Z");
    await clock.advance("PT1.5S");
    expect(clock.iso()).toBe("2026-01-05T09:00:01.500Z");
    await clock.set("2026-01-01T00:00:00Z");
    expect(clock.iso()).toBe("2026-01-01T00:00:00.000Z");
    clock.reset();
    expect(clock.iso()).toBe(clock.now().toISOString());
    expect(clock.iso()).toBe("2026-01-05T09:00:00.000Z");
  });
});
