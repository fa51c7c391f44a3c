/**
 * The bench's load generator for HTTP servers: `connections` keep-alive connections (node:http
 * Agent), each sending its next request as soon as the last answer is read, for `durationMs`.
 * No dependency: the same loop drives every contestant, in the bench's own process.
 */
import * as http from "node:http";

export async function load({ url, method = "GET", headers = {}, body, connections = 32, durationMs = 3000 }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const payload = body === undefined ? undefined : Buffer.from(body);
  const send = () =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method,
          headers: payload ? { ...headers, "content-length": payload.length } : headers,
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  let done = 0;
  const statuses = {};
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const status = await send();
        statuses[status] = (statuses[status] ?? 0) + 1;
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: done / seconds, statuses };
}

/** Peak resident memory (VmHWM) of a process and its descendants, in MiB (Linux; undefined elsewhere). */
export async function peakRssMiB(pid) {
  const { readFileSync } = await import("node:fs");
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const task of readFileSync(`/proc/${tree[i]}/task/${tree[i]}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) tree.push(Number(task));
    } catch {
      // gone, or not Linux
    }
  }
  let kib = 0;
  for (const p of tree) {
    try {
      kib += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib > 0 ? kib / 1024 : undefined;
}

/** CPU time (user + system) of a process and its descendants so far, in ms (Linux; undefined elsewhere). */
export async function cpuMs(pid) {
  const { readFileSync } = await import("node:fs");
  const tree = [pid];
  let ticks = 0;
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const task of readFileSync(`/proc/${tree[i]}/task/${tree[i]}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) tree.push(Number(task));
      const fields = readFileSync(`/proc/${tree[i]}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      if (i === 0) return undefined;
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
