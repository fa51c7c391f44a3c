/**
 * Request routing for one product: its operations are compiled once into path matchers and
 * looked up by method, so a product is served by one MSW handler per base URL instead of one
 * handler per operation per environment.
 *
 * The two places where a raw path becomes data are here and nowhere else: `decodeSegment`
 * (percent-decoding, which refuses broken escapes) and `RouteMatch.problem` (the refusal the
 * handler turns into a 4xx in the product's error format).
 */
import type { MockMethod, MockOperation } from "./types.js";

export interface CompiledRoute {
  op: MockOperation;
  regex: RegExp;
  /** Parameter names in the order of the capture groups (any characters: `-`, `.` …). */
  names: string[];
  /** Literal characters of the template: more literal text wins over a parameter. */
  literalLength: number;
  literalSegments: number;
  /** The template's first path segment when it is literal. */
  first?: string;
}

export type RouteMatch =
  | { op: MockOperation; params: Record<string, string>; raw: Record<string, string>; route: CompiledRoute }
  | { problem: string; status: number; op?: MockOperation };

export const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `/payments/{payment-id}:capture` → `^/payments/([^/]+?):capture$`. Literal text (colons
 * included) is matched as written; a parameter never spans a `/`.
 */
export function compileRoute(op: MockOperation): CompiledRoute {
  const names: string[] = [];
  let source = "";
  let literalLength = 0;
  let rest = op.path;
  for (;;) {
    const start = rest.indexOf("{");
    const end = start < 0 ? -1 : rest.indexOf("}", start);
    if (start < 0 || end < 0) {
      source += escapeRegex(rest);
      literalLength += rest.length;
      break;
    }
    const literal = rest.slice(0, start);
    source += `${escapeRegex(literal)}([^/]+?)`;
    literalLength += literal.length;
    names.push(rest.slice(start + 1, end));
    rest = rest.slice(end + 1);
  }
  const literalSegments = op.path.split("/").filter((s) => s !== "" && !s.includes("{")).length;
  const head = op.path.split("/")[1];
  const first = head !== undefined && !head.includes("{") ? head : undefined;
  return { op, regex: new RegExp(`^${source}/?$`), names, literalLength, literalSegments, ...(first !== undefined ? { first } : {}) };
}

/** Percent-decodes one path segment; `undefined` for a broken escape (`%zz`, `%E0%A4`). */
export function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Sorts the more specific route first: more literal segments, then more literal text, then fewer parameters. */
export function moreSpecific(a: CompiledRoute, b: CompiledRoute): number {
  return b.literalSegments - a.literalSegments || b.literalLength - a.literalLength || a.names.length - b.names.length;
}

export class OperationRouter {
  private readonly byMethod = new Map<string, CompiledRoute[]>();
  private readonly all: CompiledRoute[] = [];

  constructor(operations: readonly MockOperation[]) {
    for (const op of operations) {
      const route = compileRoute(op);
      this.all.push(route);
      const list = this.byMethod.get(op.method) ?? [];
      list.push(route);
      this.byMethod.set(op.method, list);
    }
    for (const list of this.byMethod.values()) list.sort(moreSpecific);
    this.all.sort(moreSpecific);
  }

  /**
   * The operation for `method` and the path below the base URL (still percent-encoded), or
   * `undefined` when no operation of the product has that route (the request is not ours).
   */
  match(method: string, encodedPath: string): RouteMatch | undefined {
    const routes = this.byMethod.get(method.toLowerCase() as MockMethod) ?? [];
    for (const route of routes) {
      const found = route.regex.exec(encodedPath);
      if (!found) continue;
      const params: Record<string, string> = Object.create(null) as Record<string, string>;
      const raw: Record<string, string> = Object.create(null) as Record<string, string>;
      for (let i = 0; i < route.names.length; i++) {
        const decoded = decodeSegment(found[i + 1] ?? "");
        if (decoded === undefined) {
          return { status: 400, op: route.op, problem: `path.${route.names[i]} has a malformed %-escape` };
        }
        params[route.names[i]!] = decoded;
        raw[route.names[i]!] = found[i + 1] ?? "";
      }
      return { op: route.op, params, raw, route };
    }
    // A broken escape anywhere in a path that is otherwise ours (its first segment is one of our
    // routes' first segments) is still a bad request; another product's path is left alone.
    const first = encodedPath.split("/")[1] ?? "";
    if (decodeSegment(encodedPath) === undefined && this.all.some((r) => r.literalSegments > 0 && (r.first === first || r.first === undefined || decodeSegment(first) === undefined))) {
      return { status: 400, problem: "the path is not validly percent-encoded" };
    }
    return undefined;
  }
}

/**
 * The base URLs a server URL template stands for: each variable with an `enum` takes every one
 * of its values, the others their default (at most 64 URLs; beyond that, defaults only).
 */
export function serverUrls(template: string, variables: Readonly<Record<string, { default: string; enum?: readonly string[] }>> | undefined): string[] {
  if (!template.includes("{")) return [template];
  let urls = [template];
  for (const [name, variable] of Object.entries(variables ?? {})) {
    const values = variable.enum && urls.length * variable.enum.length <= 64 ? variable.enum : [variable.default];
    urls = urls.flatMap((url) => values.map((value) => url.split(`{${name}}`).join(value)));
  }
  return urls.filter((url) => !/\{[^{}]*\}/.test(url));
}
