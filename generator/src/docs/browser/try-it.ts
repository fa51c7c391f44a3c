/**
 * Try-it on the product pages (bundled by esbuild into assets/try-it.js, a classic script, so it
 * runs from file://): the generated client of the page's product, whose `fetch` hands each
 * request to the mocks' handlers in the page through MSW's `getResponse` (no service worker,
 * which cannot register on file://, and no network). The handlers come from `allHandlers()` of
 * @mpkit/mocks, created once per page, so mocks that keep state keep it across calls.
 *
 * The request is the method's input as JSON (path and query parameters, `headers`, `body`),
 * prefilled from the spec's examples, validated against the spec as you type.
 *
 * Webhooks a call causes (an invoice paid, an agreement accepted) are delivered by the mocks to
 * a made-up receiver URL through a `deliver` that only records them: the panel lists each
 * delivery with its payload, and nothing is sent over the network.
 */
import { getResponse } from "msw";
import { createAllMocks, productMocks, ProductValidator, type DeliveryRecord, type MockOperation } from "@mpkit/mocks";
import { clients } from "mpkit-docs:clients";

export interface TryItOperation {
  operationId: string;
  summary: string;
  method: string;
  path: string;
  route: string;
  input: Record<string, unknown>;
}

declare global {
  interface Window {
    MPKIT_TRYIT?: { product: string; environment: string; credentials: Record<string, unknown>; headers: Record<string, string>; operations: TryItOperation[] };
  }
}

/** Where the page's mocks "deliver" webhooks: recorded in the panel, never requested. */
const WEBHOOK_URL = "https://merchant.example/mobilepay/callbacks";

type Client = Record<string, (input?: unknown) => Promise<unknown>>;

interface Exchange {
  status: number;
  headers: [string, string][];
  text: string;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

function setUp(): void {
  const data = window.MPKIT_TRYIT;
  const mock = data ? productMocks[data.product] : undefined;
  const create = data ? clients[data.product] : undefined;
  if (!data || !mock || !create) return;
  const { clock, products } = createAllMocks({ webhookUrl: WEBHOOK_URL, deliver: async () => new Response(null, { status: 204 }) });
  const handlers = Object.values(products).flatMap((m) => m.handlers);
  const deliveryLog = (): DeliveryRecord[] => Object.values(products).flatMap((m) => m.deliveries);
  const validator = new ProductValidator(mock);
  let last: Exchange | undefined;
  const client = create({
    environment: data.environment,
    credentials: data.credentials,
    headers: data.headers,
    fetch: async (request: Request) => {
      const response = (await getResponse(handlers, request)) ?? new Response(JSON.stringify({ message: `no mock answers ${request.method} ${request.url}` }), { status: 501 });
      last = { status: response.status, headers: [...response.headers], text: await response.clone().text() };
      return response;
    },
  }) as Client;

  const select = element("select", { id: "mpkit-tryit-operation", ariaLabel: "Operation" });
  for (const op of data.operations) select.append(element("option", { value: op.operationId }, `${op.method.toUpperCase()} ${op.path} — ${op.summary}`));
  const editor = element("textarea", { id: "mpkit-tryit-input", spellcheck: false, rows: 14, ariaLabel: "Request (the method's input as JSON)" });
  const problems = element("ul", { id: "mpkit-tryit-problems" });
  const send = element("button", { id: "mpkit-tryit-send", type: "button" }, "Send to the mocks");
  const status = element("p", { id: "mpkit-tryit-status" });
  const headers = element("pre", { id: "mpkit-tryit-headers" });
  const body = element("pre", { id: "mpkit-tryit-body" });
  const verdict = element("p", { id: "mpkit-tryit-verdict" });
  const deliveries = element("ol", { id: "mpkit-tryit-deliveries" });
  const deliveriesSection = element(
    "section",
    { hidden: true },
    element("h3", {}, "Webhooks this call caused"),
    element("p", { className: "meta" }, `Delivered by the mocks to ${WEBHOOK_URL} (recorded here, not sent).`),
    deliveries,
  );
  const close = element("button", { type: "button", className: "mpkit-tryit-close", ariaLabel: "Close" }, "×");
  const panel = element(
    "aside",
    { id: "mpkit-tryit", hidden: true, ariaLabel: "Try it on the mocks" },
    close,
    element("h2", {}, "Try it on the mocks"),
    element("p", { className: "meta" }, "Runs in this page against the generated mocks; nothing leaves your browser."),
    select,
    editor,
    problems,
    send,
    status,
    verdict,
    element("details", {}, element("summary", {}, "Response headers"), headers),
    body,
    deliveriesSection,
  );
  // The page's button (which loaded this script on its first click), or one of our own.
  const open = (document.getElementById("mpkit-tryit-open") as HTMLButtonElement | null) ?? element("button", { id: "mpkit-tryit-open", type: "button" }, "Try it");
  open.removeAttribute("aria-busy");
  document.body.append(open, panel);

  const current = () => data.operations.find((op) => op.operationId === select.value)!;
  const mockOperation = (): MockOperation | undefined => mock.operations.find((op) => op.operationId === select.value);

  const check = (): unknown => {
    problems.replaceChildren();
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(editor.value || "{}") as Record<string, unknown>;
    } catch (error) {
      problems.append(element("li", {}, `JSON: ${(error as Error).message}`));
      send.disabled = true;
      return undefined;
    }
    const op = mockOperation();
    const found = [];
    if (op) {
      const values = (where: "path" | "query" | "header") =>
        Object.fromEntries(
          op.parameters
            .filter((p) => p.in === where)
            .map((p) => [p.name, where === "header" ? (input.headers as Record<string, unknown> | undefined)?.[p.name] : input[p.name]])
            .filter(([, v]) => v !== undefined),
        );
      found.push(...validator.checkParameters(op, "path", values("path")));
      found.push(...validator.checkParameters(op, "query", values("query")));
      if (op.requestBody && (input.body !== undefined || op.requestBody.required)) found.push(...validator.checkBody(op, input.body));
    }
    for (const p of found) problems.append(element("li", {}, `${p.at}: ${p.message}`));
    send.disabled = false;
    editor.setAttribute("aria-invalid", String(found.length > 0));
    return input;
  };

