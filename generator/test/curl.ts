/**
 * The curl samples of the docs, read back into requests: the shell words of the command (quotes,
 * `\`-newline continuations, `$VAR` and `$(uuidgen)`) and the curl flags the samples use. Any
 * other flag is refused, so a sample the generator starts writing differently fails loudly.
 * `parseCurl` gives method, URL, headers and body as data; `curlRequest` makes a fetch Request
 * of it, to replay the sample against the MSW mocks here or against `mpkit mock` over HTTP.
 */
import { randomUUID } from "node:crypto";

export interface CurlCall {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
}

/** Shell words of a command, with `$VAR` read from `env`. */
export function shellWords(command: string, env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const text = command.replace(/\\\n/g, " ");
  const expand = (s: string) =>
    s.replace(/\$\(uuidgen\)/g, () => randomUUID()).replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name: string) => env[name] ?? "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated ${c} quote in: ${command}`);
      const quoted = text.slice(i + 1, end);
      word = (word ?? "") + (c === '"' ? expand(quoted) : quoted);
      i = end;
    } else if (c === "\\") {
      word = (word ?? "") + text[++i];
    } else {
      const match = /^[^\s'"\\]+/.exec(text.slice(i))![0];
      word = (word ?? "") + expand(match);
      i += match.length - 1;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

export function parseCurl(command: string, env: Readonly<Record<string, string | undefined>> = process.env): CurlCall {
  const [program, ...args] = shellWords(command, env);
  if (program !== "curl") throw new Error(`not a curl command: ${program}`);
  let method = "GET";
  let url: string | undefined;
  const headers: [string, string][] = [];
  let body: string | undefined;
  const form = new URLSearchParams();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "-X") method = value();
    else if (arg === "-H") {
      const header = value();
      const colon = header.indexOf(":");
      if (colon <= 0) throw new Error(`malformed header ${header}`);
      headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (arg === "-u") headers.push(["Authorization", `Basic ${Buffer.from(value()).toString("base64")}`]);
    else if (arg === "--data") body = value();
    else if (arg === "--data-urlencode") {
      const pair = value();
      const eq = pair.indexOf("=");
      form.append(pair.slice(0, eq), pair.slice(eq + 1));
    } else if (!arg.startsWith("-") && url === undefined) url = arg;
    else throw new Error(`unsupported curl argument ${arg}`);
  }
  if (url === undefined) throw new Error(`no URL in: ${command}`);
  if ([...form].length > 0) {
    body = form.toString();
    if (!headers.some(([name]) => name.toLowerCase() === "content-type")) headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
  }
  return { method, url, headers, ...(body !== undefined ? { body } : {}) };
}

/** The call as a fetch Request; `baseUrl` moves it to another server (e.g. `mpkit mock`), keeping path and query. */
export function curlRequest(call: CurlCall, baseUrl?: { from: string; to: string }): Request {
  const url = baseUrl && call.url.startsWith(baseUrl.from) ? baseUrl.to.replace(/\/+$/, "") + call.url.slice(baseUrl.from.replace(/\/+$/, "").length) : call.url;
  return new Request(url, { method: call.method, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}) });
}
