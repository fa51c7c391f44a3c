/**
 * `@mpkit/mocks/data`: bodies generated from the spec's schemas with realistic values (names,
 * amounts, dates, Danish phone numbers) from @faker-js/faker, deterministic by seed. Its own entry,
 * loaded only when an override asks for `items` or `generate`, so the mocks cost nothing more
 * without it. Values are checked against the schema by the caller; a body that fails falls back
 * to plainer values (without the optional fields, then the schema's own examples), so what is
 * answered is always valid against the spec.
 */
import { fakerDA as faker } from "@faker-js/faker";
import { type MockDataSource, minimalLeaf, sampleSchema, type SampleStrategy, type Schema } from "./runtime/index.js";

const plain = (name: string | undefined) => (name ?? "").replace(/[_.-]/g, "").toLowerCase();

function inLimits(schema: Schema, value: string): string | undefined {
  let v = value;
  if (typeof schema.maxLength === "number" && v.length > schema.maxLength) v = v.slice(0, schema.maxLength);
  if (typeof schema.minLength === "number" && v.length < schema.minLength) v = v.padEnd(schema.minLength, "0");
  if (typeof schema.pattern === "string") {
    try {
      if (!new RegExp(schema.pattern, "u").test(v)) return undefined;
    } catch {
      return undefined;
    }
  }
  return v;
}

function number(schema: Schema, name: string, integer: boolean): number {
  const lo = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + (integer ? 1 : 0.01) : undefined;
  const hi = typeof schema.maximum === "number" ? schema.maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - (integer ? 1 : 0.01) : undefined;
  const money = /amount|price|total|sum/.test(name);
  const min = lo ?? (money ? 1 : 0);
  const max = Math.max(min, Math.min(hi ?? (money ? 5000 : 1000), min + (money ? 5000 : 1000)));
  if (integer) return faker.number.int({ min: Math.ceil(min), max: Math.floor(max) });
  if (typeof schema.multipleOf === "number" && schema.multipleOf > 0) {
    const step = schema.multipleOf;
    return Math.round(faker.number.int({ min: Math.ceil(min / step), max: Math.floor(max / step) }) * step * 1e6) / 1e6;
  }
  return faker.number.float({ min, max, fractionDigits: 2 });
}

function text(schema: Schema, name: string, now: Date): string | undefined {
  const around = (days: number) => faker.date.between({ from: now.getTime() - days * 86_400_000, to: now.getTime() + days * 86_400_000 });
  switch (schema.format) {
    case "uuid":
      return faker.string.uuid();
    case "date-time":
      return around(30).toISOString();
    case "date":
      return around(30).toISOString().slice(0, 10);
    case "email":
      return faker.internet.email().toLowerCase();
    case "uri":
    case "url":
      return faker.internet.url();
    default:
  }
  if (/phone|mobile|alias/.test(name)) return `+45${faker.string.numeric(8)}`;
  if (/firstname/.test(name)) return faker.person.firstName();
  if (/lastname|surname/.test(name)) return faker.person.lastName();
  if (/merchant|company|issuer|brand|shop|store/.test(name) && /name/.test(name)) return faker.company.name();
  if (/name/.test(name)) return faker.person.fullName();
  if (/description|title|article|text|comment|reason|message/.test(name)) return faker.commerce.productName();
  if (/currency/.test(name)) return "DKK";
  if (/country/.test(name)) return "DK";
  if (/city/.test(name)) return faker.location.city();
  if (/zip|postal/.test(name)) return faker.location.zipCode("####");
  if (/address|street/.test(name)) return faker.location.streetAddress();
  if (/url|uri|link|redirect/.test(name)) return faker.internet.url();
  if (/email/.test(name)) return faker.internet.email().toLowerCase();
  if (/number|reference|orderid|ref$/.test(name)) return faker.string.alphanumeric({ length: 10, casing: "upper" });
  return faker.lorem.word();
}

function fromPattern(schema: Schema): string | undefined {
  if (typeof schema.pattern !== "string") return undefined;
  // fromRegExp reads escapes literally: digits and words become classes, escaped signs one-sign classes.
  let body = schema.pattern
    .replace(/^\^/, "")
    .replace(/\$$/, "")
    .replace(/\\d/g, "[0-9]")
    .replace(/\\w/g, "[a-zA-Z0-9_]")
    .replace(/\\([.+*?()[\]{}|^$/-])/g, "[$1]");
  // fromRegExp knows no alternation: pick one top-level alternative (of `(a|b)` or `a|b`) first.
  const split = (re: string) => {
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < re.length; i++) {
      const c = re[i];
      if (c === "\\") i++;
      else if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "|" && depth === 0) (parts.push(re.slice(start, i)), (start = i + 1));
    }
    return [...parts, re.slice(start)];
  };
  // Innermost groups with alternatives become one of them, until none is left.
  for (let guard = 0; guard < 20; guard++) {
    const group = /\((?:\?:)?([^()\\]*\|[^()\\]*)\)/.exec(body);
    if (!group) break;
    body = body.slice(0, group.index) + faker.helpers.arrayElement(split(group[1]!)) + body.slice(group.index + group[0].length);
  }
  try {
    return faker.helpers.fromRegExp(faker.helpers.arrayElement(split(body)));
  } catch {
    return undefined;
  }
}

function strategy(now: Date, items: number | undefined, optional: boolean): SampleStrategy {
  return {
    now,
    optional: () => optional && faker.datatype.boolean({ probability: 0.7 }),
    choose: (count) => faker.number.int({ min: 0, max: count - 1 }),
    // The answer's own list (top level, or a list field of the top-level object) gets `items`.
    length: (_schema, _name, depth) => (depth <= 1 && items !== undefined ? items : faker.number.int({ min: 1, max: 3 })),
    leaf(schema, rawName) {
      const name = plain(rawName);
      const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
      if (type === "boolean") return faker.datatype.boolean();
      if (type === "integer" || type === "number") return number(schema, name, type === "integer");
      if (type !== "string" && type !== undefined) return undefined;
      // A value from the pattern itself, else one from the field's name, whichever fits the limits.
      const candidates = [fromPattern(schema), text(schema, name, now)];
      for (const candidate of candidates) {
        const fits = candidate === undefined ? undefined : inLimits(schema, candidate);
        if (fits !== undefined) return fits;
      }
      return minimalLeaf(schema, now);
    },
  };
}

/**
 * The fake-data generator the mocks' `data` option takes.
 * @example
 * createMockWorker({ data: () => import("@mpkit/mocks/data") }).mocks.invoice.use({ listInvoiceIssuers: { items: 25 } });
 */
export const fakeData: MockDataSource = {
  generate(document, pointer, { seed, items, now, valid }) {
    const attempts: SampleStrategy[] = [strategy(now, items, true), strategy(now, items, false)];
    for (const s of attempts) {
      faker.seed(seed);
      const value = sampleSchema(document, pointer, s);
      if (!valid || valid(value)) return value;
    }
    // The plainest: the schema's own examples and limits, still `items` long.
    return sampleSchema(document, pointer, { now, length: (_s, _n, depth) => (depth <= 1 && items !== undefined ? items : 1) });
  },
};
