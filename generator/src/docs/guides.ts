/**
 * One guide per product, generated from its spec (`<product>/guide.html`), and the guides index
 * (`guides.html`):
 * - sign-in: the flow of each security scheme the operations use, step by step, with the client
 *   set-up the code samples use;
 * - state machines: one SVG per `x-mpkit-state-machine`, drawn by Graphviz (WebAssembly, bundled
 *   in @hpcc-js/wasm-graphviz, so it runs offline) at build time, and the transitions with their
 *   triggers and the webhooks that report them;
 * - webhooks: payload, authentication, and the retry schedule of `x-mpkit-retry` as a timeline;
 * - error codes: code, status, meaning, operations.
 */
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { escapeHtml } from "../emit/emit-docs.js";
import { get } from "../model/json-pointer.js";
import type { Model, ProductModel, SecuritySchemeModel, StateMachineModel } from "../model/model.js";
import { errorCodes, targets, walkSchema } from "./facts.js";
import { clientSetup } from "./samples.js";
import { errorAnchor } from "./search.js";
import { siteHead, siteHeader, siteScripts, type PageContext } from "./site.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

let graphviz: Promise<Graphviz> | undefined;

const dotString = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** Wraps a label at about `width` characters (Graphviz does not wrap by itself). */
function wrap(text: string, width = 28): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

export function stateMachineDot(machine: StateMachineModel): string {
  const lines = [
    `digraph ${dotString(machine.schema)} {`,
    `  rankdir=LR; bgcolor="transparent";`,
    `  node [shape=box, style="rounded", fontname="Helvetica", fontsize=11];`,
    `  edge [fontname="Helvetica", fontsize=9];`,
  ];
  machine.initial.forEach((state, i) => {
    lines.push(`  ${dotString(`__start${i}`)} [shape=point, width=0.12, label=""];`, `  ${dotString(`__start${i}`)} -> ${dotString(state)};`);
  });
  for (const state of machine.states) {
    lines.push(`  ${dotString(state)}${machine.final.includes(state) ? ` [peripheries=2]` : ""};`);
  }
  for (const t of machine.transitions) lines.push(`  ${dotString(t.from)} -> ${dotString(t.to)} [label=${dotString(wrap(t.trigger))}];`);
  lines.push("}");
  return lines.join("\n");
}

export async function stateMachineSvg(machine: StateMachineModel): Promise<string> {
  graphviz ??= Graphviz.load();
  const svg = (await graphviz).dot(stateMachineDot(machine));
  // Inline SVG: no XML prologue, doctype or comments.
  return svg.slice(svg.indexOf("<svg")).replace(/<!--[\s\S]*?-->\n?/g, "").trim();
}

/**
 * Webhooks whose payload carries the state machine's enum, or an enum of the same states (a
 * callback status spelled differently, e.g. `Paid` for `paid`).
 */
function webhooksReporting(product: ProductModel, machine: StateMachineModel): string[] {
  const states = new Set(machine.states.map((s) => s.toLowerCase()));
  const matches = (schema: Record<string, unknown>, pointer: string) =>
    pointer === `#/components/schemas/${machine.schema}` ||
    (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.filter((v) => states.has(String(v).toLowerCase())).length * 2 >= states.size);
  return product.webhooks
    .filter((hook) => {
      let found = false;
      if (hook.requestBody) walkSchema(product.document, hook.requestBody.schemaPointer, (schema, pointer) => (found ||= matches(schema, pointer)));
      return found;
    })
    .map((hook) => hook.name);
}

