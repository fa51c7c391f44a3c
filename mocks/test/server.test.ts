/**
 * `mpkit mock` in-process (port 0 on 127.0.0.1): raw HTTP requests get the same answers as the
 * in-process mocks for every operation of every product; the generated clients work with one
 * baseUrl per product (operation-level servers included); admin endpoints and their client;
 * CORS; the log line; a product on its own port. The bin and signals: server-bin.test.ts.
 */
import { createInvoiceClient } from "@mpkit/invoice";
import { type MockOperation, MockClock, createProductMock, productMocks } from "@mpkit/mocks";
import { createMockAdmin, MockAdminError } from "@mpkit/mocks/admin";
import { createOnlineClient } from "@mpkit/online";
import fc from "fast-check";
import { getResponse } from "msw";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoiceDirect, MERCHANT_ID, TEST_CARD, TEST_USER, testCredentials as invoiceCredentials } from "../../packages/invoice/test/calls.js";
import { testCredentials as onlineCredentials } from "../../packages/online/test/calls.js";
import { createHttpMockServer, type HttpMockServer } from "../src/server/http-server.js";
import { RequestArbitraries, type RequestSpec, toRequest } from "./fuzz/requests.js";

const fetchThrough = { fetch: (request: Request) => globalThis.fetch(request) };

/** Status, content type and body; the correlation id a side minted itself (none was sent) is masked. */
async function readAnswer(response: Response, correlationHeader?: string) {
  let text = await response.text();
  const minted = correlationHeader ? response.headers.get(correlationHeader) : null;
  if (minted && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(minted)) text = text.replaceAll(minted, "(correlation id)");
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, type, body: /json/.test(type) && text !== "" ? (JSON.parse(text) as unknown) : text };
}

