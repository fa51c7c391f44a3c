/**
 * Turns a generated `ProductMock` into MSW handlers. Each handler checks credentials,
 * validates path, query, headers and body against the spec, and answers with the spec's
 * example, or with the product's own error body when the request is refused. Whatever the
 * request, the answer is never an exception: see guard.ts and limits.ts.
 */
import { delay, http, HttpResponse, type HttpHandler } from "msw";
import { problemMessage, productError, quote } from "./errors.js";
import { compileRoute, correlationIdOf, lastResort, readBody } from "./guard.js";
import { MOCK_LIMITS } from "./limits.js";
import type { MockOperation, MockOptions, MockResponse, ProductMock } from "./types.js";
import { type Problem, ProductValidator } from "./validator.js";

/**
 * A 2xx example that names a path parameter at its top level (`invoiceId` → `InvoiceId`) answers
 * with the requested value, so a screen that opens invoice X is shown invoice X.
 */
function sameName(a: string, b: string): boolean {
  const plain = (name: string) => name.replace(/[_-]/g, "").toLowerCase();
  return plain(a) === plain(b);
}

function echoPathParameters(example: unknown, pathParams: Record<string, unknown>): unknown {
  if (example === null || typeof example !== "object" || Array.isArray(example)) return example;
  const copy: Record<string, unknown> = { ...(example as Record<string, unknown>) };
  for (const [param, value] of Object.entries(pathParams)) {
    if (typeof value !== "string") continue;
    // `agreementId` matches `AgreementId` and `agreement_id` alike.
    const key = Object.keys(copy).find((k) => sameName(k, param));
    if (key !== undefined && typeof copy[key] === "string") copy[key] = value;
  }
  return copy;
}

