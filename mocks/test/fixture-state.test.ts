/**
 * A new product gets stateful mocks from its spec alone: a small fixture spec
 * (`generator/test/fixtures/stateful`) is generated in memory and its mock module, untouched,
 * runs on the unchanged runtime: state, a transition and its refusal, a time-driven transition,
 * a business rule and a webhook, sent to the URL the resource registered with the credentials
 * set through the spec's callback-auth operation.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel, emitAll } from "../../generator/src/pipeline.js";
import type { ProductMockInstance, StatefulMockOptions } from "../src/runtime/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, "..", "..", "generator", "test", "fixtures", "stateful");
const runtime = pathToFileURL(path.join(here, "..", "src", "runtime", "index.ts")).href;
const dir = mkdtempSync(path.join(tmpdir(), "mpkit-state-"));

const files = await emitAll(await buildModel(fixture));
for (const name of ["handlers.gen.ts", "mock.gen.js", "mock.gen.d.ts"]) {
  const file = files.find((f) => f.path === `mocks/src/lockers/${name}`)!;
  writeFileSync(path.join(dir, name), file.contents.replace('"../runtime/index.js"', JSON.stringify(runtime)));
}
const generated = (await import(pathToFileURL(path.join(dir, "handlers.gen.ts")).href)) as {
  createLockersMock: (options?: StatefulMockOptions) => ProductMockInstance;
};

const events: unknown[] = [];
const mock = generated.createLockersMock({
  deliver: async (request) => {
    events.push({ url: request.url, authorization: request.headers.get("authorization"), body: await request.json() });
    return new Response(null, { status: 200 });
  },
});
const server = setupServer(...mock.handlers);
const api = (route: string, method = "GET", body?: unknown) =>
  fetch(`https://lockers.example/api${route}`, {
    method,
    headers: { "x-key": "k", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a fixture product with no runtime change", () => {
  it("stores, transitions, refuses, times out, enforces its rule and delivers its webhook", async () => {
    expect((await api("/lockers", "POST", { size: "large", deposit: 0 })).status).toBe(422);
    const created = await api("/lockers", "POST", { size: "large", deposit: 50, callbackUrl: "https://me.example/lockers" });
    expect(created.status).toBe(201);
    const { lockerId } = (await created.json()) as { lockerId: string };
    expect(await (await api(`/lockers/${lockerId}`)).json()).toEqual({ lockerId, size: "large", deposit: 50, status: "closed" });
    expect((await api("/lockers/0b7f3c52-5d0c-4a6e-9a43-3f2f1f0c9e11")).status).toBe(404);

    expect((await api("/callback-auth", "PUT", { user: "me", password: "pw" })).status).toBe(204);
    expect((await api(`/lockers/${lockerId}/open`, "POST")).status).toBe(204);
    const twice = await api(`/lockers/${lockerId}/open`, "POST");
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: "L-1" });
    expect((await api(`/simulation/lockers/${lockerId}/close`, "POST")).status).toBe(204);
    expect((await api(`/lockers/${lockerId}/open`, "POST")).status).toBe(204);
    await mock.clock.advance("PT10M");
    expect(await (await api(`/lockers/${lockerId}`)).json()).toMatchObject({ status: "closed" });
    expect(events).toEqual(
      ["open", "closed", "open", "closed"].map((status) => ({ url: "https://me.example/lockers", authorization: `Basic ${btoa("me:pw")}`, body: { lockerId, status } })),
    );
  });

  it("rejects a rule the engine cannot evaluate at generation, with file:line", async () => {
    const { copyRoot } = await import("../../generator/test/helpers.js");
    const { readFileSync } = await import("node:fs");
    const copy = copyRoot(fixture);
    try {
      const spec = path.join(copy.root, "specs", "lockers", "openapi.yaml");
      writeFileSync(spec, readFileSync(spec, "utf8").replace("check: { type: positive-amount, field: deposit }", "check: { type: positive-amount }"));
      await expect(buildModel(copy.root)).rejects.toThrow(/specs\/lockers\/openapi\.yaml:\d+:\d+ .*cannot evaluate this positive-amount check/);
      writeFileSync(spec, readFileSync(spec, "utf8").replace("  '422': { code: '{code}', message: '{message}' }\n", ""));
      await expect(buildModel(copy.root)).rejects.toThrow(/openapi\.yaml:\d+:\d+ .*answers 422, but x-mpkit-mock-errors has no "422" template/);
      // The executable parts of state machines and callbacks are checked the same way.
      const broken = readFileSync(spec, "utf8")
        .replace("cause: { after: PT10M }", "cause: { after: PT10M, when: { field: size } }")
        .replace("password: password }", "password: pass }")
        .replace("x-mpkit-resource: { role: simulate }", "x-mpkit-resource: { role: simulate, initial: open }")
        .replace("        refuse: { status: 409, code: L-1 }", "        refuse: { status: 409, code: L-1 }\n        enter: { open: { emits: { webhook: lockerChanged } } }");
      writeFileSync(spec, broken);
      const error = (await buildModel(copy.root).then(
        () => new Error("the broken spec was accepted"),
        (e: unknown) => e,
      )) as Error;
      expect(error.message).toMatch(/openapi\.yaml:\d+:\d+ .*`when` must be \{ field, of\?, equals/);
      expect(error.message).toMatch(/openapi\.yaml:\d+:\d+ .*the request body has no field "pass"/);
      expect(error.message).toMatch(/openapi\.yaml:\d+:\d+ .*"open" is not an initial state of LockerStatus/);
      expect(error.message).toMatch(/openapi\.yaml:\d+:\d+ .*"open" in `enter` is not an initial state/);
    } finally {
      copy.dispose();
    }
  });
});