  const load = (operationId: string) => {
    select.value = operationId;
    editor.value = JSON.stringify(current().input, null, 2);
    for (const node of [status, headers, body, verdict, deliveries]) node.textContent = "";
    delete status.dataset.status;
    delete verdict.dataset.valid;
    deliveriesSection.hidden = true;
    check();
  };

  const run = async () => {
    const input = check();
    if (input === undefined) return;
    const op = current();
    last = undefined;
    // No answer shown until this call's: `data-status` marks a finished call (tests wait on it).
    delete status.dataset.status;
    delete verdict.dataset.valid;
    status.textContent = "Sending…";
    const earlier = new Set(deliveryLog());
    let result: unknown;
    let failure: { status?: number; body?: unknown; message?: string } | undefined;
    try {
      result = await client[op.operationId]!(input);
    } catch (error) {
      failure = error as { status?: number; body?: unknown; message?: string };
    }
    // Deliveries fall due on the mock clock at once; let them run, then show the new ones.
    await clock.settled();
    const caused = deliveryLog().filter((d) => !earlier.has(d));
    deliveries.replaceChildren(
      ...caused.map((d) =>
        element(
          "li",
          { dataset: { webhook: d.webhook } },
          `${d.webhook} · attempt ${d.attempt} · ${d.at} · ${d.status !== undefined ? `receiver answered ${d.status}` : `failed: ${d.error ?? "unknown"}`}`,
          element("pre", {}, JSON.stringify(d.payload, null, 2)),
        ),
      ),
    );
    deliveriesSection.hidden = caused.length === 0;
    const exchange = last as Exchange | undefined;
    const code = exchange?.status ?? failure?.status;
    status.textContent = code !== undefined ? `${code}` : `Not sent: ${failure?.message ?? "unknown error"}`;
    status.dataset.status = String(code ?? "");
    headers.textContent = (exchange?.headers ?? []).map(([k, v]) => `${k}: ${v}`).join("\n");
    const shown = failure ? failure.body : result;
    body.textContent = shown === undefined ? "" : typeof shown === "string" ? shown : JSON.stringify(shown, null, 2);
    const mockOp = mockOperation();
    if (mockOp && code !== undefined) {
      const problems = validator.checkResponse(mockOp, code, shown);
      verdict.textContent = problems.length === 0 ? "✓ The response matches the spec." : `✗ ${problems.map((p) => `${p.at}: ${p.message}`).join("; ")}`;
      verdict.dataset.valid = String(problems.length === 0);
    }
  };

  const fromRoute = () => data.operations.find((op) => location.hash === `#${op.route}` || location.hash.startsWith(`#${op.route}#`));
  open.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    if (!panel.hidden) load((fromRoute() ?? current() ?? data.operations[0]!).operationId);
  });
  close.addEventListener("click", () => (panel.hidden = true));
  select.addEventListener("change", () => load(select.value));
  editor.addEventListener("input", () => void check());
  send.addEventListener("click", () => void run());
  load(data.operations[0]!.operationId);
}

setUp();
