/**
 * Arbitraries of requests for one operation of a product: valid ones built from the spec's
 * schemas (plus credentials), and invalid ones made by one hostile change to a valid one.
 * Requests are plain descriptions, so fast-check can print and shrink them.
 */
import type { MockOperation, ProductMock } from "@mpkit/mocks";
import fc from "fast-check";
import { credentialsFor } from "../support.js";
import { type Place, SchemaArbitraries } from "./schema-arbitrary.js";

export interface RequestSpec {
  operationId: string;
  valid: boolean;
  /** What was changed, for an invalid request. */
  change?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function toRequest(spec: RequestSpec): Request {
  const method = spec.method.toUpperCase();
  // fetch refuses a body on GET and HEAD; such a request goes without it.
  const body = method === "GET" || method === "HEAD" ? undefined : spec.body;
  return new Request(spec.url, { method, headers: spec.headers, body });
}

/** Keys that pollute `Object.prototype` when a merge or assignment trusts them. */
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];
const hostileObject = fc.record({
  key: fc.constantFrom(...HOSTILE_KEYS),
  value: fc.oneof(fc.constant({ polluted: "yes" }), fc.constant({ prototype: { polluted: "yes" } }), fc.jsonValue({ maxDepth: 2 })),
});

const headerSafe = (s: string) => s === s.trim() && /^[\x20-\x7e]*$/.test(s);
const segmentSafe = (s: string) => s !== "" && s !== "." && s !== "..";

interface Parts {
  base: string;
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body?: unknown;
}

export class RequestArbitraries {
  readonly schemas: SchemaArbitraries;

  constructor(private readonly mock: ProductMock) {
    this.schemas = new SchemaArbitraries(mock.document, mock.name);
  }

  private schemaAt(pointer: string): Record<string, unknown> {
    return this.schemas.resolve({ $ref: pointer });
  }

