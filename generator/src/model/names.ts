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
  return UNSAFE_MEMBERS.has(operationId) || CLIENT_MEMBERS.has(operationId) ? `${operationId}_` : operationId;
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