describe("mpkit mock: the same answers as the in-process mocks", () => {
  let server: HttpMockServer;
  const logged: string[] = [];
  beforeAll(async () => {
    server = createHttpMockServer({ port: 0, log: (line) => logged.push(line) });
    await server.listen();
  });
  afterAll(() => server.close());

  it("answers raw requests to every operation of every product as the in-process mocks do", async () => {
    const clock = new MockClock();
    let compared = 0;
    for (const [name, table] of Object.entries(productMocks)) {
      const inProcess = createProductMock(table, { clock });
      const served = server.products.find((p) => p.name === name)!;
      const bases = [...new Set([...Object.values(table.environments), ...table.operations.flatMap((o) => Object.values(o.servers ?? {}))])]
        .filter((b): b is string => b !== undefined)
        .map((b) => b.replace(/\/+$/, ""))
        .sort((a, b) => b.length - a.length);
      const toServer = (url: string) => {
        const base = bases.find((b) => url.startsWith(b))!;
        return served.baseUrl + url.slice(base.length);
      };
      const arbitraries = new RequestArbitraries(table);
      const requests: RequestSpec[] = [];
      table.operations.forEach((op: MockOperation, i) => {
        const [valid] = fc.sample(arbitraries.valid(op), { seed: 1201 + i, numRuns: 1 });
        requests.push(valid!);
        // Refused: without credentials; with a body that is not JSON.
        const bare = Object.fromEntries(Object.entries(valid!.headers).filter(([h]) => !/^(authorization|x-ibm-client-|cookie)/i.test(h)));
        if (op.security.length > 0) requests.push({ ...valid!, headers: bare, valid: false, change: "no credentials" });
        if (op.requestBody) requests.push({ ...valid!, headers: { ...valid!.headers, "content-type": op.requestBody.contentType }, body: '{"__proto__": [', valid: false, change: "broken body" });
        // Every documented response, chosen with Prefer as a client would.
        for (const response of op.responses) requests.push({ ...valid!, headers: { ...valid!.headers, prefer: `code=${response.status}` } });
      });
      for (const spec of requests) {
        // A fixed correlation id: without one, each side mints its own.
        if (table.correlationHeader && !Object.keys(spec.headers).some((h) => h.toLowerCase() === table.correlationHeader!.toLowerCase())) {
          spec.headers[table.correlationHeader] = "c0ffee00-0000-4000-8000-000000000001";
        }
        const expected = await readAnswer((await getResponse(inProcess.handlers, toRequest(spec)))!, table.correlationHeader);
        const actual = await readAnswer(await fetch(toRequest({ ...spec, url: toServer(spec.url) })), table.correlationHeader);
        expect(actual, `${name} ${spec.operationId} ${spec.method} ${spec.url} ${spec.change ?? ""}`).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(250);
    // Every kind of answer came through: successes, refusals in the product's format, documented errors.
    expect(logged.some((l) => / 20[0-4] /.test(l)) && logged.some((l) => / 400 /.test(l)) && logged.some((l) => / 404 /.test(l))).toBe(true);
  }, 120_000);

  it("logs one line per request: method, path, operation, status, time", async () => {
    logged.length = 0;
    const invoice = server.products.find((p) => p.name === "invoice")!;
    await fetch(`${invoice.baseUrl}/api/v1/merchants/me`, { headers: { authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" } });
    await fetch(`${invoice.baseUrl}/api/v1/merchants/me`);
    await fetch(`${invoice.baseUrl.replace("/invoice-restapi", "")}/nowhere`);
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatch(/^GET \/invoice-restapi\/api\/v1\/merchants\/me invoice\.getCurrentMerchant 200 \d+\.\dms$/);
    expect(logged[1]).toMatch(/^GET \/invoice-restapi\/api\/v1\/merchants\/me invoice\.getCurrentMerchant 401 \d+\.\dms$/);
    expect(logged[2]).toMatch(/^GET \/nowhere - 404 /);
  });

  it("listens on 127.0.0.1 only by default, and names what it serves on an unknown path", async () => {
    for (const p of server.products) expect(p.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const root = server.products.find((p) => p.name === "pos")!.baseUrl;
    const answer = await readAnswer(await fetch(`${root}/invoice-restapi/api/v9/nothing`));
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: "no mocked operation answers GET /invoice-restapi/api/v9/nothing" });
    expect((answer.body as { products: { name: string }[] }).products.map((p) => p.name)).toEqual(Object.keys(productMocks));
  });

  it("refuses a method no operation can take with 405", async () => {
    const { request } = await import("node:http");
    const invoice = new URL(server.products.find((p) => p.name === "invoice")!.baseUrl);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: invoice.hostname, port: invoice.port, path: `${invoice.pathname}/api/v1/merchants/me`, method: "TRACE" }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it("refuses a body above the limit with 413 in the product's format", async () => {
    const invoice = server.products.find((p) => p.name === "invoice")!;
    const response = await fetch(`${invoice.baseUrl}/api/v1/merchants/${MERCHANT_ID}/invoices`, {
      method: "POST",
      headers: { authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s", "content-type": "application/json" },
      body: `"${"x".repeat(5 * 2 ** 20)}"`,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: "InputError" });
  });

  it("answers CORS preflights and exposes the answer's headers to browser apps", async () => {
    const invoice = server.products.find((p) => p.name === "invoice")!;
    const preflight = await fetch(`${invoice.baseUrl}/api/v1/merchants/me`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "GET", "access-control-request-headers": "authorization,x-ibm-client-id,x-ibm-client-secret" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PATCH");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,x-ibm-client-id,x-ibm-client-secret");
    const answer = await fetch(`${invoice.baseUrl}/api/v1/merchants/me`, {
      headers: { origin: "http://localhost:5173", authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(answer.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("correlationid");
    const refused = await fetch(`${invoice.baseUrl}/api/v1/merchants/me`, { headers: { origin: "http://localhost:5173" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });
});

describe("mpkit mock: start-up refusals", () => {
  it("names a port in use, and leaves no port of its own open", async () => {
    const first = createHttpMockServer({ port: 0, products: ["invoice"] });
    const [bound] = await first.listen();
    try {
      const second = createHttpMockServer({ port: 0, products: ["pos", "invoice"], ports: { invoice: bound!.port } });
      await expect(second.listen()).rejects.toThrow(`port ${bound!.port} on 127.0.0.1 is in use`);
      // PoS's port had been opened first: it is closed again.
      const posPort = second.products.find((p) => p.name === "pos")!.port;
      expect(posPort).toBeGreaterThan(0);
      await expect(fetch(`http://127.0.0.1:${posPort}/__mpkit`)).rejects.toThrow();
    } finally {
      await first.close();
    }
    expect(() => createHttpMockServer({ products: ["invoce"] })).toThrow('unknown product "invoce"');
    expect(() => createHttpMockServer({ products: ["pos"], ports: { invoice: 4011 } })).toThrow("invoice is not among the products served");
  });
});

describe("mpkit mock: generated clients with one baseUrl", () => {
  let server: HttpMockServer;
  beforeAll(async () => {
    server = createHttpMockServer({ port: 0, products: ["invoice", "online"], ports: { online: 0 } });
    await server.listen();
  });
  afterAll(() => server.close());
  const baseOf = (name: string) => server.products.find((p) => p.name === name)!.baseUrl;

  it("serves Invoice, its user-simulation operations (an operation-level server) included", async () => {
    const client = createInvoiceClient({ baseUrl: baseOf("invoice"), credentials: invoiceCredentials, ...fetchThrough });
    const { InvoiceId } = await client.createInvoice({ merchantId: MERCHANT_ID, body: { ...invoiceDirect, IssueDate: "2026-01-05", InvoiceNumber: "H-1" } });
    await expect(client.getInvoice({ merchantId: MERCHANT_ID, invoiceId: InvoiceId })).resolves.toMatchObject({ InvoiceId, Status: "created" });
    await client.simulateAcceptInvoice({ invoiceId: InvoiceId, headers: { AuthenticatedUser: TEST_USER }, body: { ConsumerCardId: TEST_CARD } });
    await expect(client.getInvoiceStatus({ merchantId: MERCHANT_ID, invoiceId: InvoiceId })).resolves.toMatchObject({ Status: "paid" });
  });

  it("serves a product on its own port, onboarding (another host's path) under the product's prefix", async () => {
    expect(new URL(baseOf("online")).port).not.toBe(new URL(baseOf("invoice")).port);
    const client = createOnlineClient({ baseUrl: baseOf("online"), credentials: onlineCredentials, ...fetchThrough });
    const created = await client.createCredentials();
    expect(created.clientSecret.length).toBeGreaterThan(0);
    // Not on the main port.
    const elsewhere = await fetch(`${new URL(baseOf("invoice")).origin}/cardpassthrough-restapi/api/v1/credentials`, { method: "POST" });
    expect(elsewhere.status).toBe(404);
  });
});

describe("mpkit mock: admin endpoints and their client", () => {
  let server: HttpMockServer;
  let receiver: Server;
  const hooks: { url: string; body: unknown }[] = [];
  let receiverStatus = 200;
  beforeAll(async () => {
    receiver = createServer((req: IncomingMessage, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        hooks.push({ url: req.url ?? "", body: JSON.parse(text) as unknown });
        res.writeHead(receiverStatus).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callbacks`;
    server = createHttpMockServer({ port: 0, products: ["invoice", "pos"], webhookUrl: hookUrl });
    await server.listen();
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => receiver.close(resolve));
  });
  const origin = () => new URL(server.products[0]!.baseUrl).origin;
  const invoiceBase = () => server.products.find((p) => p.name === "invoice")!.baseUrl;
  const headers = { authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" };
  const INVOICE = "0d9f6a83-57d5-4a1b-9a65-31b7d1c2a4e0";

  it("seeds, snapshots, restores and resets state", async () => {
    const admin = createMockAdmin(origin());
    const info = await admin.info();
    expect(info.products.map((p) => [p.name, p.baseUrl])).toEqual(server.products.map((p) => [p.name, p.baseUrl]));
    expect(info.clock).toBe("2026-01-05T09:00:00.000Z");

    await admin.seed({ invoice: { invoices: [{ InvoiceId: INVOICE, Status: "accepted", MerchantId: MERCHANT_ID }] } });
    const read = () => fetch(`${invoiceBase()}/api/v1/merchants/${MERCHANT_ID}/invoices/${INVOICE}`, { headers });
    expect(await (await read()).json()).toMatchObject({ InvoiceId: INVOICE, Status: "accepted" });
    const saved = await admin.snapshot();
    expect(saved.products.invoice!.resources).toHaveLength(1);

    await admin.reset();
    expect((await read()).status).toBe(404);
    await admin.restore(saved);
    expect((await read()).status).toBe(200);
    await admin.reset({ products: ["invoice"] });
    expect((await read()).status).toBe(404);
  });

  it("moves the clock, and reads and fails webhook deliveries sent to --webhook-url", async () => {
    const admin = createMockAdmin(origin());
    await admin.reset({ clock: true });
    hooks.length = 0;
    const created = await fetch(`${invoiceBase()}/api/v1/merchants/${MERCHANT_ID}/invoices`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ ...invoiceDirect, IssueDate: "2026-01-05", InvoiceNumber: "A-1", DueDate: "2026-02-01" }),
    });
    expect(created.status).toBe(202);
    const { InvoiceId } = (await created.json()) as { InvoiceId: string };

    await admin.failDeliveries("invoice", 1);
    receiverStatus = 200;
    // Unpaid: expires DueDate + 30 days later; the callback's first attempt fails, a redelivery follows.
    const now = await admin.advanceClock("P60D");
    expect(now.toISOString()).toBe("2026-03-06T09:00:00.000Z");
    const deliveries = await admin.deliveries("invoice");
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(deliveries[0]).toMatchObject({ product: "invoice", webhook: "invoiceStatusChanged", attempt: 1, status: 500 });
    expect(deliveries.at(-1)).toMatchObject({ status: 200 });
    expect(hooks.at(-1)).toMatchObject({ url: "/callbacks", body: [expect.objectContaining({ InvoiceId, Status: "Expired" })] });
    expect(await admin.deliveries("pos")).toEqual([]);

    expect((await admin.setClock("2026-01-05T09:00:00Z")).toISOString()).toBe("2026-01-05T09:00:00.000Z");
    await expect(admin.now()).resolves.toEqual(new Date("2026-01-05T09:00:00Z"));
  });

  it("switches a product's scenario, and names the known ones for an unknown name", async () => {
    const admin = createMockAdmin(origin());
    const invoice = (await admin.info()).products.find((p) => p.name === "invoice")!;
    expect(invoice.scenarios).toEqual(expect.arrayContaining(["happy", "errors", "empty", "slow"]));
    expect(invoice.scenario).toBe("happy");
    const me = () => fetch(`${invoiceBase()}/api/v1/merchants/me`, { headers });
    expect((await me()).status).toBe(200);
    await admin.useScenario("invoice", "errors");
    const failing = await me();
    expect(failing.status).toBeGreaterThanOrEqual(400);
    expect((await admin.info()).products.find((p) => p.name === "invoice")!.scenario).toBe("errors");
    // Other products keep theirs.
    expect((await admin.info()).products.find((p) => p.name === "pos")!.scenario).toBe("happy");
    const refused = await admin.useScenario("invoice", "sunny").then(() => undefined, (e: unknown) => e as MockAdminError);
    expect(refused).toMatchObject({ status: 404, body: { scenarios: expect.arrayContaining(["happy", "errors"]) } });
    await admin.useScenario("invoice", "happy");
    expect((await me()).status).toBe(200);
  });

  it("refuses bad admin requests with a 4xx and a reason", async () => {
    const admin = createMockAdmin(origin());
    const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as MockAdminError);
    await expect(refusal(admin.seed({ subscriptions: {} }))).resolves.toMatchObject({ status: 404, body: { products: ["invoice", "pos"] } });
    await expect(refusal(admin.seed({ invoice: { lollipops: [{}] } }))).resolves.toMatchObject({ status: 400, message: expect.stringContaining('keep no resource "lollipops"') });
    await expect(refusal(admin.advanceClock("soon"))).resolves.toMatchObject({ status: 400 });
    await expect(refusal(admin.failDeliveries("invoice", -1))).resolves.toBeInstanceOf(MockAdminError);
    const raw = await fetch(`${origin()}/__mpkit/seed`, { method: "POST", body: "{not json" });
    expect(raw.status).toBe(400);
    const unknown = await fetch(`${origin()}/__mpkit/nope`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { endpoints: string[] }).endpoints).toContain("POST /__mpkit/clock");
    await expect(refusal(createMockAdmin("http://127.0.0.1:1").info())).resolves.toMatchObject({ status: 0 });
  });
});
