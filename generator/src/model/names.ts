/** Turns names from specs into safe TypeScript identifiers. */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "as implements interface let package private protected public static yield any boolean number string symbol " +
    "type from of await async constructor"
  ).split(" "),
);

/**
 * Members every object already has (those of `Object.prototype`), and `then`, which makes any
 * object look like a promise to `await`. An own member with one of these names hides the
 * inherited one or changes how the object behaves, so generated members never take them.
 * Listed, not read from the running engine, so that output is the same on every Node version.
 */
export const UNSAFE_MEMBERS: ReadonlySet<string> = new Set(
  (
    "then constructor __proto__ __defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__ " +
    "hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString valueOf"
  ).split(" "),
);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(name: string): string {
  const result = words(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
  return /^[0-9]/.test(result) ? `_${result}` : result || "_";
}

export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/**
 * A valid identifier for `name`: kept as is when it already is one, camel-cased otherwise; a
 * reserved word or an unsafe member name (`UNSAFE_MEMBERS`) gets a trailing `_`.
 */
export function safeIdentifier(name: string): string {
  const id = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : camelCase(name);
  return RESERVED.has(id) || UNSAFE_MEMBERS.has(id) ? `${id}_` : id;
}

/**
 * The client method of an operation: its id, with the same trailing `_` where the id is an
 * unsafe member name (`then` → `then_`, `constructor` → `constructor_`, `__proto__` → `__proto___`)
 * or a member the client has already (`poll` → `poll_`).
 * Reserved words stay: they are valid method names.
 */
export function methodName(operationId: string): string {
  const base = IDENTIFIER.test(operationId) ? operationId : camelMethod(words(operationId));
  return UNSAFE_MEMBERS.has(base) || CLIENT_MEMBERS.has(base) ? `${base}_` : base;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Words joined in camelCase: the first lower-cased at its start, the others upper-cased at
 * theirs (`list-widgets-v2` → `listWidgetsV2`, `find pet by id` → `findPetById`). A name that
 * would start with a digit gets `op` in front (`2ndCreateWidget` → `op2ndCreateWidget`).
 */
function camelMethod(parts: string[]): string {
  const joined = parts.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() : w.charAt(0).toUpperCase()) + w.slice(1)).join("");
  if (joined === "") return "operation";
  return /^[0-9]/.test(joined) ? `op${joined.charAt(0).toUpperCase()}${joined.slice(1)}` : joined;
}

/**
 * The name of an operation the spec gives no `operationId`: the HTTP method, then each literal
 * path segment, then `By<Name>` for each path parameter (`GET /widgets/{widget-id}/parts` →
 * `getWidgetsByWidgetIdParts`, `POST /items:search` → `postItemsSearch`, `GET /` → `getRoot`).
 * Stable: it depends only on the method and the path.
 */
export function derivedOperationName(method: string, path: string): string {
  const parts: string[] = [method.toLowerCase()];
  for (const segment of path.split("/")) {
    for (const piece of segment.split(/(\{[^{}]*\})/)) {
      if (piece === "") continue;
      const param = /^\{([^{}]*)\}$/.exec(piece);
      if (param) parts.push("By", ...words(param[1]!));
      else parts.push(...words(piece));
    }
  }
  if (parts.length === 1) parts.push("Root");
  return methodName(camelMethod(parts));
}

/**
 * Checks an `x-mpkit-method-name`: a valid identifier that is not a member every object or
 * client has already; returns why not, or undefined when it is fine.
 */
export function methodNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || !IDENTIFIER.test(name)) return `x-mpkit-method-name must be a JavaScript identifier, got ${JSON.stringify(name)}`;
  if (UNSAFE_MEMBERS.has(name) || CLIENT_MEMBERS.has(name)) return `x-mpkit-method-name "${name}" is a member every object or client already has`;
  return undefined;
}

/** Members a generated client has besides its operations (`client.poll`, for pollable operations). */
export const CLIENT_MEMBERS: ReadonlySet<string> = new Set(["poll"]);

/**
 * A property key: bare when it is an identifier, quoted otherwise, and computed for
 * `__proto__` (which, bare or quoted, would set the object's prototype instead of a property).
 */
export function propertyKey(name: string): string {
  if (name === "__proto__") return '["__proto__"]';
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Reading a property: `.name` for identifiers, `["name"]` otherwise (and for `__proto__`). */
export function propertyAccess(name: string): string {
  return name !== "__proto__" && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
