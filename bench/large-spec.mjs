#!/usr/bin/env node
/**
 * Writes a large OpenAPI 3.1 spec for the scale check (issue 16): `resources` × 5 operations
 * (list with paging and filters, create, read, partial update, delete) over varied shapes —
 * nested objects, arrays, enums, formats, nullable fields, `allOf`, free-form maps — with descriptions and examples, as production specs have them. Deterministic:
 * the same arguments give the same bytes.
 *
 *   node bench/large-spec.mjs [--operations N] [--out dir]    (default 200 operations, ≥ 1.5 MB)
 *
 * The folder gets `specs/large/openapi.yaml` and a `redocly.yaml` declaring it (as product `large`,
 * or `--name`). `npm run bench -- --only large` generates and type-checks it; the 30-operation
 * version is part of the test corpus (generator/test/fixtures/byo/specs/large-30).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const WORDS = (
  "account amount balance batch booking capture card channel charge customer delivery device discount " +
  "entry fee invoice item ledger limit merchant method order owner partner payment payout period plan " +
  "price product receipt refund region request reservation schedule settlement shop status store " +
  "subscription tax terminal ticket token transfer user voucher wallet window"
).split(" ");

/** A small seeded generator (mulberry32), so output never depends on the run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pascal = (s) => s.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const camel = (s) => pascal(s).replace(/^./, (c) => c.toLowerCase());

export function largeSpec({ operations = 200, seed = 16 } = {}) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const sentence = (n) => {
    const words = Array.from({ length: n }, () => pick(WORDS));
    return `${words[0][0].toUpperCase()}${words[0].slice(1)} ${words.slice(1).join(" ")}.`;
  };
  const paragraph = (sentences, words) => Array.from({ length: sentences }, () => sentence(words)).join(" ");
  const resources = Math.max(1, Math.ceil(operations / 5));
  const names = Array.from({ length: resources }, (_, i) => `${WORDS[i % WORDS.length]}${i >= WORDS.length ? `-${Math.floor(i / WORDS.length) + 1}` : ""}`);
  const schemas = {};
  const paths = {};
  const tags = [];
  let count = 0;
  // Shared shapes every resource uses somewhere.
  schemas.Money = {
    type: "object",
    description: "An amount in minor units with its currency.",
    required: ["amount", "currency"],
    properties: { amount: { type: "integer", minimum: 0 }, currency: { type: "string", enum: ["DKK", "EUR", "NOK", "SEK"] } },
  };
  schemas.Address = {
    type: "object",
    description: "A postal address.",
    required: ["street", "city", "country"],
    properties: {
      street: { type: "string", maxLength: 200 },
      city: { type: "string", maxLength: 100 },
      postalCode: { type: ["string", "null"], pattern: "^[0-9A-Z -]{3,10}$" },
      country: { type: "string", pattern: "^[A-Z]{2}$" },
    },
  };
  schemas.Problem = {
    type: "object",
    description: "An error answer.",
    required: ["code", "message"],
    properties: { code: { type: "string" }, message: { type: "string" }, details: { type: "array", items: { type: "string" } } },
  };
  const money = { amount: 1250, currency: "DKK" };
  const address = { street: "Vesterbrogade 1", city: "København", postalCode: "1620", country: "DK" };
  const problem = { code: "invalid", message: "The request is not valid." };

  for (const [index, name] of names.entries()) {
    const Name = pascal(name);
    const idName = `${camel(name)}Id`;
    const tag = Name;
    tags.push({ name: tag, description: paragraph(2, 9) });
    const fieldCount = 25 + Math.floor(rnd() * 16);
    const properties = { id: { type: "string", format: "uuid", readOnly: true, description: `The ${name}'s id.` } };
    const example = { id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}` };
    const createExample = {};
    const required = ["id"];
    for (let f = 0; f < fieldCount; f++) {
      const field = `${camel(pick(WORDS))}${pascal(pick(WORDS))}${f}`;
      const description = paragraph(2 + Math.floor(rnd() * 3), 9 + Math.floor(rnd() * 8));
      let schema;
      let value;
      switch (f % 9) {
        case 0:
          schema = { type: "string", maxLength: 120 };
          value = `${pick(WORDS)} ${pick(WORDS)}`;
          break;
        case 1:
          schema = { type: "integer", minimum: 0, maximum: 1000000 };
          value = Math.floor(rnd() * 1000);
          break;
        case 2:
          schema = { type: "string", enum: ["draft", "active", "paused", "closed"] };
          value = "active";
          break;
        case 3:
          schema = { $ref: "#/components/schemas/Money" };
          value = money;
          break;
        case 4:
          schema = { type: "array", items: { type: "string" }, maxItems: 20 };
          value = [pick(WORDS), pick(WORDS)];
          break;
        case 5:
          schema = { type: ["string", "null"], format: "date-time" };
          value = null;
          break;
        case 6:
          schema = { $ref: "#/components/schemas/Address" };
          value = address;
          break;
        case 7:
          schema = { type: "object", additionalProperties: { type: "string" } };
          value = { note: pick(WORDS) };
          break;
        default:
          schema = { type: "boolean" };
          value = rnd() > 0.5;
      }
      properties[field] = schema.$ref ? { description, allOf: [schema] } : { ...schema, description };
      example[field] = value;
      if (f % 3 === 0) {
        required.push(field);
        createExample[field] = value;
      }
    }
    schemas[Name] = { type: "object", description: paragraph(3, 12), required, properties };
    schemas[`${Name}Input`] = {
      description: `What creating a ${name} takes.`,
      allOf: [
        {
          type: "object",
          required: required.filter((r) => r !== "id"),
          properties: Object.fromEntries(required.filter((r) => r !== "id").map((r) => [r, properties[r]])),
        },
      ],
    };
    schemas[`${Name}Page`] = {
      type: "object",
      required: ["items", "page"],
      properties: { items: { type: "array", items: { $ref: `#/components/schemas/${Name}` } }, page: { type: "integer", minimum: 1 }, next: { type: ["string", "null"] } },
    };
    const errors = (extra = {}) => ({
      "400": { description: "The request is not valid.", content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" }, example: problem } } },
      ...extra,
    });
    const notFound = { "404": { description: `No such ${name}.`, content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" }, example: { code: "not-found", message: "Unknown id." } } } } };
    const idParam = { name: idName, in: "path", required: true, description: `The ${name}'s id.`, schema: { type: "string", format: "uuid" } };
    const base = `/${name}s`;
    const ops = [
      [base, "get", {
        operationId: `list${Name}s`,
        summary: `List ${name}s`,
        description: paragraph(4, 14),
        parameters: [
          { name: "page", in: "query", required: false, description: "Page number, from 1.", schema: { type: "integer", minimum: 1, default: 1 } },
          { name: "pageSize", in: "query", required: false, description: "Items per page.", schema: { type: "integer", minimum: 1, maximum: 100 } },
          { name: "status", in: "query", required: false, description: "Only these states.", schema: { type: "string", enum: ["draft", "active", "paused", "closed"] } },
        ],
        responses: { "200": { description: `A page of ${name}s.`, content: { "application/json": { schema: { $ref: `#/components/schemas/${Name}Page` }, example: { items: [example], page: 1, next: null } } } }, ...errors() },
      }],
      [base, "post", {
        operationId: `create${Name}`,
        summary: `Create a ${name}`,
        description: paragraph(4, 14),
        requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${Name}Input` }, example: createExample } } },
        responses: { "201": { description: "Created.", content: { "application/json": { schema: { $ref: `#/components/schemas/${Name}` }, example } } }, ...errors() },
      }],
      [`${base}/{${idName}}`, "get", {
        operationId: `get${Name}`,
        summary: `Read a ${name}`,
        description: paragraph(3, 14),
        parameters: [idParam],
        responses: { "200": { description: `The ${name}.`, content: { "application/json": { schema: { $ref: `#/components/schemas/${Name}` }, example } } }, ...errors(notFound) },
      }],
      [`${base}/{${idName}}`, "patch", {
        operationId: `update${Name}`,
        summary: `Change a ${name}`,
        description: paragraph(3, 14),
        parameters: [idParam],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: Object.fromEntries(Object.entries(properties).filter(([k]) => k !== "id").slice(0, 4)) }, example: {} } } },
        responses: { "200": { description: `The changed ${name}.`, content: { "application/json": { schema: { $ref: `#/components/schemas/${Name}` }, example } } }, ...errors(notFound) },
      }],
      [`${base}/{${idName}}`, "delete", {
        operationId: `delete${Name}`,
        summary: `Delete a ${name}`,
        description: paragraph(2, 14),
        parameters: [idParam],
        responses: { "204": { description: "Deleted." }, ...errors(notFound) },
      }],
    ];
    for (const [route, method, op] of ops) {
      if (count >= operations) break;
      count += 1;
      paths[route] ??= {};
      paths[route][method] = { tags: [tag], ...op };
    }
  }
  // Drop schemas no kept operation uses (no-unused-components).
  const text = JSON.stringify(paths);
  const used = new Set();
  const visit = (node) => {
    const refs = JSON.stringify(node).matchAll(/#\/components\/schemas\/([A-Za-z0-9]+)/g);
    for (const [, n] of refs) if (!used.has(n)) (used.add(n), visit(schemas[n]));
  };
  visit(paths);
  for (const n of Object.keys(schemas)) if (!used.has(n)) delete schemas[n];
  const usedTags = tags.filter((t) => text.includes(`"tags":["${t.name}"]`));
  return {
    openapi: "3.1.0",
    info: { title: `Large API (${count} operations)`, version: "1.0.0", description: paragraph(6, 14) },
    servers: [{ url: `https://large-${count}.test/api`, description: "The only server." }],
    security: [{ ApiKey: [] }],
    tags: usedTags,
    paths,
    components: { schemas, securitySchemes: { ApiKey: { type: "apiKey", in: "header", name: "X-Api-Key", description: "The API key." } } },
  };
}

/** JSON is YAML; one key per line keeps file:line useful in problem reports. */
export function writeLargeSpec(dir, { operations = 200, name = "large" } = {}) {
  const spec = largeSpec({ operations });
  const file = path.join(dir, "specs", name, "openapi.yaml");
  mkdirSync(path.dirname(file), { recursive: true });
  const text = `${JSON.stringify(spec, null, 1)}\n`;
  writeFileSync(file, text);
  return { file, bytes: Buffer.byteLength(text), operations: Object.values(spec.paths).reduce((n, item) => n + Object.keys(item).length, 0) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
  const dir = path.resolve(value("--out", "."));
  const name = value("--name", "large");
  const result = writeLargeSpec(dir, { operations: Number(value("--operations", "200")), name });
  if (!args.includes("--no-config")) {
    writeFileSync(
      path.join(dir, "redocly.yaml"),
      `extends:\n  - recommended-strict\nrules:\n  info-license: off\n  info-license-strict: off\napis:\n  ${name}:\n    root: specs/${name}/openapi.yaml\n`,
    );
  }
  process.stderr.write(`${path.relative(process.cwd(), result.file)}: ${result.operations} operations, ${(result.bytes / 1e6).toFixed(2)} MB\n`);
}
