#!/usr/bin/env node
/**
 * `npm run bench`: mpkit side by side with the tools a user would pick instead, on the same specs
 * and machine. Contestants of a row run interleaved (round 1: a b c, round 2: b c a, …), and the
 * table shows medians and the ratio to the row's reference peer. Prints Markdown.
 *
 *   node bench/run.mjs [--rounds N] [--small] [--only row,row] [--out file.md]
 *
 * Rows: generate, noop, tsc, client, size, mocks, docs, docs-render (first render of each
 * product page in Chromium, bench/probes/docs-render.mjs), large (a 200-operation, 1.5 MB spec from
 * bench/large-spec.mjs: generate and type-check, time and peak memory), mocks-size (each product's
 * browser mocks bundle, bench/probes/mocks-size.mjs).
 *
 * `--small` runs every row once on the fixture corpus's smallest product with tiny iteration
 * counts: the check `npm test` runs (bench/test/bench.test.ts). Nothing here is a timed test.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { cpuMs, load, peakRssMiB } from "./http-load.mjs";
import { writeLargeSpec } from "./large-spec.mjs";
import { mocksSizeRow } from "./probes/mocks-size.mjs";
import { appProject, generatedClientsProject, generatedOnlyProject, mpkitSources } from "./probes/tsc.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(benchDir, "..");

/** The package's folder, found the way Node looks for it from bench/ (exports maps aside). */
function pkgDir(pkg) {
  for (const base of [benchDir, repo]) {
    const dir = path.join(base, "node_modules", pkg);
    if (existsSync(path.join(dir, "package.json"))) return dir;
  }
  return undefined;
}
function binOf(pkg, name) {
  const dir = pkgDir(pkg);
  if (!dir) throw new Error(`bench: ${pkg} is not installed (npm ci installs bench's devDependencies)`);
  const meta = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const rel = typeof meta.bin === "string" ? meta.bin : meta.bin?.[name ?? Object.keys(meta.bin)[0]];
  return path.join(dir, rel);
}
const has = (pkg) => pkgDir(pkg) !== undefined;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs a command; resolves with wall ms, CPU ms (user+sys of the process tree) and peak RSS. */
function measure(cmd, args, { cwd = repo, env = {}, until, allowFail = false } = {}) {
  return new Promise((resolve, reject) => {
    const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
    const statsFile = path.join(tmpdir(), `mpkit-bench-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const argv = timeBin ? ["-f", "%U %S %M", "-o", statsFile, cmd, ...args] : args;
    const started = performance.now();
    const child = spawn(timeBin ?? cmd, argv, {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let settled = false;
    const onData = (chunk) => {
      out += chunk;
      if (until && !settled && until(out)) {
        settled = true;
        const ms = performance.now() - started;
        child.kill("SIGTERM");
        resolve({ ms, out });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      if (settled) return;
      const ms = performance.now() - started;
      let cpuMs;
      let rssMiB;
      try {
        const [u, s, m] = readFileSync(statsFile, "utf8").trim().split(/\s+/).slice(-3).map(Number);
        cpuMs = (u + s) * 1000;
        rssMiB = m / 1024;
        rmSync(statsFile, { force: true });
      } catch {
        // no stats
      }
      if (code !== 0 && !allowFail) reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out.slice(-2000)}`));
      else resolve({ ms, cpuMs, rssMiB, out, failed: code !== 0 });
    });
  });
}

const node = process.execPath;
const tsxNode = (script, args) => [node, ["--conditions=mpkit-source", "--import", "tsx", script, ...args]];

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { rounds: 5, small: false, only: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--rounds") opts.rounds = Number(argv[++i]);
    else if (argv[i] === "--small") opts.small = true;
    else if (argv[i] === "--only") opts.only = argv[++i].split(",");
    else if (argv[i] === "--out") opts.out = argv[++i];
    else throw new Error(`bench: unknown argument ${argv[i]}`);
  }
  if (opts.small) opts.rounds = 1;
  return opts;
}