  private scalar(pointer: string, place: Place): fc.Arbitrary<string[]> {
    return this.schemas.arbitrary(this.schemaAt(pointer), place).map((v) => (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "string" ? x : JSON.stringify(x))));
  }

  private parts(op: MockOperation): fc.Arbitrary<Parts> {
    const bases = Object.values(op.servers ?? this.mock.environments).filter((b): b is string => b !== undefined);
    const path: Record<string, fc.Arbitrary<string>> = {};
    const query: fc.Arbitrary<[string, string][]>[] = [];
    const headers: Record<string, fc.Arbitrary<string>> = {};
    const optionalHeaders: string[] = [];
    for (const p of op.parameters) {
      if (p.in === "path") path[p.name] = this.scalar(p.schema, "path").map((v) => v[0] ?? "x").filter(segmentSafe);
      if (p.in === "query") {
        const values = this.scalar(p.schema, "query").map((vs) => vs.map((v): [string, string] => [p.name, v]));
        query.push(p.required ? values : fc.option(values, { nil: undefined }).map((v) => v ?? []));
      }
      if (p.in === "header") {
        headers[p.name] = this.scalar(p.schema, "header").map((v) => v.join(",")).filter(headerSafe);
        if (!p.required) optionalHeaders.push(p.name);
      }
    }
    const correlation = this.mock.correlationHeader;
    if (correlation && !op.parameters.some((p) => p.in === "header" && p.name.toLowerCase() === correlation.toLowerCase())) {
      headers[correlation] = fc.uuid();
      optionalHeaders.push(correlation);
    }
    const requiredHeaders = Object.keys(headers).filter((h) => !optionalHeaders.includes(h));
    const body = op.requestBody ? this.schemas.arbitrary(this.schemaAt(op.requestBody.schema), "body") : fc.constant(undefined);
    return fc.record({
      base: fc.constantFrom(...bases),
      path: fc.record(path),
      query: fc.tuple(...query).map((groups) => groups.flat()),
      headers: fc.record(headers, { requiredKeys: requiredHeaders }) as fc.Arbitrary<Record<string, string>>,
      body: op.requestBody?.required ? body : fc.option(body, { nil: undefined, freq: 4 }),
    });
  }

  private spec(op: MockOperation, parts: Parts, valid: boolean, change?: string, rawBody?: string, contentType?: string): RequestSpec {
    const credentials = credentialsFor(this.mock, op);
    const route = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(parts.path[name] ?? "x"));
    const search = new URLSearchParams([...Object.entries(credentials.query), ...parts.query]).toString();
    const headers: Record<string, string> = { ...credentials.headers, ...parts.headers };
    let body = rawBody;
    if (body === undefined && parts.body !== undefined && op.requestBody) {
      body = /json/.test(op.requestBody.contentType)
        ? JSON.stringify(parts.body)
        : new URLSearchParams(Object.entries(parts.body as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString();
    }
    if (body !== undefined) headers["content-type"] = contentType ?? op.requestBody?.contentType ?? "application/json";
    return {
      operationId: op.operationId,
      valid,
      change,
      method: op.method,
      url: `${parts.base.replace(/\/+$/, "")}${route}${search ? `?${search}` : ""}`,
      headers,
      body,
    };
  }

  /** A request the spec allows, with credentials. */
  valid(op: MockOperation): fc.Arbitrary<RequestSpec> {
    return this.parts(op).map((parts) => this.spec(op, parts, true));
  }

  /** A valid request with one hostile change. */
  invalid(op: MockOperation): fc.Arbitrary<RequestSpec> {
    const pathNames = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
    const junk = fc.oneof(
      fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
      fc.constantFrom("%", "%E0%A4%A", "%zz", "__proto__", "constructor", "%00", "x".repeat(5000), "'; DROP TABLE x;--", "../../etc/passwd"),
    );
    const jsonBody = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constant(nested(100)));
    return fc.tuple(this.parts(op), fc.nat(10), junk, hostileObject, jsonBody, fc.constantFrom(...pathNames, "")).map(
      ([parts, kind, text, hostile, anyJson, pathName]) => {
        const p: Parts = { ...parts, path: { ...parts.path }, headers: { ...parts.headers }, query: [...parts.query] };
        switch (kind) {
          case 0: {
            const spec = this.spec(op, p, false, "no credentials");
            for (const key of Object.keys(credentialsFor(this.mock, op).headers)) delete spec.headers[key];
            spec.url = spec.url.replace(/([?&])(?:[^=&]+)=test-key(&|$)/g, "$1");
            return spec;
          }
          case 1:
            if (pathName) {
              // Raw text in the path, escapes left as they are (malformed ones included).
              const spec = this.spec(op, p, false, `raw path ${pathName}`);
              const raw = encodeURIComponent(parts.path[pathName] ?? "x");
              const bad = text.replace(/[/?#\\]/g, "_") || "%";
              spec.url = spec.url.replace(`/${raw}`, `/${segmentSafe(bad) ? bad : "%"}`);
              return spec;
            }
            p.query.push([hostile.key, text]);
            return this.spec(op, p, false, "hostile query key");
          case 2:
            p.query.push([hostile.key, JSON.stringify(hostile.value)], ...p.query.slice(0, 1));
            for (const param of op.parameters.filter((x) => x.in === "query")) p.query.push([param.name, text]);
            return this.spec(op, p, false, "junk query values");
          case 3:
            for (const param of op.parameters.filter((x) => x.in === "header")) {
              p.headers[param.name] = text.replace(/[^\x20-\x7e]/g, "").trim() || "x";
            }
            p.headers.prefer = `code=${text.replace(/[^\x20-\x7e]/g, "").trim() || "999"}`;
            return this.spec(op, p, false, "junk headers and Prefer");
          case 4:
            return this.spec(op, p, false, "any JSON body", JSON.stringify(anyJson));
          case 5:
            return this.spec(op, p, false, "malformed body", text);
          case 6: {
            const base = parts.body !== null && typeof parts.body === "object" && !Array.isArray(parts.body) ? parts.body : {};
            // JSON text, so `__proto__` arrives as an own key, as from the network.
            const body = JSON.stringify(base).replace(/^\{/, `{${JSON.stringify(hostile.key)}:${JSON.stringify(hostile.value)}${Object.keys(base).length ? "," : ""}`);
            return this.spec(op, p, false, `body with key ${hostile.key}`, body);
          }
          case 7:
            return this.spec(op, p, false, "wrong content type", JSON.stringify(parts.body ?? {}), "text/plain");
          case 8:
            return this.spec(op, p, false, "empty body", "");
          case 9: {
            const base = parts.body !== null && typeof parts.body === "object" && !Array.isArray(parts.body) ? (parts.body as Record<string, unknown>) : {};
            const keys = Object.keys(base);
            const key = keys.length > 0 ? keys[text.length % keys.length]! : "x";
            return this.spec(op, p, false, `wrong value at ${key}`, JSON.stringify({ ...base, [key]: anyJson }));
          }
          default:
            p.headers = Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, `${v}x`]));
            return this.spec(op, p, false, "headers changed");
        }
      },
    );
  }
}

function nested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { a: [value] };
  return value;
}
