/**
 * Keeps every file the OpenAPI library reads inside the repository: the folder holding
 * `redocly.yaml`, after symbolic links are resolved. Every `$ref` (and `externalValue`) that
 * Redocly follows is loaded through `ConfinedResolver.loadExternalRef`, so this is where
 * confinement is enforced, whatever spelling the reference used (`../`, an absolute path, a
 * URL, URL-encoding, a symbolic link):
 *
 * - a URL (`http:`, `https:`, `file:`, `data:` …) is refused and never fetched;
 * - a path outside the repository is refused before anything is read or even looked up;
 * - a path inside the repository whose real path (symbolic links resolved) is outside is refused;
 * - a file that is not UTF-8, or whose YAML aliases expand beyond the limit (`yaml-limits.ts`),
 *   is refused with the line of the problem.
 *
 * A refused reference reaches the linter as an unresolvable `$ref`, which it reports at the
 * line of the `$ref`; a refused root spec is reported at its first line.
 */
import { isUtf8 } from "node:buffer";
import { readFile, realpath, stat } from "node:fs/promises";
import { realpathSync } from "node:fs";
import * as path from "node:path";
import { BaseResolver, type Document, getLineColLocation, Source, YamlParseError } from "@redocly/openapi-core";
import { safeLoad } from "yaml-ast-parser";
import { refCycle } from "./ref-cycles.js";
import { aliasExpansionProblem, firstNonUtf8Line, lineColumn } from "./yaml-limits.js";

/** A reference the toolkit will not follow. */
export class RefusedReferenceError extends Error {
  readonly rule = "mpkit-ref-outside-repo";
  constructor(message: string) {
    super(message);
    this.name = "RefusedReferenceError";
  }
}

/** A YAML file that parses but breaks one of the toolkit's limits; reported like a syntax error. */
export class YamlLimitError extends YamlParseError {
  readonly rule: string;
  constructor(source: Source, rule: string, message: string, line: number, column: number) {
    // YamlParseError takes the line and column from the end of the message, as js-yaml writes them.
    super(new Error(`${message} (${line}:${column})`), source);
    // YamlParseError sets its own prototype, which would hide this subclass from `instanceof`.
    Object.setPrototypeOf(this, YamlLimitError.prototype);
    this.rule = rule;
  }
}

/** The largest file read: ample for any spec (the largest product's is about 150 KB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** `scheme:` at the start, other than a Windows drive letter. */
const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]+:/;

function inside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative === "" || (!relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative));
}

/**
 * Where a YAML anchor (`&name`) could start: at a line start or after a space, a flow indicator
 * or `:`. Text without a match has no anchor, so no alias to expand.
 */
const MAY_HAVE_ANCHOR = /(?:^|[\s[{,:\uFEFF])&[^\s[\]{},]/m;

export class ConfinedResolver extends BaseResolver {
  private readonly root: string;
  private readonly realRoot: string;

  /** `root`: the folder holding redocly.yaml. */
  constructor(root: string) {
    // No HTTP settings: nothing is ever fetched (`loadExternalRef` refuses URLs first).
    super({ http: { headers: [] } });
    this.root = path.resolve(root);
    this.realRoot = realpathSync(this.root);
  }

  /** How a path is shown in messages: relative to the repository, never the machine's absolute path. */
  private show(file: string): string {
    return path.relative(this.root, file).split(path.sep).join("/");
  }

  /** The real path of `absoluteRef` when it stays inside the repository; throws otherwise. */
  async confine(absoluteRef: string): Promise<string> {
    if (URL_LIKE.test(absoluteRef) && !path.isAbsolute(absoluteRef)) {
      throw new RefusedReferenceError(
        `${absoluteRef} is a URL: mpkit never fetches references; copy the file into the repository and refer to it by a relative path`,
      );
    }
    const lexical = path.resolve(absoluteRef);
    if (!inside(this.root, lexical) && !inside(this.realRoot, lexical)) {
      throw new RefusedReferenceError(
        `${this.show(lexical)} is outside the repository (the folder holding redocly.yaml); references must stay inside it`,
      );
    }
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      // Refused here rather than read later: a file that appears meanwhile is never followed unchecked.
      throw new RefusedReferenceError(`${this.show(lexical)} does not exist`);
    }
    if (!inside(this.realRoot, real)) {
      throw new RefusedReferenceError(
        `${this.show(lexical)} is a symbolic link (or inside one) to a file outside the repository; references must stay inside it`,
      );
    }
    return real;
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    const file = await this.confine(absoluteRef);
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) throw new RefusedReferenceError(`${this.show(file)} is a folder, not a file`);
    if (info && info.size > MAX_FILE_BYTES) {
      throw new RefusedReferenceError(`${this.show(file)} is ${info.size} bytes, more than a spec file may be (${MAX_FILE_BYTES})`);
    }
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      // The usual message would show the machine's absolute path.
      throw new RefusedReferenceError(`${this.show(file)} ${error.code === "ENOENT" ? "does not exist" : `cannot be read (${error.code})`}`);
    });
    const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
    const source = new Source(absoluteRef, text);
    const badLine = firstNonUtf8Line(bytes, isUtf8);
    if (badLine !== undefined) {
      throw new YamlLimitError(source, "mpkit-encoding", "the file is not UTF-8 (an invalid byte on this line)", badLine, 1);
    }
    return source;
  }

  override parseDocument(source: Source, isRoot = false): Document {
    // js-yaml first: it refuses syntax errors and nesting deeper than 100 levels.
    const document = super.parseDocument(source, isRoot);
    const parsed: unknown = document.parsed;
    if (isRoot && (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))) {
      const what = parsed === undefined || parsed === null ? "empty" : `a ${Array.isArray(parsed) ? "list" : typeof parsed}`;
      throw new YamlLimitError(source, "mpkit-spec-shape", `the spec is ${what}, not an OpenAPI document (a YAML mapping)`, 1, 1);
    }
    if (parsed === null || typeof parsed !== "object") return document;
    // Source caches the AST; Redocly reuses it for every line number it reports. Aliases need an
    // anchor (js-yaml refuses an alias to none), so a file without one is not parsed a second time here.
    const problem = MAY_HAVE_ANCHOR.test(source.body) ? aliasExpansionProblem(source.getAst(safeLoad as never) as never) : undefined;
    if (problem) {
      const { line, column } = lineColumn(source.body, problem.offset);
      throw new YamlLimitError(source, problem.rule, problem.message, line, column);
    }
    const cycle = refCycle(parsed);
    if (cycle) {
      let at = { line: 1, col: 1 };
      try {
        at = getLineColLocation({ source, pointer: cycle.pointer, reportOnKey: false }).start;
      } catch {
        // Keep the first line.
      }
      throw new YamlLimitError(
        source,
        "mpkit-ref-cycle",
        `this $ref leads into a loop of $refs that never reaches a schema (${cycle.chain.join(" → ")})`,
        at.line,
        at.col,
      );
    }
    return document;
  }
}

/**
 * `$ref`s left in a bundled document that do not point into it. Bundling inlines every
 * reference it can resolve; any other one (in a place the bundler does not look) would be
 * followed later by openapi-typescript, which does fetch URLs, so it is refused here too.
 */
export function externalRefs(document: unknown): { pointer: string; ref: string }[] {
  const found: { pointer: string; ref: string }[] = [];
  const seen = new Set<object>();
  const stack: { node: unknown; pointer: string }[] = [{ node: document, pointer: "#" }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) found.push({ pointer, ref: value });
      else stack.push({ node: value, pointer: at });
    }
  }
  return found.sort((a, b) => a.pointer.localeCompare(b.pointer));
}