/** The specs the peers read: the products of redocly.yaml (or the corpus's smallest one). */
function products(source) {
  const config = readFileSync(path.join(source, "redocly.yaml"), "utf8");
  const apis = config.split(/^apis:\n/m)[1]?.split(/^\S/m)[0] ?? "";
  return [...apis.matchAll(/^ {2}([a-z][a-z0-9-]*):\n {4}root: (\S+)$/gm)].map((m) => ({ name: m[1], spec: m[2] }));
}

function freshCopy(work, source, name) {
  const dir = path.join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of ["specs", "redocly.yaml", ".redocly.lint-ignore.yaml"]) {
    if (existsSync(path.join(source, entry))) cpSync(path.join(source, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

function rows(opts, work) {
  const source = opts.small ? path.join(repo, "generator/test/fixtures/corpus") : repo;
  let specs = products(source);
  if (opts.small) {
    specs = specs.filter((p) => p.name === "tiny-tools");
    writeFileSync(path.join(work, "small-redocly.yaml"), "");
  }
  const mpkitBin = path.join(repo, "generator/bin/mpkit.js");
  const outs = { mpkit: path.join(work, "gen-mpkit"), ots: path.join(work, "gen-ots"), orval: path.join(work, "gen-orval"), heyapi: path.join(work, "gen-heyapi") };
  const smallRoot = () => {
    // The corpus with only the small product declared.
    const dir = freshCopy(work, source, "gen-mpkit");
    const spec = specs[0];
    const config = readFileSync(path.join(source, "redocly.yaml"), "utf8").replace(/^apis:\n(?: {2}.*\n| {4}.*\n)*/m, `apis:\n  ${spec.name}:\n    root: ${spec.spec}\n`);
    writeFileSync(path.join(dir, "redocly.yaml"), config);
    return dir;
  };
  const genContestants = {
    mpkit: () => {
      const dir = opts.small ? smallRoot() : freshCopy(work, source, "gen-mpkit");
      return measure(node, [mpkitBin, "generate", "--no-docs", "--no-cache"], { cwd: dir, env: { MPKIT_ROOT: dir } });
    },
    "openapi-typescript (types only)": async () => {
      rmSync(outs.ots, { recursive: true, force: true });
      mkdirSync(outs.ots, { recursive: true });
      const bin = binOf("openapi-typescript");
      let total = { ms: 0, cpuMs: 0, rssMiB: 0 };
      for (const p of specs) {
        const r = await measure(node, [bin, path.join(source, p.spec), "-o", path.join(outs.ots, `${p.name}.ts`), "--default-non-nullable=false"], { cwd: work });
        total = { ms: total.ms + r.ms, cpuMs: total.cpuMs + (r.cpuMs ?? 0), rssMiB: Math.max(total.rssMiB, r.rssMiB ?? 0) };
      }
      return total;
    },
  };
  if (has("orval")) {
    genContestants["Orval (fetch client + MSW)"] = () => {
      rmSync(outs.orval, { recursive: true, force: true });
      mkdirSync(outs.orval, { recursive: true });
      const config = path.join(work, "orval.config.cjs");
      const entries = specs.map(
        (p) =>
          `  ${JSON.stringify(p.name)}: { input: { target: ${JSON.stringify(path.join(source, p.spec))} }, output: { target: ${JSON.stringify(path.join(outs.orval, p.name, "client.ts"))}, client: "fetch", mock: true, mode: "single" } },`,
      );
      writeFileSync(config, `module.exports = {\n${entries.join("\n")}\n};\n`);
      return measure(node, [binOf("orval", "orval"), "--config", config], { cwd: work });
    };
  }
  if (has("@hey-api/openapi-ts")) {
    genContestants["hey-api"] = async () => {
      rmSync(outs.heyapi, { recursive: true, force: true });
      let total = { ms: 0, cpuMs: 0, rssMiB: 0 };
      for (const p of specs) {
        const r = await measure(node, [binOf("@hey-api/openapi-ts", "openapi-ts"), "-i", path.join(source, p.spec), "-o", path.join(outs.heyapi, p.name)], { cwd: work });
        total = { ms: total.ms + r.ms, cpuMs: total.cpuMs + (r.cpuMs ?? 0), rssMiB: Math.max(total.rssMiB, r.rssMiB ?? 0) };
      }
      return total;
    };
  }

  const tscBin = binOf("typescript", "tsc");
  const tsconfig = (name, include) => {
    const file = path.join(work, `tsconfig.${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        extends: path.join(repo, "tsconfig.base.json"),
        compilerOptions: { noEmit: true, types: ["node"], noUnusedLocals: false },
        include,
      }),
    );
    return file;
  };
  // What each mpkit contestant compiles: bench/probes/tsc.mjs.
  const sources = mpkitSources(repo);
  const mpkitTsc = opts.small ? [path.join(outs.mpkit, "packages/*/src/*.ts")] : sources.all;
  // The headline (`mpkit`) is the generated code of every product compiled against the runtimes'
  // built .d.ts, as the peers' rows compile their runtime libraries from node_modules; without a
  // build (or with --small) it falls back to the sources.
  const generated = opts.small ? undefined : generatedOnlyProject(repo, work, specs, path.join(repo, "tsconfig.base.json"));
  const fromSource = () => measure(node, [tscBin, "-p", tsconfig("mpkit", mpkitTsc)], { cwd: repo });
  const tscContestants = {
    mpkit: generated ? () => measure(node, [tscBin, "-p", generated], { cwd: repo }) : fromSource,
    "openapi-typescript (types only)": async () => {
      // `--only tsc` has no generate row to write openapi-typescript's output first.
      if (!existsSync(outs.ots)) await genContestants["openapi-typescript (types only)"]();
      return measure(node, [tscBin, "-p", tsconfig("ots", [path.join(outs.ots, "*.ts")])], { cwd: work });
    },
  };
  if (!opts.small) {
    if (generated) tscContestants["mpkit from source (runtimes compiled from packages/core/src, mocks/src)"] = fromSource;
    tscContestants["mpkit clients (packages/*/src with @mpkit/core)"] = () => measure(node, [tscBin, "-p", tsconfig("mpkit-clients", sources.clients)], { cwd: repo });
    const clientsOnly = generated && generatedClientsProject(work, path.join(repo, "tsconfig.base.json"));
    if (clientsOnly) tscContestants["mpkit generated clients only (core as built .d.ts)"] = () => measure(node, [tscBin, "-p", clientsOnly], { cwd: repo });
    const app = appProject(repo, work, specs, path.join(repo, "tsconfig.base.json"));
    if (app) tscContestants["mpkit as an app compiles it (built .d.ts)"] = () => measure(node, [tscBin, "-p", app], { cwd: repo });
  }
  if (genContestants["Orval (fetch client + MSW)"]) {
    // A peer's output that does not compile is still measured (marked † in the table).
    tscContestants["Orval (fetch client + MSW)"] = () =>
      measure(node, [tscBin, "-p", tsconfig("orval", [path.join(outs.orval, "**/*.ts")])], { cwd: repo, allowFail: true });
  }
  if (genContestants["hey-api"]) {
    tscContestants["hey-api"] = () => measure(node, [tscBin, "-p", tsconfig("heyapi", [path.join(outs.heyapi, "**/*.ts")])], { cwd: repo, allowFail: true });
  }

  const calls = opts.small ? 200 : 20_000;
  const probe = (script, args) => {
    const [cmd, argv] = tsxNode(path.join(benchDir, "probes", script), args);
    return measure(cmd, argv, { cwd: repo }).then((r) => ({ ...r, ...JSON.parse(r.out.trim().split("\n").pop()) }));
  };

  const bundle = async (code) => {
    const { build } = await import("esbuild");
    const result = await build({
      stdin: { contents: code, resolveDir: repo, loader: "ts" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      conditions: ["mpkit-source"],
      write: false,
      logLevel: "error",
    });
    return { bytes: gzipSync(result.outputFiles[0].contents, { level: 9 }).length };
  };

  const mockMs = opts.small ? 200 : 3000;
  const prismBin = binOf("@stoplight/prism-cli", "prism");
  const prism = async () => {
    const port = 40000 + Math.floor(Math.random() * 20000);
    const spec = opts.small ? path.join(source, specs[0].spec) : path.join(repo, "specs/invoice/openapi.yaml");
    const started = performance.now();
    const child = spawn(node, [prismBin, "mock", spec, "--host", "127.0.0.1", "--port", String(port), "--dynamic", "false"], {
      stdio: "ignore",
      env: { ...process.env, NO_COLOR: "1" },
    });
    const url = opts.small ? `http://127.0.0.1:${port}/tools` : `http://127.0.0.1:${port}/api/v1/merchants/me`;
    const headers = { Authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" };
    try {
      let first;
      for (;;) {
        try {
          const r = await fetch(url, { headers });
          await r.arrayBuffer();
          first = performance.now() - started;
          break;
        } catch {
          if (performance.now() - started > 60_000) throw new Error("prism did not answer within 60 s");
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      const rate = async (init) => {
        let done = 0;
        const until = performance.now() + mockMs;
        const t = performance.now();
        await Promise.all(
          Array.from({ length: 32 }, async () => {
            while (performance.now() < until) {
              const r = await fetch(init.url, init);
              await r.arrayBuffer();
              done++;
            }
          }),
        );
        return (done / (performance.now() - t)) * 1000;
      };
      const getRate = await rate({ url, headers });
      const postRate = opts.small
        ? getRate
        : await rate({
            url: `http://127.0.0.1:${port}/api/v1/directinvoiceconsents`,
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify({ InvoiceId: "c0b6e35d-9dfb-47d4-9c9c-1cdfd181e0a4" }),
          });
      return { firstAnswerMs: first, getRate, postRate };
    } finally {
      child.kill("SIGTERM");
    }
  };

  // `mpkit mock` (the CLI, delegating to @mpkit/mocks' bundled server) and `prism mock` as
  // processes on the Invoice spec: spawn → first answered request; then requests/s from 32
  // keep-alive connections (GET, then POST, each after a warm-up); peak RSS of the process tree. Both log each request
  // (to /dev/null) and run with their defaults otherwise (mpkit: stateful).
  const serverMs = opts.small ? 300 : 3000;
  const invoiceSpec = path.join(repo, "specs/invoice/openapi.yaml");
  const mockServer = (kind) => async () => {
    const port = 40000 + Math.floor(Math.random() * 20000);
    const [args, base] =
      kind === "mpkit"
        ? [[mpkitBin, "mock", "invoice", "--port", String(port)], `http://127.0.0.1:${port}/invoice-restapi`]
        : [[prismBin, "mock", invoiceSpec, "--host", "127.0.0.1", "--port", String(port), "--dynamic", "false"], `http://127.0.0.1:${port}`];
    const headers = { Authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" };
    const started = performance.now();
    const child = spawn(node, args, { cwd: repo, stdio: "ignore", env: { ...process.env, NO_COLOR: "1", MPKIT_ROOT: repo } });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    try {
      let firstAnswerMs;
      for (;;) {
        try {
          const r = await fetch(`${base}/api/v1/merchants/me`, { headers });
          await r.arrayBuffer();
          firstAnswerMs = performance.now() - started;
          break;
        } catch {
          if (performance.now() - started > 90_000) throw new Error(`${kind} did not answer within 90 s`);
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      // Each mix is warmed up for a third of its measuring time first (JIT, lazily compiled
      // validators), the same for both contestants, so the figure is the steady rate.
      const getMix = { url: `${base}/api/v1/merchants/me`, headers };
      const postMix = {
        url: `${base}/api/v1/directinvoiceconsents`,
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ InvoiceId: "c0b6e35d-9dfb-47d4-9c9c-1cdfd181e0a4" }),
      };
      // Also the server's CPU per answered request over the measured window, which a busy machine
      // distorts less than requests/s.
      const measured = async (mix) => {
        await load({ ...mix, durationMs: serverMs / 3 });
        const before = await cpuMs(child.pid);
        const r = await load({ ...mix, durationMs: serverMs });
        const after = await cpuMs(child.pid);
        const count = Object.values(r.statuses).reduce((a, b) => a + b, 0);
        return { ...r, cpuPerRequest: before === undefined || after === undefined ? undefined : (after - before) / count };
      };
      const get = await measured(getMix);
      const post = await measured(postMix);
      const rssMiB = await peakRssMiB(child.pid);
      return {
        firstAnswerMs,
        getRate: get.perSecond,
        postRate: post.perSecond,
        getCpu: get.cpuPerRequest,
        postCpu: post.cpuPerRequest,
        rssMiB,
        statuses: { GET: get.statuses, POST: post.statuses },
      };
    } finally {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
  };

  const all = [
    {
      id: "generate",
      figure: `regenerate ${specs.length === 1 ? "1 product" : `all ${specs.length} products`} (generated files deleted first)`,
      unit: "s",
      reference: has("orval") ? "Orval (fetch client + MSW)" : "openapi-typescript (types only)",
      goal: "≤ 0.5× Orval",
      contestants: genContestants,
      value: (r) => r.ms,
      memory: true,
    },
    {
      id: "noop",
      figure: "`generate` when nothing changed / `mpkit help`",
      unit: "s",
      goal: "≤ 0.3 s",
      contestants: {
        mpkit: async () => {
          const dir = path.join(work, "noop");
          if (!existsSync(dir)) {
            freshCopy(work, opts.small ? outs.mpkit : source, "noop");
            mkdirSync(path.join(dir, "node_modules"), { recursive: true });
            await measure(node, [mpkitBin, "generate", "--no-docs"], { cwd: dir, env: { MPKIT_ROOT: dir } });
          }
          return measure(node, [mpkitBin, "generate", "--no-docs"], { cwd: dir, env: { MPKIT_ROOT: dir } });
        },
        "mpkit help": () => measure(node, [mpkitBin, "help"]),
      },
      value: (r) => r.ms,
    },
    {
      id: "tsc",
      figure: "`tsc --noEmit` over the generated code, runtimes as built .d.ts like the peers' (CPU)",
      unit: "s",
      reference: "openapi-typescript (types only)",
      goal: "≤ 1.3× types alone",
      contestants: tscContestants,
      value: (r) => r.cpuMs ?? r.ms,
      after: "generate",
    },
    {
      id: "client",
      figure: "client call overhead, fetch stubbed (calls/s)",
      unit: "/s",
      reference: "bare openapi-fetch",
      goal: "≥ 0.9×",
      higherIsBetter: true,
      contestants: { mpkit: () => probe("client.ts", [String(calls), "mpkit"]), "bare openapi-fetch": () => probe("client.ts", [String(calls), "bare"]) },
      value: (r) => r.perSecond,
    },
    {
      id: "size",
      figure: "Invoice client + one call, minified + gzip",
      unit: "B",
      reference: "bare openapi-fetch",
      goal: "≤ 6,000 B",
      contestants: {
        mpkit: () =>
          bundle(`import { createInvoiceClient } from "@mpkit/invoice";\nexport const r = createInvoiceClient({ credentials: { MerchantOidc: "t", IbmClientId: "i", IbmClientSecret: "s" } }).getCurrentMerchant();\n`),
        "bare openapi-fetch": () =>
          bundle(`import createClient from "openapi-fetch";\nexport const r = createClient({ baseUrl: "https://api.sandbox.mobilepay.dk/invoice-restapi" }).GET("/api/v1/merchants/me", { headers: { Authorization: "Bearer t", "x-ibm-client-id": "i", "x-ibm-client-secret": "s" } });\n`),
      },
      value: (r) => r.bytes,
    },
    {
      id: "mocks",
      figure: "mocks: first answer after start (ms); requests/s with 32 in flight, GET / POST",
      unit: "mocks",
      reference: "prism mock",
      goal: "first answer ≤ 0.2×; ≥ 5× requests/s",
      contestants: {
        // firstAnswerMs: from the start of the Node process to the first answer, with @mpkit/mocks
        // built to plain JavaScript as users run it (probes/mocks-built.mjs builds it first).
        mpkit: () => measure(node, [path.join(benchDir, "probes", "mocks-built.mjs"), String(mockMs)], { cwd: repo }).then((r) => ({ ...r, ...JSON.parse(r.out.trim().split("\n").pop()) })),
        "prism mock": prism,
      },
      value: (r) => r.firstAnswerMs,
    },
    {
      id: "server",
      figure: "`mpkit mock` vs `prism mock` (Invoice spec, as processes)",
      unit: "mocks",
      reference: "prism mock",
      goal: "first answer ≤ 0.2×; ≥ 5× requests/s",
      contestants: { "mpkit mock": mockServer("mpkit"), "prism mock": mockServer("prism") },
      value: (r) => r.firstAnswerMs,
    },
    {
      id: "docs",
      figure: "`mpkit docs` / `redocly build-docs` once per spec",
      unit: "s",
      reference: "redocly build-docs once per spec",
      goal: "≤ 1.0×",
      contestants: {
        mpkit: () => {
          const dir = opts.small ? smallRoot() : freshCopy(work, source, "docs-mpkit");
          return measure(node, [mpkitBin, "docs"], { cwd: dir, env: { MPKIT_ROOT: dir } });
        },
        "redocly build-docs once per spec": async () => {
          let total = { ms: 0 };
          for (const p of specs) {
            const r = await measure(node, [binOf("@redocly/cli", "redocly"), "build-docs", path.join(source, p.spec), "-o", path.join(work, "redoc", `${p.name}.html`)], { cwd: work });
            total = { ms: total.ms + r.ms };
          }
          return total;
        },
      },
      value: (r) => r.ms,
    },
  ];
  // Issue 15: first render of each product page of the built site (bench/probes/docs-render.mjs).
  let renderSite;
  all.push({
    id: "docs-render",
    figure: "docs: product page first render in Chromium",
    unit: "render",
    goal: "–",
    contestants: {
      mpkit: async () => {
        if (!renderSite) {
          const dir = opts.small ? smallRoot() : freshCopy(work, source, "docs-render");
          await measure(node, [mpkitBin, "docs"], { cwd: dir, env: { MPKIT_ROOT: dir } });
          renderSite = path.join(dir, "docs", "dist");
        }
        const r = await measure(node, [path.join(benchDir, "probes", "docs-render.mjs"), renderSite, opts.small ? "1" : "3"]);
        return { ...r, ...JSON.parse(r.out.trim().split("\n").pop()) };
      },
    },
    value: (r) => median(Object.values(r.pages).map((p) => p.firstRenderMs)),
  });
  // Issue 16: a large production-like spec (bench/large-spec.mjs), generated and type-checked.
  all.push({
    id: "large",
    figure: "large spec: `generate --no-docs`, then `tsc --noEmit` over its output",
    unit: "large",
    goal: "completes; the output type-checks",
    contestants: {
      mpkit: async () => {
        const dir = path.join(work, "large");
        rmSync(dir, { recursive: true, force: true });
        const spec = writeLargeSpec(dir, { operations: opts.small ? 30 : 200 });
        writeFileSync(
          path.join(dir, "redocly.yaml"),
          "extends:\n  - recommended-strict\nrules:\n  info-license: off\n  info-license-strict: off\napis:\n  large:\n    root: specs/large/openapi.yaml\n",
        );
        const gen = await measure(node, [mpkitBin, "generate", "--no-docs", "--no-cache"], { cwd: dir, env: { MPKIT_ROOT: dir } });
        mkdirSync(path.join(dir, "mocks", "src", "runtime"), { recursive: true });
        // The hand-written modules the generated mocks import, re-exported from this repository.
        for (const module of ["runtime/index", "setup-node", "setup-browser"]) {
          writeFileSync(path.join(dir, "mocks", "src", `${module}.ts`), `export * from ${JSON.stringify(path.join(repo, "mocks", "src", `${module}.js`))};\n`);
        }
        const config = path.join(dir, "tsconfig.json");
        writeFileSync(
          config,
          JSON.stringify({
            extends: path.join(repo, "tsconfig.base.json"),
            compilerOptions: { noEmit: true, baseUrl: ".", paths: { "@mpkit/large": ["./packages/large/src/index.ts"] } },
            include: ["packages/*/src", "mocks/src"],
          }),
        );
        const tsc = await measure(node, [tscBin, "-p", config], { cwd: dir });
        return { ms: gen.ms + tsc.ms, gen, tsc, spec };
      },
    },
    value: (r) => r.ms,
  });
  all.push(mocksSizeRow);
  return all.filter((r) => !opts.only || opts.only.includes(r.id));
}

function fmt(value, unit) {
  if (value === undefined || Number.isNaN(value)) return "–";
  if (unit === "s") return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
  if (unit === "/s") return `${Math.round(value).toLocaleString("en")}/s`;
  if (unit === "B") return `${Math.round(value).toLocaleString("en")} B`;
  return String(Math.round(value));
}

export async function runBench(argv = process.argv.slice(2), log = (line) => process.stderr.write(`${line}\n`)) {
  const opts = parseArgs(argv);
  // Inside the repository, so generated code resolves @mpkit/core, openapi-fetch, msw … from its node_modules.
  mkdirSync(path.join(benchDir, ".work"), { recursive: true });
  const work = mkdtempSync(path.join(benchDir, ".work", "run-"));
  try {
    const table = rows(opts, work);
    const results = new Map(table.map((row) => [row.id, new Map(Object.keys(row.contestants).map((c) => [c, []]))]));
    for (let round = 0; round < opts.rounds; round++) {
      for (const row of table) {
        const names = Object.keys(row.contestants);
        const order = names.map((_, i) => names[(i + round) % names.length]);
        for (const name of order) {
          const r = await row.contestants[name]();
          results.get(row.id).get(name).push(r);
          const extra = row.id === "server" ? ` ms first answer, GET ${Math.round(r.getRate)}/s, POST ${Math.round(r.postRate)}/s, CPU/request GET ${r.getCpu?.toFixed(2)} ms POST ${r.postCpu?.toFixed(2)} ms, ${Math.round(r.rssMiB ?? 0)} MiB, statuses ${JSON.stringify(r.statuses)}` : "";
          log(`  round ${round + 1}/${opts.rounds} ${row.id.padEnd(8)} ${name}: ${fmt(row.value(r), row.unit === "mocks" ? "" : row.unit)}${extra}`);
        }
      }
    }
    const lines = [
      `mpkit bench: ${opts.rounds} interleaved round(s), medians${opts.small ? " (small input: the corpus's tiny-tools product)" : ""}; ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
      "",
      "| figure | mpkit | peers | ratio | goal |",
      "|---|---|---|---|---|",
    ];
    for (const row of table) {
      const res = results.get(row.id);
      const med = (name, pick = row.value) => median(res.get(name).map(pick));
      if (row.id === "mocks") {
        const m = (n, k) => median(res.get(n).map((r) => r[k]));
        lines.push(
          `| mocks: first answer after start | ${fmt(m("mpkit", "firstAnswerMs"), "s")} | \`prism mock\` ${fmt(m("prism mock", "firstAnswerMs"), "s")} | ${(m("mpkit", "firstAnswerMs") / m("prism mock", "firstAnswerMs")).toFixed(2)}× | ≤ 0.2× |`,
          `| mocks: requests/s, 32 concurrent | GET ${fmt(m("mpkit", "getRate"))}, POST ${fmt(m("mpkit", "postRate"))} | Prism GET ${fmt(m("prism mock", "getRate"))}, POST ${fmt(m("prism mock", "postRate"))} | GET ${(m("mpkit", "getRate") / m("prism mock", "getRate")).toFixed(1)}×, POST ${(m("mpkit", "postRate") / m("prism mock", "postRate")).toFixed(1)}× | ≥ 5× |`,
          `| mocks: CPU per request, in-process (the client's share included) | GET ${m("mpkit", "getCpu")?.toFixed(2)} ms, POST ${m("mpkit", "postCpu")?.toFixed(2)} ms | – | – | – |`,
        );
        continue;
      }
      if (row.id === "server") {
        const m = (n, k) => median(res.get(n).map((r) => r[k]));
        const a = "mpkit mock";
        const b = "prism mock";
        lines.push(
          `| \`mpkit mock\`: spawn to first answer | ${fmt(m(a, "firstAnswerMs"), "s")} | \`prism mock\` ${fmt(m(b, "firstAnswerMs"), "s")} | ${(m(a, "firstAnswerMs") / m(b, "firstAnswerMs")).toFixed(2)}× | ≤ 0.2× |`,
          `| \`mpkit mock\`: requests/s, 32 connections | GET ${fmt(m(a, "getRate"), "/s")}, POST ${fmt(m(a, "postRate"), "/s")} | Prism GET ${fmt(m(b, "getRate"), "/s")}, POST ${fmt(m(b, "postRate"), "/s")} | GET ${(m(a, "getRate") / m(b, "getRate")).toFixed(1)}×, POST ${(m(a, "postRate") / m(b, "postRate")).toFixed(1)}× | ≥ 5× |`,
          `| \`mpkit mock\`: server CPU per request | GET ${m(a, "getCpu")?.toFixed(2)} ms, POST ${m(a, "postCpu")?.toFixed(2)} ms | Prism GET ${m(b, "getCpu")?.toFixed(2)} ms, POST ${m(b, "postCpu")?.toFixed(2)} ms | GET ${(m(b, "getCpu") / m(a, "getCpu")).toFixed(1)}×, POST ${(m(b, "postCpu") / m(a, "postCpu")).toFixed(1)}× less | – |`,
          `| \`mpkit mock\`: peak memory (RSS) | ${Math.round(m(a, "rssMiB"))} MiB | Prism ${Math.round(m(b, "rssMiB"))} MiB | ${(m(a, "rssMiB") / m(b, "rssMiB")).toFixed(2)}× | – |`,
        );
        continue;
      }
      if (row.id === "docs-render") {
        const runs = res.get("mpkit");
        lines.push(`| ${row.figure}: ${runs[0].definition} | ${Object.keys(runs[0].pages).map((p) => `${p} ${fmt(median(runs.flatMap((r) => r.pages[p].loads)), "s")} (${(runs[0].pages[p].bytes / 1e6).toFixed(2)} MB)`).join("; ")} | – | – | ${row.goal} |`);
        continue;
      }
      if (row.id === "large") {
        const runs = res.get("mpkit");
        const m = (pick) => median(runs.map(pick));
        const { spec } = runs[0];
        lines.push(
          `| large spec (${spec.operations} operations, ${(spec.bytes / 1e6).toFixed(2)} MB): generate / \`tsc\` over its output (wall, CPU, peak RSS) | ${fmt(m((r) => r.gen.ms), "s")} (CPU ${fmt(m((r) => r.gen.cpuMs ?? Number.NaN), "s")}), ${Math.round(m((r) => r.gen.rssMiB ?? 0))} MiB / ${fmt(m((r) => r.tsc.ms), "s")} (CPU ${fmt(m((r) => r.tsc.cpuMs ?? Number.NaN), "s")}), ${Math.round(m((r) => r.tsc.rssMiB ?? 0))} MiB | – | – | ${row.goal} |`,
        );
        continue;
      }
      if (row.render) {
        lines.push(row.render(res.get("mpkit")));
        continue;
      }
      if (row.id === "noop") {
        lines.push(`| ${row.figure} | ${fmt(med("mpkit"), "s")} / ${fmt(med("mpkit help"), "s")} | – | – | ${row.goal} |`);
        continue;
      }
      const peers = Object.keys(row.contestants).filter((n) => n !== "mpkit");
      const mem = (n) =>
        (row.memory && res.get(n)[0]?.rssMiB ? `, ${Math.round(median(res.get(n).map((r) => r.rssMiB ?? 0)))} MiB` : "") +
        (res.get(n).some((r) => r.failed) ? " †" : "");
      const ref = med(row.reference);
      const ratio = row.higherIsBetter ? med("mpkit") / ref : med("mpkit") / ref;
      lines.push(
        `| ${row.figure} | ${fmt(med("mpkit"), row.unit)}${mem("mpkit")} | ${peers.map((p) => `${p} ${fmt(med(p), row.unit)}${mem(p)}`).join("; ")} | ${ratio.toFixed(2)}× ${row.reference.split(" (")[0]} | ${row.goal} |`,
      );
    }
    if ([...results.values()].some((byName) => [...byName.values()].some((rs) => rs.some((r) => r.failed)))) {
      lines.push("", "† that tool's output does not compile: the time is until `tsc` finished reporting its errors.");
    }
    const markdown = lines.join("\n") + "\n";
    if (opts.out) writeFileSync(opts.out, markdown);
    return markdown;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(await runBench());
}