function firstParagraph(markdown: string | undefined): string {
  const paragraph = (markdown ?? "").split(/\n\s*\n/).find((p) => p.trim() !== "" && !p.trim().startsWith("#") && !p.trim().startsWith("|")) ?? "";
  return paragraph.replace(/[*_`]/g, "").replace(/\[([^\]]+)\]\([^)]+\)/g, "$1").replace(/\s+/g, " ").trim();
}

function signInSteps(name: string, scheme: SecuritySchemeModel): string[] {
  switch (scheme.type) {
    case "apiKey":
      return [`Send the key in the <code>${escapeHtml(scheme.name)}</code> ${escapeHtml(scheme.in)} with every call; the client adds it from <code>credentials.${escapeHtml(name)}</code>.`];
    case "http":
      return scheme.scheme === "basic"
        ? [`Send <code>Authorization: Basic base64(username:password)</code>; the client builds it from <code>credentials.${escapeHtml(name)} = { username, password }</code>.`]
        : [`Send <code>Authorization: Bearer &lt;token&gt;</code>; the client takes the token from <code>credentials.${escapeHtml(name)}</code>.`];
    case "oauth2":
      return [
        `Request a token with the client credentials grant at <code>${escapeHtml(scheme.tokenUrl ?? "the token endpoint")}</code> (HTTP Basic client authentication): <code>clientCredentials({ tokenUrl, clientId, clientSecret })</code> from <code>@mpkit/core</code>.`,
        "The token is cached until shortly before <code>expires_in</code>; concurrent calls share one token request.",
        "Every call carries <code>Authorization: Bearer &lt;token&gt;</code>; a 401 renews the token once and retries.",
      ];
    case "openIdConnect":
      return [
        `Send the merchant's browser to MobilePay's authorize URL (OpenID Connect, discovery at <code>${escapeHtml(scheme.openIdConnectUrl ?? "")}</code>): <code>createOidcSignIn(…).authorizationUrl()</code> adds PKCE, <code>state</code> and <code>nonce</code>.`,
        "MobilePay redirects back with the code and an ID token: <code>completeSignIn(request, pending, merchant)</code> checks state, signature, nonce and code hash, then exchanges the code.",
        `Call the API with <code>credentials.${escapeHtml(name)} = signIn.accessToken(merchant)</code>: tokens are refreshed before they expire, and a 401 renews once.`,
      ];
  }
}

const kindOf = (scheme: SecuritySchemeModel) => (scheme.type === "http" ? `HTTP ${scheme.scheme}` : scheme.type === "oauth2" ? "OAuth 2 client credentials" : scheme.type === "openIdConnect" ? "OpenID Connect" : "API key");

function signInSection(product: ProductModel): string {
  const used = new Set(product.operations.flatMap((op) => op.security.flat()));
  const schemes = Object.entries(product.securitySchemes).filter(([name]) => used.has(name));
  const items = schemes.map(([name, scheme]) => `<li><h3>${escapeHtml(name)} <small>(${escapeHtml(kindOf(scheme))})</small></h3>
  <p>${escapeHtml(firstParagraph(scheme.description))}</p>
  <ol>${signInSteps(name, scheme).map((s) => `<li>${s}</li>`).join("")}</ol></li>`);
  return `<section id="sign-in"><h2>Sign-in</h2>
<p>${schemes.length === 0 ? "No operation needs credentials." : `Operations need ${schemes.map(([n]) => `<code>${escapeHtml(n)}</code>`).join(", ")} (see each operation for the combination it takes).`}</p>
<ul>${items.join("\n")}</ul>
<p>The client, set up as every code sample of the reference starts:</p>
<pre><code class="language-ts">${escapeHtml(clientSetup(product))}</code></pre>
</section>`;
}

async function stateMachineSection(product: ProductModel): Promise<string> {
  if (product.stateMachines.length === 0) return `<section id="state-machines"><h2>State machines</h2><p>The spec describes no state machine.</p></section>`;
  const parts: string[] = [];
  for (const machine of product.stateMachines) {
    const hooks = webhooksReporting(product, machine);
    parts.push(`<article id="state-machine-${escapeHtml(machine.schema)}" class="state-machine"><h3>${escapeHtml(machine.schema)}</h3>
<p>Initial: ${machine.initial.map((s) => `<code>${escapeHtml(s)}</code>`).join(", ")}. Final: ${machine.final.map((s) => `<code>${escapeHtml(s)}</code>`).join(", ") || "none"}.${hooks.length > 0 ? ` Changes are reported by ${hooks.map((h) => `<code>${escapeHtml(h)}</code>`).join(", ")}.` : ""}</p>
<figure class="state-machine" data-schema="${escapeHtml(machine.schema)}">${await stateMachineSvg(machine)}</figure>
<table><thead><tr><th>from</th><th>to</th><th>trigger</th><th>webhook</th></tr></thead><tbody>
${machine.transitions.map((t) => `<tr><td><code>${escapeHtml(t.from)}</code></td><td><code>${escapeHtml(t.to)}</code></td><td>${escapeHtml(t.trigger)}</td><td>${hooks.map((h) => `<code>${escapeHtml(h)}</code>`).join(", ") || "—"}</td></tr>`).join("\n")}
</tbody></table></article>`);
  }
  return `<section id="state-machines"><h2>State machines</h2>\n${parts.join("\n")}</section>`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const units: [number, string][] = [[86400, "d"], [3600, "h"], [60, "min"], [1, "s"]];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(" ");
}

export function retryTimeline(retry: { retries?: number; delaysSeconds?: number[] }): { attempt: number; wait: number; since: number }[] {
  const delays = retry.delaysSeconds ?? [];
  const rows = [{ attempt: 1, wait: 0, since: 0 }];
  let since = 0;
  delays.forEach((delay, i) => {
    since += delay;
    rows.push({ attempt: i + 2, wait: delay, since });
  });
  return rows;
}

function webhookSection(product: ProductModel, routes: Map<string, string>): string {
  if (product.webhooks.length === 0) return `<section id="webhooks"><h2>Webhooks</h2><p>The product sends no webhooks.</p></section>`;
  const parts = product.webhooks.map((hook) => {
    const item = get(product.document, `#/webhooks/${hook.name}/${hook.method}`) as Json | undefined;
    const security = Array.isArray(item?.security) ? (item.security as Json[]) : [];
    const auth = security.map((alt) => Object.keys(alt).map((name) => {
      const scheme = product.securitySchemes[name];
      return `<code>${escapeHtml(name)}</code>${scheme ? ` (${escapeHtml(kindOf(scheme))}${scheme.type === "apiKey" ? `, header <code>${escapeHtml(scheme.name)}</code>` : ""})` : ""}`;
    }).join(" and ") || "none");
    const retry = isObject(item?.["x-mpkit-retry"]) ? (item["x-mpkit-retry"] as { retries?: number; delaysSeconds?: number[] }) : undefined;
    const payload = hook.requestBody?.examples[0]?.value;
    const schemaName = hook.requestBody ? /^#\/components\/schemas\/([^/]+)$/.exec(hook.requestBody.schemaPointer)?.[1] : undefined;
    return `<article id="webhook-${escapeHtml(hook.name)}"><h3>${escapeHtml(hook.summary)} <small><code>${escapeHtml(hook.method.toUpperCase())} ${escapeHtml(hook.name)}</code></small></h3>
<p><a href="./index.html#${escapeHtml(routes.get(hook.operationId) ?? "")}">Reference</a>${schemaName ? ` · payload <code>${escapeHtml(schemaName)}</code>` : ""} · ${hook.requestBody ? `<code>${escapeHtml(hook.requestBody.contentType)}</code>` : "no body"}</p>
<p>Authentication: ${auth.length > 1 ? `one of ${auth.join("; ")}` : auth[0] ?? "none declared"}.</p>
${payload !== undefined ? `<pre><code class="language-json">${escapeHtml(JSON.stringify(payload, null, 2))}</code></pre>` : ""}
${retry ? `<p>Redelivery: ${retry.retries ?? (retry.delaysSeconds?.length ?? 0)} retries after a failed delivery.</p>
<table class="retry-timeline"><thead><tr><th>attempt</th><th>after the previous one</th><th>since the first</th></tr></thead><tbody>
${retryTimeline(retry).map((r) => `<tr><td>${r.attempt}</td><td>${r.attempt === 1 ? "—" : duration(r.wait)}</td><td>${duration(r.since)}</td></tr>`).join("\n")}
</tbody></table>` : "<p>No redelivery schedule is documented.</p>"}
</article>`;
  });
  return `<section id="webhooks"><h2>Webhooks</h2>\n${parts.join("\n")}</section>`;
}

