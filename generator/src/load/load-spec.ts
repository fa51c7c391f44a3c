/**
 * The one module that talks to @redocly/openapi-core: reads redocly.yaml, lints each
 * product's spec, bundles it into one document, and turns every problem into a
 * `SpecProblem` with file, line and rule. Nothing else in mpkit imports the OpenAPI library.
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import {
  BaseResolver,
  bundle,
  getLineColLocation,
  lint,
  loadConfig,
  type Config,
  type NormalizedProblem,
  YamlParseError,
} from "@redocly/openapi-core";
import { ConfinedResolver, externalRefs, RefusedReferenceError, YamlLimitError } from "./confine-refs.js";

export interface SpecProblem {
  /** Path relative to the project root, e.g. `specs/invoice/openapi.yaml`. */
  file: string;
  line: number;
  column: number;
  severity: "error" | "warn";
  /** Lint rule id (`no-unresolved-refs`, `operation-operationId-unique`, …) or an mpkit rule id. */
  rule: string;
  message: string;
}

export interface LoadedProduct {
  /** The `apis` key in redocly.yaml; also the spec's folder name. */
  name: string;
  /** Root spec file relative to the project root. */
  specFile: string;
  /** The bundled document: external `$ref`s inlined into `components`, internal ones kept. */
  document: Record<string, unknown>;
  /** Where a JSON pointer of the root spec file is, for problems found after bundling. */
  locate(pointer: string): { file: string; line: number; column: number };
  /** Every file the spec was read from (absolute paths): the root file and each `$ref`ed one. */
  files: string[];
  /**
   * Lint warnings (rules set to `warn`, e.g. in `apis.<name>.rules`): generation goes ahead and
   * prints them; `mpkit lint` and `mpkit check` fail on them.
   */
  lintWarnings?: SpecProblem[];
}

export interface ProductSource {
  name: string;
  specFile: string;
}

export class SpecError extends Error {
  readonly problems: readonly SpecProblem[];
  constructor(problems: readonly SpecProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "SpecError";
    this.problems = problems;
  }
}

export function formatProblem(problem: SpecProblem): string {
  const severity = problem.severity === "error" ? "error" : "warning";
  return `${problem.file}:${problem.line}:${problem.column}  ${severity}  ${problem.rule}  ${problem.message}`;
}

const CONFIG_FILE = "redocly.yaml";

const IGNORE_FILE = ".redocly.lint-ignore.yaml";

/** The last config read per root, with the size and mtime of the files it came from. */
const configs = new Map<string, { stamp: string; config: Promise<Config> }>();

function stampOf(root: string): string {
  return [CONFIG_FILE, IGNORE_FILE]
    .map((file) => {
      try {
        const s = statSync(path.join(root, file));
        return `${s.size}:${s.mtimeMs}:${s.ino}`;
      } catch {
        return "-";
      }
    })
    .join(" ");
}

/**
 * redocly.yaml (and the lint-ignore file beside it), read once per run instead of once per
 * product and caller: a `generate` asked for it eight times (~0.1 s of CPU). Read again when
 * either file changed (`--watch`). Callers only call `forAlias` on it, which makes a new Config.
 */
async function readConfig(root: string): Promise<Config> {
  process.env.REDOCLY_TELEMETRY ??= "off";
  process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE ??= "true";
  const stamp = stampOf(root);
  const known = configs.get(root);
  if (known?.stamp === stamp) return known.config;
  const config = loadConfig({ configPath: path.join(root, CONFIG_FILE) });
  configs.set(root, { stamp, config });
  // A config that fails to load is not kept: the next call reads (and reports) it again.
  config.catch(() => configs.get(root)?.config === config && configs.delete(root));
  return config;
}

/** The products declared under `apis` in redocly.yaml, in the order they are written. */
export async function listProducts(root: string): Promise<ProductSource[]> {
  const config = await readConfig(root);
  // Read through `unknown`: naming the type of `resolvedConfig` (derived from @redocly/config's JSON
  // schema) costs the compiler about a quarter of the repository's whole type-check.
  const { resolvedConfig } = config as unknown as { resolvedConfig: { apis?: Record<string, { root?: string }> } };
  const apis = resolvedConfig.apis ?? {};
  return Object.entries(apis).map(([name, api]) => {
    if (!api.root) throw new Error(`${CONFIG_FILE}: apis.${name} has no root`);
    return { name, specFile: path.relative(root, path.resolve(root, api.root)).split(path.sep).join("/") };
  });
}

