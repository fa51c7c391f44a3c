/** The diff report for a terminal, as Markdown for a pull request, and as JSON. */
import type { Change, ChangeClass, DiffReport, ProductReport } from "./change.js";

const LABEL: Record<ChangeClass, string> = { breaking: "breaking", "non-breaking": "non-breaking", docs: "docs only" };

function counts(p: ProductReport): string {
  const n = (k: ChangeClass) => p.changes.filter((c) => c.class === k).length;
  return `${n("breaking")} breaking, ${n("non-breaking")} non-breaking, ${n("docs")} docs only`;
}

function detail(c: Change): string {
  return `${c.message}${c.runtimeOnly ? " (runtime only: the types do not show it)" : ""}${c.note ? `; ${c.note}` : ""}`;
}

export function formatTerminal(report: DiffReport): string {
  const lines: string[] = [];
  for (const p of report.products) {
    if (p.changes.length === 0) {
      lines.push(`${p.packageName}: no changes since ${report.base}`);
      continue;
    }
    lines.push(`${p.packageName} (${p.specFile}): ${counts(p)} → ${p.bump} bump`);
    for (const c of p.changes) {
      const mark = c.class === "breaking" ? "✗" : c.class === "non-breaking" ? "+" : "·";
      lines.push(`  ${mark} ${LABEL[c.class].padEnd(12)} ${(c.operation ?? "(product)").padEnd(28)} ${c.where}: ${detail(c)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function formatMarkdown(report: DiffReport): string {
  const lines = [`## API changes since \`${report.base}\``, ""];
  for (const p of report.products) {
    if (p.changes.length === 0) {
      lines.push(`### ${code(p.packageName)}: no changes`, "");
      continue;
    }
    lines.push(`### ${code(p.packageName)}: ${p.bump} (${counts(p)})`, "", "| class | operation | where | change |", "|---|---|---|---|");
    for (const c of p.changes) {
      const icon = c.class === "breaking" ? "🔴" : c.class === "non-breaking" ? "🟢" : "⚪";
      lines.push(`| ${icon} ${LABEL[c.class]} | ${c.operation ? code(c.operation) : "—"} | ${cell(c.where)} | ${cell(detail(c))} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n")}`;
}

export function formatJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The changelog entry of one product: the body of its changeset file. */
export function changelogEntry(p: ProductReport): string {
  const section = (k: ChangeClass, title: string) => {
    const list = p.changes.filter((c) => c.class === k);
    if (list.length === 0) return [];
    return [`${title}:`, "", ...list.map((c) => `- ${c.operation ? `\`${c.operation}\` ` : ""}${c.where}: ${detail(c)}`), ""];
  };
  return [
    ...section("breaking", "Breaking changes"),
    ...section("non-breaking", "Additions and other changes"),
    ...section("docs", "Documentation"),
  ].join("\n").trimEnd();
}
