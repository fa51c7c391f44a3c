/**
 * Limits on what a YAML file may make the toolkit build, checked before anything walks the
 * parsed document. js-yaml keeps an alias as a second reference to its anchor's node, so an
 * alias bomb (anchors of lists of aliases of anchors …) parses in microseconds into a small
 * graph; it is the first full walk over it (linting, bundling, printing) that explodes. What is
 * limited is therefore the number of nodes the aliases expand to, not the number of aliases:
 * nine anchors of nine aliases each (81 aliases, a few hundred bytes) expand to 9^9 nodes.
 */
import { Kind, type YAMLNode } from "yaml-ast-parser";

/** At most this many nodes, in all, may come from expanding aliases in one file. */
export const MAX_ALIAS_EXPANSION = 10_000;

export interface YamlLimitProblem {
  /** Offset of the offending alias in the text. */
  offset: number;
  rule: "yaml-alias-limit";
  message: string;
}

/** Where an alias starts: yaml-ast-parser puts its start after the `*`. */
function aliasStart(node: YAMLNode): number {
  return Math.max(0, node.startPosition - 1);
}

class RecursiveAlias extends Error {
  constructor(readonly alias: YAMLNode) {
    super("recursive alias");
  }
}

/**
 * The first alias at which the nodes expanded from aliases (counted in document order) exceed
 * `limit`, or an alias that contains itself. Linear in the size of the text: the expanded size
 * of every node is computed once, and anchors always come before their aliases.
 */
export function aliasExpansionProblem(ast: YAMLNode | undefined, limit = MAX_ALIAS_EXPANSION): YamlLimitProblem | undefined {
  if (!ast) return undefined;
  const sizes = new Map<YAMLNode, number>();
  const open = new Set<YAMLNode>();
  let expanded = 0;
  let found: YamlLimitProblem | undefined;

  // `inAlias`: the node is being sized as the target of an alias, not walked in document order.
  const size = (node: YAMLNode | null | undefined, inAlias: boolean): number => {
    if (!node || found) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) throw new RecursiveAlias(node);
    open.add(node);
    let total = 1;
    switch (node.kind) {
      case Kind.MAPPING:
        total += size(node.key as YAMLNode, inAlias) + size(node.value as YAMLNode, inAlias);
        break;
      case Kind.MAP:
        for (const mapping of (node.mappings ?? []) as YAMLNode[]) total += size(mapping, inAlias);
        break;
      case Kind.SEQ:
        for (const item of ((node as unknown as { items?: YAMLNode[] }).items ?? []) as YAMLNode[]) total += size(item, inAlias);
        break;
      case Kind.ANCHOR_REF: {
        let target: number;
        try {
          target = size(node.value as YAMLNode, true);
        } catch (error) {
          if (!(error instanceof RecursiveAlias)) throw error;
          const name = (node as unknown as { referencesAnchor?: string }).referencesAnchor ?? "";
          found = {
            offset: aliasStart(node),
            rule: "yaml-alias-limit",
            message: `alias *${name} refers to a node that contains it, so it expands without end`,
          };
          target = 0;
        }
        total = target;
        if (!inAlias && !found) {
          expanded += target;
          if (expanded > limit) {
            const name = (node as unknown as { referencesAnchor?: string }).referencesAnchor ?? "";
            found = {
              offset: aliasStart(node),
              rule: "yaml-alias-limit",
              message:
                `aliases expand to more than ${limit} nodes (this alias, *${name}, to ${target} alone): ` +
                "refused as a likely alias bomb; write the repeated part once under components and $ref it",
            };
          }
        }
        break;
      }
      default:
        break;
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };

  size(ast, false);
  return found;
}

/** 1-based line and column of an offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * The first line (1-based) holding bytes that are not UTF-8, or undefined when all of it is.
 * A newline byte never occurs inside a multi-byte sequence, so lines can be checked alone.
 */
export function firstNonUtf8Line(bytes: Uint8Array, isUtf8: (b: Uint8Array) => boolean): number | undefined {
  if (isUtf8(bytes)) return undefined;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (!isUtf8(bytes.subarray(start, i))) return line;
      line += 1;
      start = i + 1;
    }
  }
  return line;
}
