/**
 * Keeps secrets out of errors. A client registers every credential value it sends (keys,
 * passwords, access tokens, the Authorization header built from them); before an error leaves
 * the client, every string it carries (message, stack, parsed body with its keys, at any depth,
 * and the same for each `cause`) has those values replaced by `[redacted]`.
 */

const MIN_SECRET_LENGTH = 4;
/** Rotating secrets (access tokens) kept for redaction; older ones can no longer reach an error. */
const MAX_ROTATING = 64;
export const REDACTED = "[redacted]";

export class SecretRedactor {
  readonly #fixed = new Set<string>();
  readonly #rotating = new Set<string>();

  /**
   * Remembers a secret value. `rotating` values (tokens) are kept in a bounded window of the
   * most recent ones; fixed values (keys, passwords) are kept for the client's lifetime.
   */
  add(value: string | undefined, rotating = false): void {
    if (value === undefined || value.length < MIN_SECRET_LENGTH || this.#fixed.has(value)) return;
    const set = rotating ? this.#rotating : this.#fixed;
    // A rotating value seen again moves to the end: the most recent are kept.
    set.delete(value);
    set.add(value);
    if (rotating && set.size > MAX_ROTATING) set.delete(set.values().next().value!);
  }

  text(value: string): string {
    for (const set of [this.#fixed, this.#rotating]) for (const secret of set) value = value.replaceAll(secret, REDACTED);
    return value;
  }

  /**
   * A deep copy of a JSON-like value with every secret removed from its strings and its keys,
   * at any depth. It walks with an explicit stack (no recursion, so no depth limit and no stack
   * overflow); shared and cyclic parts are copied once. Keys are defined, not assigned, so a
   * `__proto__` key stays a plain property. Values that are not plain data (a Blob, a class
   * instance) are kept as they are.
   */
  value<T>(value: T): T {
    const copies = new Map<object, object>();
    const pending: [object, object][] = [];
    const copyOf = (item: unknown): unknown => {
      if (typeof item === "string") return this.text(item);
      if (!isPlainData(item)) return item;
      let copy = copies.get(item);
      if (!copy) {
        // A copy has its source's kind: an array, an object, or an object without prototype.
        copies.set(item, (copy = Array.isArray(item) ? [] : Object.create(Object.getPrototypeOf(item) && Object.prototype)));
        pending.push([item, copy!]);
      }
      return copy;
    };
    const root = copyOf(value);
    for (let next; (next = pending.pop()); ) {
      const [source, target] = next;
      // Array indexes are kept as they are (they are not text a secret could be in).
      for (const [key, item] of Object.entries(source)) define(target, Array.isArray(source) ? key : this.text(key), copyOf(item), true);
    }
    return root as T;
  }

  /**
   * Scrubs an error in place: message and stack, and its `cause` chain, whose errors are
   * replaced by scrubbed copies (they may come from other libraries and be shared).
   */
  error<E extends Error>(error: E): E {
    if (this.#fixed.size + this.#rotating.size === 0) return error;
    scrubOwn(this, error);
    // The whole cause chain, however long; a chain that loops is cut where it repeats.
    const seen = new Set<unknown>([error]);
    for (let holder: Error = error, cause; (cause = holder.cause) !== undefined; ) {
      if (seen.has(cause)) {
        define(holder, "cause", undefined);
        break;
      }
      seen.add(cause);
      const copy = new Error(cause instanceof Error ? cause.message : String(cause));
      if (cause instanceof Error) {
        copy.name = cause.name;
        copy.stack = cause.stack;
        const code = (cause as { code?: unknown }).code;
        if (typeof code === "string") (copy as { code?: string }).code = code;
        if ("cause" in cause) define(copy, "cause", cause.cause);
      }
      scrubOwn(this, copy);
      define(holder, "cause", copy);
      holder = copy;
    }
    return error;
  }
}

/** Arrays and objects made of data (what JSON.parse returns), as opposed to class instances. */
function isPlainData(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

function scrubOwn(redactor: SecretRedactor, error: Error): void {
  const { message, stack, location, body } = error as Error & { location?: unknown; body?: unknown };
  define(error, "message", redactor.text(message));
  if (typeof stack === "string") define(error, "stack", redactor.text(stack));
  if (typeof location === "string") define(error, "location", redactor.text(location), true, false);
  if (body !== null && (typeof body === "object" || typeof body === "string")) define(error, "body", redactor.value(body), true, false);
}

/** Defines a configurable data property (plain assignment could hit a setter, or `__proto__`). */
export function define(target: object, key: string, value: unknown, enumerable = false, writable = true): void {
  Object.defineProperty(target, key, { value, enumerable, writable, configurable: true });
}