/** Literal segments before parameters, so `/invoices/batch` is matched before `/invoices/{id}`. */
function bySpecificity(a: MockOperation, b: MockOperation): number {
  const sa = a.path.split("/");
  const sb = b.path.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const pa = sa[i]?.startsWith("{") ?? false;
    const pb = sb[i]?.startsWith("{") ?? false;
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

/** `Prefer: code=409, example=alreadyPaid` picks another documented response, as Prism does. */
function parsePrefer(header: string | null): { code?: string; example?: string } {
  const result: { code?: string; example?: string } = {};
  for (const part of (header ?? "").split(/[,;]/)) {
    const [key, value] = part.split("=").map((s) => s.trim());
    if ((key === "code" || key === "example") && value) result[key] = value.replace(/^"|"$/g, "");
  }
  return result;
}

function hasCredentials(product: ProductMock, op: MockOperation, request: Request, url: URL): boolean {
  if (op.security.length === 0) return true;
  const auth = request.headers.get("authorization") ?? "";
  return op.security.some((alternative) =>
    alternative.every((name) => {
      const scheme = product.securitySchemes[name];
      if (!scheme) return false;
      if (scheme.type === "apiKey") {
        if (scheme.in === "header") return Boolean(request.headers.get(scheme.name));
        if (scheme.in === "query") return Boolean(url.searchParams.get(scheme.name));
        return (request.headers.get("cookie") ?? "").includes(`${scheme.name}=`);
      }
      if (scheme.type === "http" && scheme.scheme === "basic") return /^Basic \S+/.test(auth);
      return /^Bearer \S+/.test(auth);
    }),
  );
}

function baseUrls(product: ProductMock, op: MockOperation, options: MockOptions): string[] {
  const urls =
    options.baseUrl === undefined ? Object.values(op.servers ?? product.environments) : [options.baseUrl].flat();
  return [...new Set(urls.filter((u): u is string => u !== undefined).map((u) => u.replace(/\/+$/, "")))];
}

export function createProductHandlers(product: ProductMock, options: MockOptions = {}): HttpHandler[] {
  const validator = new ProductValidator(product);
  const validate = options.validate ?? true;

  const maxBodyBytes = options.maxBodyBytes ?? MOCK_LIMITS.maxBodyBytes;
  const errorResponse = (status: number, message: string, correlationId: string) => productError(product, status, message, correlationId);

  function problemsOf(op: MockOperation, request: Request, url: URL, params: Record<string, unknown>, text: string): Problem[] {
    let problems: Problem[] = [];
    const path: Record<string, unknown> = {};
    const query: Record<string, unknown> = {};
    const headers: Record<string, unknown> = {};
    for (const p of op.parameters) {
      if (p.in === "path" && params[p.name] !== undefined) path[p.name] = params[p.name];
      if (p.in === "query" && url.searchParams.has(p.name)) {
        query[p.name] = validator.isArray(p) ? url.searchParams.getAll(p.name) : url.searchParams.get(p.name);
      }
      if (p.in === "header" && request.headers.has(p.name)) headers[p.name] = request.headers.get(p.name);
    }
    // concat, never push(...): a spread of a huge list overflows the call stack.
    problems = problems.concat(validator.checkParameters(op, "path", path));
    problems = problems.concat(validator.checkParameters(op, "query", query));
    problems = problems.concat(validator.checkParameters(op, "header", headers));
    if (op.requestBody) {
      const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (text === "") {
        if (op.requestBody.required) problems.push({ at: "body", message: "is required" });
      } else if (type !== op.requestBody.contentType.toLowerCase()) {
        problems.push({ at: "body", message: `must be sent as ${op.requestBody.contentType}, not ${type ? quote(type) : "(no content type)"}` });
      } else if (/json/.test(op.requestBody.contentType)) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          problems.push({ at: "body", message: "is not valid JSON" });
          return problems;
        }
        problems = problems.concat(validator.checkBody(op, body));
      } else if (op.requestBody.contentType.toLowerCase() === "application/x-www-form-urlencoded") {
        // Form fields arrive as strings; the schema describes them as an object of fields.
        problems = problems.concat(validator.checkBody(op, Object.fromEntries(new URLSearchParams(text))));
      }
    }
    return problems;
  }

  function answer(
    response: MockResponse,
    exampleName: string | undefined,
    correlationId: string,
    pathParams: Record<string, unknown>,
  ): Response {
    const status = Number(response.status);
    const headers: Record<string, string> = {};
    if (product.correlationHeader) headers[product.correlationHeader] = correlationId;
    const names = Object.keys(response.examples);
    const name = exampleName !== undefined && names.includes(exampleName) ? exampleName : names[0];
    if (!response.contentType || name === undefined) return new HttpResponse(null, { status, headers });
    let example = response.examples[name];
    if (/^2/.test(response.status)) example = echoPathParameters(example, pathParams);
    if (/json/.test(response.contentType)) {
      return new HttpResponse(JSON.stringify(example), { status, headers: { ...headers, "Content-Type": response.contentType } });
    }
    return new HttpResponse(String(example), { status, headers: { ...headers, "Content-Type": response.contentType } });
  }

  const handlers: HttpHandler[] = [];
  const operations = [...product.operations].sort(bySpecificity);
  for (const op of operations) {
    for (const base of baseUrls(product, op, options)) {
      const route = compileRoute(base, op.path);
      handlers.push(
        http[op.method](({ request }) => route(request.url) !== undefined, lastResort(product, async ({ request }) => {
          if (options.delayMs) await delay(options.delayMs);
          const url = new URL(request.url);
          const { params, malformed } = route(request.url) ?? { params: {}, malformed: [] };
          const correlationId = correlationIdOf(product, request);
          if (validate && !hasCredentials(product, op, request, url)) {
            return errorResponse(401, "Missing or malformed credentials for this operation", correlationId);
          }
          if (validate) {
            if (malformed.length > 0) {
              return errorResponse(400, malformed.map((name) => `path.${name} has a malformed %-escape`).join("; "), correlationId);
            }
            const body = op.requestBody ? await readBody(request, maxBodyBytes) : { text: "" };
            if (body.tooLarge) {
              return errorResponse(413, `body is larger than ${maxBodyBytes} bytes, the most these mocks accept`, correlationId);
            }
            const problems = problemsOf(op, request, url, params, body.text);
            if (problems.length > 0) return errorResponse(400, problemMessage(problems), correlationId);
          }
          const prefer = parsePrefer(request.headers.get("prefer"));
          const response =
            prefer.code !== undefined
              ? op.responses.find((r) => r.status === prefer.code)
              : (op.responses.find((r) => /^2\d\d$/.test(r.status)) ?? op.responses[0]);
          if (!response) {
            return errorResponse(400, `${op.operationId} documents no response with status ${quote(prefer.code ?? "")}`, correlationId);
          }
          return answer(response, prefer.example, correlationId, params);
        }, options.onUnexpectedError)),
      );
    }
  }
  return handlers;
}
