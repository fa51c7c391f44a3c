/**
 * Where a product's error bodies carry their code and message, read from the spec's
 * `x-mpkit-mock-errors` templates: the message is the field whose template value is
 * `{message}`; the code is a field named like one (`error_code`, `errorCode`, `code`, `error`)
 * holding a fixed value. The client runtime puts both into `ApiError.message`.
 */
import type { ProductModel } from "../model/model.js";

/** Code field names, most specific first: the runtime uses the first one a body fills. */
const CODE_NAMES = ["error_code", "errorCode", "code", "error"];
const PLACEHOLDER = /^\{[A-Za-z]+\}$/;

export interface ErrorFieldsModel {
  code?: string[][];
  message?: string[][];
}

export function errorFields(product: ProductModel): ErrorFieldsModel | undefined {
  const message: string[][] = [];
  const code: string[][] = [];
  const add = (list: string[][], path: string[]) => {
    if (!list.some((known) => known.join("\u0000") === path.join("\u0000"))) list.push(path);
  };
  for (const template of Object.values(product.mockErrors)) {
    // Depth-first over the template (templates are small, hand-written objects).
    const stack: [unknown, string[]][] = [[template, []]];
    while (stack.length > 0) {
      const [value, path] = stack.pop()!;
      if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
      const entries = Object.entries(value);
      for (const [key, item] of entries) {
        if (item === "{message}") add(message, [...path, key]);
      }
      for (const name of CODE_NAMES) {
        const item = (value as Record<string, unknown>)[name];
        if (!Object.hasOwn(value, name)) continue;
        if (item === null || typeof item === "number" || (typeof item === "string" && !PLACEHOLDER.test(item))) add(code, [...path, name]);
      }
      for (const [key, item] of entries.reverse()) stack.push([item, [...path, key]]);
    }
  }
  code.sort((a, b) => CODE_NAMES.indexOf(a.at(-1)!) - CODE_NAMES.indexOf(b.at(-1)!) || a.length - b.length);
  if (message.length === 0 && code.length === 0) return undefined;
  return { ...(code.length > 0 ? { code } : {}), ...(message.length > 0 ? { message } : {}) };
}