function errorSection(product: ProductModel, routes: Map<string, string>): string {
  const codes = errorCodes(product);
  if (codes.length === 0) return `<section id="error-codes"><h2>Error codes</h2><p>The spec documents no error codes beyond the HTTP status and its error body.</p></section>`;
  return `<section id="error-codes"><h2>Error codes</h2>
<table class="error-codes"><thead><tr><th>code</th><th>status</th><th>meaning</th><th>operations</th></tr></thead><tbody>
${codes.map((c) => `<tr id="${errorAnchor(c.code)}" data-code="${escapeHtml(c.code)}"><td><code>${escapeHtml(c.code)}</code></td><td>${c.statuses.map(escapeHtml).join(", ")}</td><td>${escapeHtml(c.meaning)}</td><td>${c.operations.map((op) => `<a href="./index.html#${escapeHtml(routes.get(op) ?? "")}">${escapeHtml(op)}</a>`).join(", ")}</td></tr>`).join("\n")}
</tbody></table></section>`;
}

export async function guidePage(model: Model, product: ProductModel): Promise<string> {
  const context: PageContext = { model, page: `${product.name}/guide.html` };
  const routes = new Map(targets(product).map((t) => [t.operationId, t.route]));
  return `<!doctype html>
<!-- Generated by mpkit from ${escapeHtml(product.specFile)}. Do not edit: run \`npm run docs\`. -->
<html lang="en">
<head>
  ${siteHead(context, `${product.title} — guide`)}
</head>
<body data-product="${escapeHtml(product.name)}">
${siteHeader(context)}
<main class="mpkit-page">
<h1>${escapeHtml(product.title)}: guide</h1>
<p>Generated from the spec. <a href="./index.html">The reference</a> has every operation with code samples; <a href="./changelog.html">the changelog</a> lists the releases of <code>${escapeHtml(product.packageName)}</code>.</p>
<nav><a href="#sign-in">Sign-in</a> · <a href="#state-machines">State machines</a> · <a href="#webhooks">Webhooks</a> · <a href="#error-codes">Error codes</a></nav>
${signInSection(product)}
${await stateMachineSection(product)}
${webhookSection(product, routes)}
${errorSection(product, routes)}
</main>
${siteScripts(context)}
</body>
</html>
`;
}

function guidesIndex(model: Model): string {
  const context: PageContext = { model, page: "guides.html" };
  return `<!doctype html>
<!-- Generated by mpkit from redocly.yaml. Do not edit: run \`npm run docs\`. -->
<html lang="en">
<head>
  ${siteHead(context, "mpkit — guides")}
</head>
<body>
${siteHeader(context)}
<main class="mpkit-page">
<h1>Guides</h1>
<ul class="mpkit-cards">
${model.products.map((p) => `<li class="mpkit-card"><h2><a href="./${escapeHtml(p.name)}/guide.html">${escapeHtml(p.title)}</a></h2><p class="meta">${p.stateMachines.length} state machine(s) · ${p.webhooks.length} webhook(s) · ${errorCodes(p).length} error code(s)</p></li>`).join("\n")}
</ul>
</main>
${siteScripts(context)}
</body>
</html>
`;
}

export async function guidePages(model: Model): Promise<Map<string, string>> {
  const pages = new Map<string, string>([["guides.html", guidesIndex(model)]]);
  for (const product of model.products) pages.set(`${product.name}/guide.html`, await guidePage(model, product));
  return pages;
}
