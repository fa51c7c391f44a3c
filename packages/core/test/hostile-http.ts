/**
 * A real HTTP server on 127.0.0.1 for client tests that need what a mock cannot fake: bytes
 * that drip, connections that reset before or in the middle of a body, redirects between two
 * origins. Each test sets the handler; every request is recorded with its headers and body.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, index: number, body: string) => void;

export class HostileServer {
  readonly requests: SeenRequest[] = [];
  #handler: Handler = (_req, res) => res.writeHead(404).end();
  readonly #server: http.Server;
  #url = "";

  private constructor() {
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        this.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
        try {
          this.#handler(req, res, this.requests.length - 1, body);
        } catch {
          res.socket?.destroy();
        }
      });
    });
  }

  static async start(): Promise<HostileServer> {
    const server = new HostileServer();
    await new Promise<void>((resolve) => server.#server.listen(0, "127.0.0.1", resolve));
    server.#url = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}`;
    return server;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return this.#url;
  }

  /** Answers the next requests with `handler`, forgetting what was recorded so far. */
  on(handler: Handler): this {
    this.#handler = handler;
    this.requests.length = 0;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Sends `status` with a JSON body. */
export function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends the headers and the first `sent` bytes of `text`, then resets the connection. */
export function resetMidBody(res: http.ServerResponse, text: string, sent: number): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.write(text.slice(0, sent), () => setTimeout(() => res.socket?.destroy(), 5));
}
