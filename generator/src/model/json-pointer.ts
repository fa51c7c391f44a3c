/** RFC 6901 JSON pointers over the bundled document, with `$ref` following. */

export function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointerOf(...tokens: (string | number)[]): string {
  return `#/${tokens.map((t) => escapeToken(String(t))).join("/")}`;
}

export function child(pointer: string, ...tokens: (string | number)[]): string {
  return `${pointer}/${tokens.map((t) => escapeToken(String(t))).join("/")}`;
}

export function get(document: unknown, pointer: string): unknown {
  const body = pointer.replace(/^#/, "");
  if (body === "") return document;
  let node: unknown = document;
  for (const raw of body.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Follows local `$ref`s until a non-reference node; returns it with the pointer it lives at. */
export function resolve(document: unknown, node: unknown, pointer: string): { node: unknown; pointer: string } {
  const seen = new Set<string>();
  while (node && typeof node === "object" && typeof (node as { $ref?: unknown }).$ref === "string") {
    const ref = (node as { $ref: string }).$ref;
    if (!ref.startsWith("#")) throw new Error(`unexpected external $ref ${ref} after bundling`);
    if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
    seen.add(ref);
    pointer = ref;
    node = get(document, ref);
  }
  return { node, pointer };
}

/** `target[key] = value` as an own property, also for the key `__proto__` (which assignment would turn into a prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
