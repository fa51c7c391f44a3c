/**
 * Keeps secrets out of errors. A client registers every credential value it sends (keys,
 * passwords, access tokens, the Authorization header built from them); before an error leaves
 * the client, every string it carries (message, stack, parsed body, and the same for each
 * `cause`) has those values replaced by `[redacted]`.
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
    if (!rotating) {
      this.#fixed.add(value);
      return;
    }
    this.#rotating.delete(value);
    this.#rotating.add(value);
    if (this.#rotating.size > MAX_ROTATING) this.#rotating.delete(this.#rotating.values().next().value!);
  }

  get size(): number {
    return this.#fixed.size + this.#rotating.size;
  }

  text(value: string): string {
    let out = value;
    for (const set of [this.#fixed, this.#rotating]) {
      for (const secret of set) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** A deep copy of a JSON-like value with every secret removed from its strings. */
  value<T>(value: T, depth = 0): T {
    if (typeof value === "string") return this.text(value) as T;
    if (depth > 20 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((item) => this.value(item, depth + 1)) as T;
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = this.value(item, depth + 1);
    return out as T;
  }

  /**
   * Scrubs an error in place: message and stack, and its `cause` chain, whose errors are
   * replaced by scrubbed copies (they may come from other libraries and be shared).
   */
  error<E extends Error>(error: E): E {
    if (this.size === 0) return error;
    scrubOwn(this, error);
    let holder: Error = error;
    for (let depth = 0; depth < 8 && "cause" in holder && holder.cause !== undefined; depth += 1) {
      const cause = holder.cause;
      const copy = cause instanceof Error ? copyError(cause) : new Error(this.text(String(cause)));
      scrubOwn(this, copy);
      Object.defineProperty(holder, "cause", { value: copy, writable: true, configurable: true, enumerable: false });
      holder = copy;
    }
    return error;
  }
}

function copyError(error: Error): Error {
  const copy = new Error(error.message);
  copy.name = error.name;
  copy.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") (copy as { code?: string }).code = code;
  if ("cause" in error) Object.defineProperty(copy, "cause", { value: error.cause, writable: true, configurable: true });
  return copy;
}

function scrubOwn(redactor: SecretRedactor, error: Error): void {
  const message = redactor.text(error.message);
  if (message !== error.message) Object.defineProperty(error, "message", { value: message, writable: true, configurable: true });
  if (typeof error.stack === "string") {
    const stack = redactor.text(error.stack);
    if (stack !== error.stack) Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true });
  }
  const body = (error as { body?: unknown }).body;
  if (body !== undefined && body !== null && typeof body === "object") {
    Object.defineProperty(error, "body", { value: redactor.value(body), writable: false, configurable: true, enumerable: true });
  } else if (typeof body === "string") {
    Object.defineProperty(error, "body", { value: redactor.text(body), writable: false, configurable: true, enumerable: true });
  }
}
