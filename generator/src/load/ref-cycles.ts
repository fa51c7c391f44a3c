/**
 * A `$ref` that leads, through nothing but other `$ref`s, back to itself (`A: { $ref: B }`,
 * `B: { $ref: A }`, or `paths: { $ref: "#/paths" }`) names no schema at all. Redocly stops on it
 * with an error that has no file or line; this finds it first, with the pointer to report.
 * Only references inside one file are followed: a chain through other files ends the search.
 */

type Obj = Record<string, unknown>;

function refOf(node: unknown): string | undefined {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
  const ref = (node as Obj).$ref;
  return typeof ref === "string" && ref.startsWith("#") ? ref : undefined;
}

function get(document: unknown, pointer: string): unknown {
  let node = document;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter((t) => t !== "")) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return undefined;
    }
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, token)) return undefined;
    node = (node as Obj)[token];
  }
  return node;
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The pointer of the first `$ref` that only leads to itself, and the chain it goes round. */
export function refCycle(document: unknown): { pointer: string; chain: string[] } | undefined {
  const seen = new Set<object>();
  const stack: { node: unknown; pointer: string }[] = [{ node: document, pointer: "#" }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const first = refOf(node);
    if (first !== undefined) {
      const chain: string[] = [];
      let ref: string | undefined = first;
      while (ref !== undefined) {
        if (chain.includes(ref)) return { pointer, chain: [...chain, ref] };
        chain.push(ref);
        ref = refOf(get(document, ref));
      }
    }
    const entries = Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, value] = entries[i]!;
      stack.push({ node: value, pointer: `${pointer}/${escapeToken(key)}` });
    }
  }
  return undefined;
}
