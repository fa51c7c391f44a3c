/**
 * The Integrator Authentication MSW handlers, acting as the mock authorization server:
 * `/connect/token` and discovery answer the generated client with responses that validate
 * against the spec, and invalid requests get OAuth error bodies.
 */
import { createIntegratorAuthClient } from "@mpkit/integrator-auth";
import { integratorAuthMock, ProductValidator } from "@mpkit/mocks";
import { createMockServer } from "@mpkit/mocks/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectValidResponses as expectMockedValid, routeOf } from "./support.js";
import { integratorAuthCalls, testCredentials } from "../../packages/integrator-auth/test/calls.js";

const SANDBOX = "https://api.sandbox.mobilepay.dk/integrator-authentication";
const server = createMockServer({ stateful: false });
const validator = new ProductValidator(integratorAuthMock);
const mocked: { request: Request; response: Response }[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("response:mocked", ({ request, response }) => {
    mocked.push({ request: new Request(request.url, { method: request.method }), response: response.clone() });
  });
});
afterEach(() => {
  mocked.length = 0;
});
afterAll(() => server.close());

const operationFor = (request: Request) => routeOf(integratorAuthMock, request);

const expectValidResponses = () => expectMockedValid(integratorAuthMock, validator, mocked);

const client = createIntegratorAuthClient({ credentials: testCredentials });
const basic = `Basic ${btoa("acme-pos:sandbox-client-secret")}`;
const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("Integrator Authentication mocks answer the generated client", () => {
  it("have a handler for every operation of the spec", () => {
    expect(integratorAuthMock.operations.map((o) => o.operationId).sort()).toEqual(Object.keys(integratorAuthCalls).sort());
  });

  it.each(Object.entries(integratorAuthCalls))("%s, with a response that validates against the spec", async (_id, call) => {
    await call(client);
    await expectValidResponses();
  });

  it("issue a token for a form-encoded request with HTTP Basic, as an OAuth client sends it", async () => {
    const response = await fetch(`${SANDBOX}/connect/token`, {
      method: "POST",
      headers: { ...form, Authorization: basic },
      body: new URLSearchParams({ grant_type: "client_credentials", merchant_vat: "FI12345678" }),
    });
    expect(response.status).toBe(200);
    const token = (await response.json()) as Record<string, unknown>;
    expect(token).toMatchObject({ token_type: "Bearer" });
    expect(validator.checkResponse(operationFor(new Request(response.url, { method: "POST" })), 200, token)).toEqual([]);
  });

  it("serve the production base URL too", async () => {
    const production = createIntegratorAuthClient({ environment: "production", credentials: testCredentials });
    await expect(production.getJsonWebKeySet()).resolves.toHaveProperty("keys");
  });
});

interface Refusal {
  name: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  status: number;
  error: string;
  mentions: RegExp;
}

const refusals: Refusal[] = [
  {
    name: "a token request without client authentication",
    path: "/connect/token",
    headers: form,
    body: new URLSearchParams({ grant_type: "client_credentials" }),
    status: 401,
    error: "invalid_client",
    mentions: /credentials/,
  },
  {
    name: "a token request sent as JSON instead of a form",
    path: "/connect/token",
    headers: { Authorization: basic, "Content-Type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials" }),
    status: 400,
    error: "invalid_request",
    mentions: /must be sent as application\/x-www-form-urlencoded/,
  },
  {
    name: "a token request without a body",
    path: "/connect/token",
    headers: { ...form, Authorization: basic },
    status: 400,
    error: "invalid_request",
    mentions: /body is required/,
  },
  {
    name: "a merchant_vat with a dash (the 2020 format)",
    path: "/connect/token",
    headers: { ...form, Authorization: basic },
    body: new URLSearchParams({ grant_type: "client_credentials", merchant_vat: "DK-12345678" }),
    status: 400,
    error: "invalid_request",
    mentions: /merchant_vat must match pattern/,
  },
  {
    name: "a grant type other than client_credentials",
    path: "/connect/token",
    headers: { ...form, Authorization: basic },
    body: new URLSearchParams({ grant_type: "password" }),
    status: 400,
    error: "invalid_request",
    mentions: /grant_type must be equal to one of the allowed values/,
  },
  {
    name: "discovery without x-ibm-client-id",
    path: "/.well-known/openid-configuration",
    method: "GET",
    status: 401,
    error: "invalid_client",
    mentions: /credentials/,
  },
];

describe("Integrator Authentication mocks refuse invalid requests with OAuth error bodies", () => {
  it.each(refusals.map((r) => [r.name, r] as const))("%s", async (_name, refusal) => {
    const method = refusal.method ?? "POST";
    const response = await fetch(`${SANDBOX}${refusal.path}`, { method, headers: refusal.headers, body: refusal.body });
    expect(response.status).toBe(refusal.status);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBe(refusal.error);
    expect(String(body.error_description)).toMatch(refusal.mentions);
    const op = operationFor(new Request(`${SANDBOX}${refusal.path}`, { method }));
    expect(validator.checkResponse(op, refusal.status, body)).toEqual([]);
  });
});
