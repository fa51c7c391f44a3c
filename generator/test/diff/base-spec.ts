/**
 * The spec every spec-change case starts from: a small order API with a request body, a
 * response used by several operations through shared `$ref`s, an error body with codes, a
 * webhook, a discriminated `oneOf`, a state machine, polling, rules and a client policy.
 */
const json = (ref: string, description = "OK") => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
});

export const ABSENT = Symbol("absent");

export function baseSpec(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "Shop API", version: "1.0.0", description: "Orders of a shop." },
    servers: [
      { url: "https://sandbox.shop.test", "x-mpkit-environment": "sandbox" },
      { url: "https://shop.test", "x-mpkit-environment": "production" },
    ],
    security: [{ ApiKey: [] }],
    "x-mpkit-client-defaults": { retries: 2, maxRetries: 4, timeoutMs: 2000 },
    tags: [{ name: "Orders", description: "Orders." }],
    paths: {
      "/orders": {
        post: {
          operationId: "createOrder",
          summary: "Create an order",
          description: "Creates an order.",
          tags: ["Orders"],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/NewOrder" } } } },
          responses: { "201": json("Order", "Created"), "400": json("Error", "Invalid"), "409": json("Error", "Conflict") },
          "x-mpkit-rules": [{ id: "positive", description: "Amounts are positive.", check: { type: "positive-amount", field: "amount" } }],
          "x-mpkit-rate-limit": { requests: 10, perSeconds: 1 },
        },
        get: {
          operationId: "listOrders",
          summary: "List orders",
          tags: ["Orders"],
          parameters: [
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
            { name: "status", in: "query", required: false, schema: { $ref: "#/components/schemas/OrderStatus" } },
          ],
          responses: { "200": json("OrderList"), "400": json("Error", "Invalid") },
        },
      },
      "/orders/{orderId}": {
        parameters: [{ name: "orderId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        get: {
          operationId: "getOrder",
          summary: "Get an order",
          tags: ["Orders"],
          responses: { "200": json("Order"), "404": json("Error", "Not found") },
          "x-mpkit-poll": { delayField: "pollDelayInMs", stateField: "status" },
        },
        delete: {
          operationId: "cancelOrder",
          summary: "Cancel an order",
          tags: ["Orders"],
          responses: { "204": { description: "Cancelled" }, "404": json("Error", "Not found") },
        },
      },
    },
    webhooks: {
      orderPaid: {
        post: {
          operationId: "onOrderPaid",
          summary: "An order was paid",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/OrderEvent" } } } },
          responses: { "200": { description: "Received" } },
        },
      },
    },
    components: {
      securitySchemes: {
        ApiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        Token: { type: "http", scheme: "bearer" },
      },
      schemas: {
        NewOrder: {
          type: "object",
          required: ["amount", "currency"],
          properties: {
            amount: { type: "integer", minimum: 1, maximum: 100000 },
            currency: { $ref: "#/components/schemas/Currency" },
            reference: { type: "string", maxLength: 35, pattern: "^[A-Za-z0-9-]+$" },
            note: { type: "string" },
            channel: { type: "string", enum: ["web", "app"], default: "web" },
          },
        },
        Currency: { type: "string", enum: ["DKK", "EUR"] },
        Order: {
          type: "object",
          required: ["orderId", "amount", "currency", "status", "pollDelayInMs"],
          properties: {
            orderId: { type: "string", format: "uuid" },
            amount: { type: "integer" },
            currency: { $ref: "#/components/schemas/Currency" },
            status: { $ref: "#/components/schemas/OrderStatus" },
            reference: { type: "string" },
            createdAt: { type: ["string", "null"], format: "date-time" },
            pollDelayInMs: { type: "integer" },
            payment: { $ref: "#/components/schemas/PaymentMethod" },
          },
        },
        OrderStatus: {
          type: "string",
          enum: ["created", "paid", "cancelled"],
          "x-mpkit-state-machine": {
            initial: ["created"],
            final: ["paid", "cancelled"],
            transitions: [
              { from: "created", to: "paid", trigger: "The customer pays" },
              { from: "created", to: "cancelled", trigger: "The shop cancels" },
            ],
          },
        },
        PaymentMethod: {
          oneOf: [{ $ref: "#/components/schemas/Card" }, { $ref: "#/components/schemas/Wallet" }],
          discriminator: {
            propertyName: "type",
            mapping: { card: "#/components/schemas/Card", wallet: "#/components/schemas/Wallet" },
          },
        },
        Card: { type: "object", required: ["type", "last4"], properties: { type: { type: "string", enum: ["card"] }, last4: { type: "string" } } },
        Wallet: { type: "object", required: ["type", "provider"], properties: { type: { type: "string", enum: ["wallet"] }, provider: { type: "string" } } },
        OrderList: {
          type: "object",
          required: ["orders"],
          properties: { orders: { type: "array", maxItems: 100, items: { $ref: "#/components/schemas/Order" } } },
        },
        OrderEvent: {
          type: "object",
          required: ["orderId", "status"],
          properties: {
            orderId: { type: "string", format: "uuid" },
            status: { $ref: "#/components/schemas/OrderStatus" },
            paidAt: { type: "string", format: "date-time" },
          },
        },
        Error: {
          type: "object",
          required: ["code", "message"],
          properties: { code: { type: "string", enum: ["not_found", "invalid_request", "conflict"] }, message: { type: "string" } },
        },
      },
    },
  };
}

export type Edit = { at: string[]; before?: unknown; after?: unknown };

/** Sets (or, with ABSENT, deletes) the value at `at` in a copy of the document. */
function apply(doc: Record<string, unknown>, at: string[], value: unknown): void {
  let node = doc as Record<string, unknown>;
  for (const token of at.slice(0, -1)) {
    if (typeof node[token] !== "object" || node[token] === null) node[token] = {};
    node = node[token] as Record<string, unknown>;
  }
  const last = at[at.length - 1]!;
  if (value === ABSENT) delete node[last];
  else node[last] = structuredClone(value);
}

/** The before and after documents of a case: the base with each edit's fragments applied. */
export function sides(edits: readonly Edit[]): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before = baseSpec();
  const after = baseSpec();
  for (const edit of edits) {
    if ("before" in edit) apply(before, edit.at, edit.before);
    if ("after" in edit) apply(after, edit.at, edit.after);
  }
  return { before, after };
}