function toSpecProblem(root: string, problem: NormalizedProblem): SpecProblem {
  const where = problem.location[0];
  let file = "(unknown)";
  let line = 1;
  let column = 1;
  if (where) {
    file = path.relative(root, where.source.absoluteRef).split(path.sep).join("/");
    try {
      const lc = getLineColLocation(where);
      line = lc.start.line;
      column = lc.start.col;
    } catch {
      // A file that does not parse has no AST to point into; the message says why.
    }
  }
  return { file, line, column, severity: problem.severity, rule: problem.ruleId, message: problem.message };
}

function sortProblems(problems: SpecProblem[]): SpecProblem[] {
  return problems.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
  );
}

/** A file that is not YAML stops the linter before any rule runs; report it like a lint problem. */
function yamlProblem(root: string, error: YamlParseError): SpecProblem {
  const message = error.message.replace(/(?: in "[^"]*")? \(\d+:\d+\)$/, "");
  return {
    file: path.relative(root, error.source.absoluteRef).split(path.sep).join("/"),
    line: error.line,
    column: error.col,
    severity: "error",
    rule: error instanceof YamlLimitError ? error.rule : "yaml-syntax",
    message,
  };
}

/**
 * Lints one product with its redocly.yaml settings; returns errors and warnings alike. Files are
 * read through a `ConfinedResolver` (nothing outside the repository is read, no URL is fetched);
 * a `resolver` passed in keeps the files it read and parsed, for a bundle that follows.
 */
export async function lintProduct(
  root: string,
  product: ProductSource,
  shared: { config?: Config; resolver?: ConfinedResolver } = {},
): Promise<SpecProblem[]> {
  const config = shared.config ?? (await readConfig(root)).forAlias(product.name);
  const resolver = shared.resolver ?? new ConfinedResolver(root);
  try {
    const problems = await lint({ ref: path.resolve(root, product.specFile), config, externalRefResolver: resolver });
    return sortProblems(problems.filter((p) => !p.ignored).map((p) => toSpecProblem(root, p)));
  } catch (error) {
    if (error instanceof YamlParseError) return [yamlProblem(root, error)];
    if (error instanceof RefusedReferenceError) {
      return [{ file: product.specFile, line: 1, column: 1, severity: "error", rule: error.rule, message: error.message }];
    }
    // A loop of $refs through several files (one file's loops are found with their line first).
    if (error instanceof Error && error.message === "Self-referencing circular pointer") {
      const message = "a $ref leads, through other files, into a loop of $refs that never reaches a schema";
      return [{ file: product.specFile, line: 1, column: 1, severity: "error", rule: "mpkit-ref-cycle", message }];
    }
    throw error;
  }
}

/**
 * Lints and bundles one product. Any lint error, or any bundling problem, throws a `SpecError`:
 * generating from a spec with lint errors is refused. Lint warnings are returned with the
 * product (`lintWarnings`); `generate` prints them, `lint` and `check` fail on them.
 */
export async function loadProduct(root: string, product: ProductSource): Promise<LoadedProduct> {
  const config = (await readConfig(root)).forAlias(product.name);
  // One confined resolver for lint and bundle: every file is read and parsed once.
  const resolver = new ConfinedResolver(root);
  const lintProblems = await lintProduct(root, product, { config, resolver });
  if (lintProblems.some((p) => p.severity === "error")) throw new SpecError(lintProblems);
  const result = await bundle({ ref: path.resolve(root, product.specFile), config, externalRefResolver: resolver });
  const problems = result.problems.filter((p) => !p.ignored).map((p) => toSpecProblem(root, p));
  if (problems.length > 0) throw new SpecError(sortProblems(problems));
  const source = result.bundle.source;
  const file = path.relative(root, source.absoluteRef).split(path.sep).join("/");
  const locate = (pointer: string) => {
    try {
      const lc = getLineColLocation({ source, pointer, reportOnKey: true });
      return { file, line: lc.start.line, column: lc.start.col };
    } catch {
      return { file, line: 1, column: 1 };
    }
  };
  const escaped = externalRefs(result.bundle.parsed).map(({ pointer, ref }): SpecProblem => ({
    ...locate(pointer),
    severity: "error",
    rule: "mpkit-ref-outside-repo",
    message: `$ref ${ref} was not inlined by bundling; mpkit only follows references to files inside the repository`,
  }));
  if (escaped.length > 0) throw new SpecError(escaped);
  const files = [...new Set([path.resolve(root, product.specFile), ...result.fileDependencies])].sort();
  return { ...product, document: result.bundle.parsed as Record<string, unknown>, locate, files, lintWarnings: lintProblems };
}
