/**
 * The spec-change corpus: before/after fragments applied to `base-spec.ts`, the expected class
 * and bump, and (for the compiler cross-check) code written against the old client.
 *
 * `use` is the body of an async function in which `shop` is the client package (old or new)
 * and `client` a `shop.ShopClient`. It must compile against the old client; against the new one
 * it must fail for a breaking case and compile for any other case. A breaking case the types
 * cannot show (a pattern, a limit, a URL) is `runtimeOnly`: its snippet compiles against both.
 */
import type { Bump, ChangeClass } from "../../src/diff/change.js";
import { ABSENT, type Edit } from "./base-spec.js";

export interface SpecChangeCase {
  id: string;
  edits: Edit[];
  want: { class: ChangeClass | "none"; bump: Bump; code?: string; runtimeOnly?: boolean };
  /** Operations (or `webhook x` / undefined for the product) the main change must be reported at. */
  reportedAt?: (string | undefined)[];
  use?: string;
}

const S = "components.schemas".split(".");
const at = (...tokens: string[]) => tokens;
const schema = (...tokens: string[]) => [...S, ...tokens];
const getOrder = 'const o = await client.getOrder({ orderId: "x" });';
const newOrder = 'await client.createOrder({ body: { amount: 100, currency: "DKK"';

export const CASES: SpecChangeCase[] = [
  // ---- operations and webhooks ----
  {
    id: "operation added",
    edits: [{ at: at("paths", "/refunds", "post"), after: { operationId: "refundOrder", summary: "Refund", tags: ["Orders"], responses: { "204": { description: "Done" }, "400": { description: "Bad" } } } }],
    want: { class: "non-breaking", bump: "minor", code: "operation-added" },
    use: `${getOrder} return o.amount;`,
  },
  {
    id: "operation removed",
    edits: [{ at: at("paths", "/orders/{orderId}", "delete"), after: ABSENT }],
    want: { class: "breaking", bump: "major", code: "operation-removed" },
    use: 'await client.cancelOrder({ orderId: "x" });',
  },
  {
    id: "operationId renamed (client method renamed)",
    edits: [{ at: at("paths", "/orders/{orderId}", "delete", "operationId"), after: "deleteOrder" }],
    want: { class: "breaking", bump: "major", code: "operation-renamed" },
    use: 'await client.cancelOrder({ orderId: "x" });',
  },
  {
    id: "operation moved to another path and method",
    edits: [
      { at: at("paths", "/orders/{orderId}", "delete"), after: ABSENT },
      {
        at: at("paths", "/orders/{orderId}/cancel"),
        after: {
          parameters: [{ name: "orderId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          post: { operationId: "cancelOrder", summary: "Cancel an order", tags: ["Orders"], responses: { "204": { description: "Cancelled" }, "404": { description: "Not found", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } } },
        },
      },
    ],
    want: { class: "breaking", bump: "major", code: "operation-moved", runtimeOnly: true },
    use: 'await client.cancelOrder({ orderId: "x" });',
  },
  {
    id: "operation deprecated",
    edits: [{ at: at("paths", "/orders/{orderId}", "delete", "deprecated"), after: true }],
    want: { class: "non-breaking", bump: "minor", code: "operation-deprecated" },
    use: 'await client.cancelOrder({ orderId: "x" });',
  },
  {
    id: "webhook added",
    edits: [{ at: at("webhooks", "orderCancelled"), after: { post: { operationId: "onOrderCancelled", summary: "Cancelled", requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/OrderEvent" } } } }, responses: { "200": { description: "OK" } } } } }],
    want: { class: "non-breaking", bump: "minor", code: "webhook-added" },
    use: "const e = {} as shop.OrderPaidPayload; return e.orderId;",
  },
  {
    id: "webhook removed",
    edits: [{ at: at("webhooks", "orderPaid"), after: ABSENT }],
    want: { class: "breaking", bump: "major", code: "webhook-removed" },
    use: "const e = {} as shop.OrderPaidPayload; return e.orderId;",
  },

  // ---- parameters ----
  {
    id: "optional query parameter added",
    edits: [{ at: at("paths", "/orders", "get", "parameters", "2"), after: { name: "since", in: "query", schema: { type: "string", format: "date" } } }],
    want: { class: "non-breaking", bump: "minor", code: "parameter-added" },
    use: "await client.listOrders({ limit: 10 });",
  },
  {
    id: "required query parameter added",
    edits: [{ at: at("paths", "/orders", "get", "parameters", "2"), after: { name: "shopId", in: "query", required: true, schema: { type: "string" } } }],
    want: { class: "breaking", bump: "major", code: "required-parameter-added" },
    use: "await client.listOrders({ limit: 10 });",
  },
  {
    id: "query parameter removed",
    edits: [{ at: at("paths", "/orders", "get", "parameters"), after: [{ name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } }] }],
    want: { class: "breaking", bump: "major", code: "parameter-removed" },
    use: 'await client.listOrders({ status: "paid" });',
  },
  {
    id: "query parameter renamed",
    edits: [{ at: at("paths", "/orders", "get", "parameters", "0", "name"), after: "pageSize" }],
    want: { class: "breaking", bump: "major", code: "parameter-renamed" },
    use: "await client.listOrders({ limit: 5 });",
  },
  {
    id: "query parameter made required",
    edits: [{ at: at("paths", "/orders", "get", "parameters", "0", "required"), after: true }],
    want: { class: "breaking", bump: "major", code: "parameter-made-required" },
    use: "await client.listOrders();",
  },
  {
    id: "query parameter made optional",
    edits: [{ at: at("paths", "/orders", "get", "parameters", "0", "required"), before: true, after: false }],
    want: { class: "non-breaking", bump: "minor", code: "parameter-made-optional" },
    use: "await client.listOrders({ limit: 5 });",
  },
  {
    id: "query parameter maximum lowered",
    edits: [{ at: at("paths", "/orders", "get", "parameters", "0", "schema", "maximum"), after: 50 }],
    want: { class: "breaking", bump: "major", code: "limit-narrowed", runtimeOnly: true },
    use: "await client.listOrders({ limit: 80 });",
  },
  {
    id: "query parameter maximum raised",
    edits: [{ at: at("paths", "/orders", "get", "parameters", "0", "schema", "maximum"), after: 500 }],
    want: { class: "non-breaking", bump: "minor", code: "limit-widened" },
    use: "await client.listOrders({ limit: 80 });",
  },
  {
    id: "query parameter default changed",
    edits: [{ at: at("paths", "/orders", "get", "parameters", "0", "schema", "default"), after: 50 }],
    want: { class: "breaking", bump: "major", code: "default-changed", runtimeOnly: true },
    use: "await client.listOrders();",
  },
  {
    id: "path parameter format dropped",
    edits: [{ at: at("paths", "/orders/{orderId}", "parameters", "0", "schema"), after: { type: "string" } }],
    want: { class: "non-breaking", bump: "minor", code: "format-changed" },
    use: `${getOrder} return o.orderId;`,
  },

  // ---- request body ----
  {
    id: "optional request field added",
    edits: [{ at: schema("NewOrder", "properties", "giftWrap"), after: { type: "boolean" } }],
    want: { class: "non-breaking", bump: "minor", code: "field-added" },
    use: `${newOrder} } });`,
  },
  {
    id: "required request field added",
    edits: [
      { at: schema("NewOrder", "properties", "customerId"), after: { type: "string" } },
      { at: schema("NewOrder", "required"), after: ["amount", "currency", "customerId"] },
    ],
    want: { class: "breaking", bump: "major", code: "required-field-added" },
    use: `${newOrder} } });`,
  },
  {
    // The issue expected "does not break"; the compiler disagrees: object literals that still
    // set the field fail the excess-property check. The report says both.
    id: "optional request field removed",
    edits: [{ at: schema("NewOrder", "properties", "note"), after: ABSENT }],
    want: { class: "breaking", bump: "major", code: "field-removed" },
    use: `${newOrder}, note: "ring twice" } });`,
  },
  {
    id: "request field made required",
    edits: [{ at: schema("NewOrder", "required"), after: ["amount", "currency", "reference"] }],
    want: { class: "breaking", bump: "major", code: "field-made-required" },
    use: `${newOrder} } });`,
  },
  {
    id: "request field made optional",
    edits: [{ at: schema("NewOrder", "required"), after: ["amount"] }],
    want: { class: "non-breaking", bump: "minor", code: "field-made-optional" },
    use: `${newOrder} } });`,
  },
  {
    id: "request field renamed",
    edits: [
      { at: schema("NewOrder", "properties", "note"), after: ABSENT },
      { at: schema("NewOrder", "properties", "comment"), after: { type: "string" } },
    ],
    want: { class: "breaking", bump: "major", code: "field-renamed" },
    use: `${newOrder}, note: "x" } });`,
  },
  {
    id: "request enum value added",
    edits: [{ at: schema("NewOrder", "properties", "channel", "enum"), after: ["web", "app", "pos"] }],
    want: { class: "non-breaking", bump: "minor", code: "enum-value-added" },
    use: `${newOrder}, channel: "app" } });`,
  },
  {
    id: "request enum value removed",
    edits: [{ at: schema("NewOrder", "properties", "channel", "enum"), after: ["web"] }],
    want: { class: "breaking", bump: "major", code: "enum-value-removed" },
    use: `${newOrder}, channel: "app" } });`,
  },
  {
    id: "request field type changed",
    edits: [{ at: schema("NewOrder", "properties", "amount"), after: { type: "string", pattern: "^[0-9]+$" } }],
    want: { class: "breaking", bump: "major", code: "type-changed" },
    use: `${newOrder} } });`,
  },
  {
    id: "request field type widened (nullable)",
    edits: [{ at: schema("NewOrder", "properties", "note", "type"), after: ["string", "null"] }],
    want: { class: "non-breaking", bump: "minor", code: "type-widened" },
    use: `${newOrder}, note: "x" } });`,
  },
  {
    id: "request pattern changed",
    edits: [{ at: schema("NewOrder", "properties", "reference", "pattern"), after: "^[A-Z0-9]+$" }],
    want: { class: "breaking", bump: "major", code: "pattern-changed", runtimeOnly: true },
    use: `${newOrder}, reference: "abc-1" } });`,
  },
  {
    id: "request maxLength lowered",
    edits: [{ at: schema("NewOrder", "properties", "reference", "maxLength"), after: 20 }],
    want: { class: "breaking", bump: "major", code: "limit-narrowed", runtimeOnly: true },
    use: `${newOrder}, reference: "abc-1" } });`,
  },
  {
    id: "request maxLength raised",
    edits: [{ at: schema("NewOrder", "properties", "reference", "maxLength"), after: 70 }],
    want: { class: "non-breaking", bump: "minor", code: "limit-widened" },
    use: `${newOrder}, reference: "abc-1" } });`,
  },
  {
    id: "request minimum raised",
    edits: [{ at: schema("NewOrder", "properties", "amount", "minimum"), after: 100 }],
    want: { class: "breaking", bump: "major", code: "limit-narrowed", runtimeOnly: true },
    use: `${newOrder} } });`,
  },
  {
    id: "request default changed",
    edits: [{ at: schema("NewOrder", "properties", "channel", "default"), after: "app" }],
    want: { class: "breaking", bump: "major", code: "default-changed", runtimeOnly: true },
    use: `${newOrder} } });`,
  },
  {
    id: "request body gains a required field through allOf",
    edits: [{ at: schema("NewOrder"), after: { allOf: [{ $ref: "#/components/schemas/OrderBase" }, { type: "object", required: ["shopId"], properties: { shopId: { type: "string" } } }] } }, { at: schema("OrderBase"), after: { type: "object", required: ["amount", "currency"], properties: { amount: { type: "integer", minimum: 1, maximum: 100000 }, currency: { $ref: "#/components/schemas/Currency" }, reference: { type: "string", maxLength: 35, pattern: "^[A-Za-z0-9-]+$" }, note: { type: "string" }, channel: { type: "string", enum: ["web", "app"], default: "web" } } } }],
    want: { class: "breaking", bump: "major", code: "required-field-added" },
    use: `${newOrder} } });`,
  },

  // ---- responses ----
  {
    id: "response field added",
    edits: [{ at: schema("Order", "properties", "trackingUrl"), after: { type: "string", format: "uri" } }],
    want: { class: "non-breaking", bump: "minor", code: "field-added" },
    use: `${getOrder} return o.amount;`,
  },
  {
    id: "response field removed",
    edits: [{ at: schema("Order", "properties", "reference"), after: ABSENT }],
    want: { class: "breaking", bump: "major", code: "field-removed" },
    reportedAt: ["createOrder", "listOrders", "getOrder"],
    use: `${getOrder} return o.reference;`,
  },
  {
    id: "response field renamed",
    edits: [
      { at: schema("Order", "properties", "reference"), after: ABSENT },
      { at: schema("Order", "properties", "externalReference"), after: { type: "string" } },
    ],
    want: { class: "breaking", bump: "major", code: "field-renamed" },
    use: `${getOrder} return o.reference;`,
  },
  {
    id: "response field made optional",
    edits: [{ at: schema("Order", "required"), after: ["orderId", "currency", "status", "pollDelayInMs"] }],
    want: { class: "breaking", bump: "major", code: "field-made-optional" },
    use: `${getOrder} const n: number = o.amount; return n;`,
  },
  {
    id: "response field made required",
    edits: [{ at: schema("Order", "required"), after: ["orderId", "amount", "currency", "status", "pollDelayInMs", "reference"] }],
    want: { class: "non-breaking", bump: "minor", code: "field-made-required" },
    use: `${getOrder} return o.reference?.length;`,
  },
  {
    id: "response enum value added (exhaustive code breaks)",
    edits: [{ at: schema("OrderStatus", "enum"), after: ["created", "paid", "cancelled", "refunded"] }],
    want: { class: "breaking", bump: "major", code: "enum-value-added" },
    reportedAt: ["createOrder", "listOrders", "getOrder", "webhook orderPaid"],
    use: `${getOrder}
      switch (o.status) {
        case "created": return 1;
        case "paid": return 2;
        case "cancelled": return 3;
        default: { const never: never = o.status; return never; }
      }`,
  },
  {
    id: "response enum value removed",
    edits: [
      { at: schema("OrderStatus", "enum"), after: ["created", "paid"] },
      { at: schema("OrderStatus", "x-mpkit-state-machine"), after: { initial: ["created"], final: ["paid"], transitions: [{ from: "created", to: "paid", trigger: "The customer pays" }] } },
    ],
    want: { class: "breaking", bump: "major", code: "enum-value-removed" },
    use: `${getOrder} return o.status === "cancelled";`,
  },
  {
    id: "response field becomes nullable",
    edits: [{ at: schema("Order", "properties", "reference", "type"), after: ["string", "null"] }],
    want: { class: "breaking", bump: "major", code: "type-widened" },
    use: `${getOrder} const r: string | undefined = o.reference; return r;`,
  },
  {
    id: "response field no longer nullable",
    edits: [{ at: schema("Order", "properties", "createdAt", "type"), after: "string" }],
    want: { class: "non-breaking", bump: "minor", code: "type-narrowed" },
    use: `${getOrder} const c: string | null | undefined = o.createdAt; return c;`,
  },
  {
    id: "response format changed",
    edits: [{ at: schema("Order", "properties", "createdAt", "format"), after: "date" }],
    want: { class: "breaking", bump: "major", code: "format-changed", runtimeOnly: true },
    use: `${getOrder} return o.createdAt;`,
  },
  {
    id: "response array limit raised",
    edits: [{ at: schema("OrderList", "properties", "orders", "maxItems"), after: 500 }],
    want: { class: "breaking", bump: "major", code: "limit-widened", runtimeOnly: true },
    use: "const l = await client.listOrders(); return l.orders.length;",
  },
  {
    id: "success status changed, same body",
    edits: [
      { at: at("paths", "/orders", "post", "responses", "201"), after: ABSENT },
      { at: at("paths", "/orders", "post", "responses", "200"), after: { description: "Created", content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } } } },
    ],
    want: { class: "non-breaking", bump: "minor", code: "success-status-changed" },
    use: `const o = ${newOrder} } }); return o.orderId;`,
  },
  {
    id: "error status added",
    edits: [{ at: at("paths", "/orders", "post", "responses", "422"), after: { description: "Unprocessable", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } }],
    want: { class: "non-breaking", bump: "minor", code: "error-status-added" },
    use: `try { ${newOrder} } }); } catch (e) { if (shop.isShopApiError(e, "createOrder") && e.status === 409) return e.body.message; }`,
  },
  {
    id: "error status removed",
    edits: [{ at: at("paths", "/orders", "post", "responses", "409"), after: ABSENT }],
    want: { class: "breaking", bump: "major", code: "error-status-removed" },
    use: `try { ${newOrder} } }); } catch (e) { if (shop.isShopApiError(e, "createOrder") && e.status === 409) return e.body.message; }`,
  },
  {
    id: "error code added",
    edits: [{ at: schema("Error", "properties", "code", "enum"), after: ["not_found", "invalid_request", "conflict", "rate_limited"] }],
    want: { class: "non-breaking", bump: "minor", code: "error-code-added" },
    use: 'try { await client.getOrder({ orderId: "x" }); } catch (e) { if (shop.isShopApiError(e, "getOrder") && e.status === 404) return e.body.code === "not_found"; }',
  },
  {
    id: "error code removed",
    edits: [{ at: schema("Error", "properties", "code", "enum"), after: ["not_found", "invalid_request"] }],
    want: { class: "breaking", bump: "major", code: "enum-value-removed" },
    use: `try { ${newOrder} } }); } catch (e) { if (shop.isShopApiError(e, "createOrder") && e.status === 409) return e.body.code === "conflict"; }`,
  },

  // ---- shared $ref reaching requests and responses ----
  {
    id: "shared enum gains a value: fine in the request, breaking in every response",
    edits: [{ at: schema("Currency", "enum"), after: ["DKK", "EUR", "SEK"] }],
    want: { class: "breaking", bump: "major", code: "enum-value-added" },
    reportedAt: ["createOrder", "listOrders", "getOrder"],
    use: `${getOrder} const names: Record<shop.Currency, string> = { DKK: "kroner", EUR: "euro" }; return names[o.currency];`,
  },

  // ---- webhooks ----
  {
    id: "webhook payload field renamed (Status → State)",
    edits: [
      { at: schema("OrderEvent", "properties", "status"), after: ABSENT },
      { at: schema("OrderEvent", "properties", "state"), after: { $ref: "#/components/schemas/OrderStatus" } },
      { at: schema("OrderEvent", "required"), after: ["orderId", "state"] },
    ],
    want: { class: "breaking", bump: "major", code: "field-renamed" },
    reportedAt: ["webhook orderPaid"],
    use: "const e = {} as shop.OrderPaidPayload; return e.status;",
  },
  {
    id: "webhook payload gains a required field (the receiver reads it)",
    edits: [
      { at: schema("OrderEvent", "properties", "amount"), after: { type: "integer" } },
      { at: schema("OrderEvent", "required"), after: ["orderId", "status", "amount"] },
    ],
    want: { class: "non-breaking", bump: "minor", code: "field-added" },
    use: "const e = {} as shop.OrderPaidPayload; return e.orderId;",
  },

  // ---- composition ----
  {
    id: "oneOf variant added to a response",
    edits: [
      { at: schema("PaymentMethod", "oneOf", "2"), after: { $ref: "#/components/schemas/Invoice" } },
      { at: schema("PaymentMethod", "discriminator", "mapping", "invoice"), after: "#/components/schemas/Invoice" },
      { at: schema("Invoice"), after: { type: "object", required: ["type"], properties: { type: { type: "string", enum: ["invoice"] } } } },
    ],
    want: { class: "breaking", bump: "major", code: "variant-added" },
    use: `${getOrder} const p = o.payment; if (!p) return 0;
      switch (p.type) { case "card": return 1; case "wallet": return 2; default: { const never: never = p; return never; } }`,
  },
  {
    id: "oneOf variant removed from a response",
    edits: [
      { at: schema("PaymentMethod"), after: { oneOf: [{ $ref: "#/components/schemas/Card" }], discriminator: { propertyName: "type", mapping: { card: "#/components/schemas/Card" } } } },
      { at: schema("Wallet"), after: ABSENT },
    ],
    want: { class: "breaking", bump: "major", code: "variant-removed" },
    use: `${getOrder} return o.payment?.type === "wallet";`,
  },
  {
    id: "allOf refactoring without a change of shape",
    edits: [
      { at: schema("Order"), after: { allOf: [{ $ref: "#/components/schemas/OrderIds" }, { type: "object", required: ["amount", "currency", "status", "pollDelayInMs"], properties: { amount: { type: "integer" }, currency: { $ref: "#/components/schemas/Currency" }, status: { $ref: "#/components/schemas/OrderStatus" }, reference: { type: "string" }, createdAt: { type: ["string", "null"], format: "date-time" }, pollDelayInMs: { type: "integer" }, payment: { $ref: "#/components/schemas/PaymentMethod" } } }] } },
      { at: schema("OrderIds"), after: { type: "object", required: ["orderId"], properties: { orderId: { type: "string", format: "uuid" } } } },
    ],
    want: { class: "non-breaking", bump: "minor", code: "schema-added" },
    use: `${getOrder} return [o.orderId, o.amount, o.status];`,
  },
  {
    id: "anyOf became oneOf",
    edits: [{ at: schema("NewOrder", "properties", "note"), before: { anyOf: [{ type: "string" }, { type: "integer" }] }, after: { oneOf: [{ type: "string" }, { type: "integer" }] } }],
    want: { class: "breaking", bump: "major", code: "composition-changed", runtimeOnly: true },
    use: `${newOrder}, note: "x" } });`,
  },
  {
    id: "exported schema renamed (refs updated)",
    edits: [
      { at: schema("Currency"), after: ABSENT },
      { at: schema("CurrencyCode"), after: { type: "string", enum: ["DKK", "EUR"] } },
      { at: schema("NewOrder", "properties", "currency"), after: { $ref: "#/components/schemas/CurrencyCode" } },
      { at: schema("Order", "properties", "currency"), after: { $ref: "#/components/schemas/CurrencyCode" } },
    ],
    want: { class: "breaking", bump: "major", code: "schema-removed" },
    reportedAt: [undefined],
    use: 'const c: shop.Currency = "DKK"; return c;',
  },

  // ---- security and servers ----
  {
    id: "security: another scheme accepted",
    edits: [{ at: at("security"), after: [{ ApiKey: [] }, { Token: [] }] }],
    want: { class: "non-breaking", bump: "minor", code: "security-relaxed" },
    use: 'const c = shop.createShopClient({ credentials: { ApiKey: "k" } }); return c;',
  },
  {
    id: "security: a second scheme required",
    edits: [{ at: at("security"), after: [{ ApiKey: [], Token: [] }] }],
    want: { class: "breaking", bump: "major", code: "security-changed", runtimeOnly: true },
    use: 'const c = shop.createShopClient({ credentials: { ApiKey: "k" } }); return c;',
  },
  {
    id: "environment removed",
    edits: [{ at: at("servers"), after: [{ url: "https://sandbox.shop.test", "x-mpkit-environment": "sandbox" }] }],
    want: { class: "breaking", bump: "major", code: "environment-removed" },
    use: 'return shop.createShopClient({ environment: "production" });',
  },
  {
    id: "server URL changed",
    edits: [{ at: at("servers", "1", "url"), after: "https://api.shop.test" }],
    want: { class: "breaking", bump: "major", code: "server-url-changed", runtimeOnly: true },
    use: 'return shop.createShopClient({ environment: "production" });',
  },
  {
    id: "environment added",
    edits: [{ at: at("servers", "2"), after: { url: "https://staging.shop.test", "x-mpkit-environment": "staging" } }],
    want: { class: "non-breaking", bump: "minor", code: "environment-added" },
    use: 'return shop.createShopClient({ environment: "production" });',
  },

  // ---- x-mpkit-* behaviour ----
  {
    id: "retry policy changed",
    edits: [{ at: at("x-mpkit-client-defaults", "retries"), after: 3 }],
    want: { class: "non-breaking", bump: "minor", code: "client-policy-changed" },
    use: `${getOrder} return o;`,
  },
  {
    id: "operation marked idempotent",
    edits: [{ at: at("paths", "/orders", "post", "x-mpkit-idempotent"), after: true }],
    want: { class: "non-breaking", bump: "minor", code: "idempotency-changed" },
    use: `${newOrder} } });`,
  },
  {
    id: "polling helper removed",
    edits: [{ at: at("paths", "/orders/{orderId}", "get", "x-mpkit-poll"), after: ABSENT }],
    want: { class: "breaking", bump: "major", code: "poll-removed" },
    use: 'return client.poll.getOrder({ orderId: "x" });',
  },
  {
    id: "state machine: final states changed",
    edits: [
      { at: schema("OrderStatus", "enum"), after: ["created", "paid", "cancelled", "refunded"] },
      { at: schema("OrderStatus", "x-mpkit-state-machine"), after: { initial: ["created"], final: ["cancelled", "refunded"], transitions: [{ from: "created", to: "paid", trigger: "pays" }, { from: "created", to: "cancelled", trigger: "cancels" }, { from: "paid", to: "refunded", trigger: "refunds" }] } },
    ],
    want: { class: "breaking", bump: "major", code: "final-states-changed" },
    use: `${getOrder}
      switch (o.status) {
        case "created": return 1;
        case "paid": return 2;
        case "cancelled": return 3;
        default: { const never: never = o.status; return never; }
      }`,
  },
  {
    id: "state machine: transition removed",
    edits: [{ at: schema("OrderStatus", "x-mpkit-state-machine", "transitions"), after: [{ from: "created", to: "paid", trigger: "The customer pays" }] }],
    want: { class: "breaking", bump: "major", code: "transition-removed", runtimeOnly: true },
    use: `${getOrder} return o.status;`,
  },
  {
    id: "business rule added",
    edits: [{ at: at("paths", "/orders", "post", "x-mpkit-rules", "1"), after: { id: "no-duplicates", description: "One order per reference a day.", check: { type: "duplicate", fields: ["reference"] } } }],
    want: { class: "breaking", bump: "major", code: "rule-added", runtimeOnly: true },
    use: `${newOrder} } });`,
  },
  {
    id: "rate limit lowered",
    edits: [{ at: at("paths", "/orders", "post", "x-mpkit-rate-limit", "requests"), after: 2 }],
    want: { class: "breaking", bump: "major", code: "rate-limit-changed", runtimeOnly: true },
    use: `${newOrder} } });`,
  },

  // ---- docs only ----
  {
    id: "operation description changed",
    edits: [{ at: at("paths", "/orders", "post", "description"), after: "Creates an order; it starts as created." }],
    want: { class: "docs", bump: "patch", code: "operation-docs" },
    use: `${newOrder} } });`,
  },
  {
    id: "schema description changed",
    edits: [{ at: schema("Order", "description"), after: "An order." }],
    want: { class: "docs", bump: "patch", code: "schema-docs" },
    use: `${getOrder} return o;`,
  },
  {
    id: "upstream API version changed",
    edits: [{ at: at("info", "version"), after: "1.1.0" }],
    want: { class: "docs", bump: "patch", code: "api-version-changed" },
    use: `${getOrder} return o;`,
  },
  {
    id: "nothing changed",
    edits: [],
    want: { class: "none", bump: "none" },
    use: `${getOrder} return o;`,
  },
];
