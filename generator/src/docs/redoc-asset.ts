/**
 * Redoc's standalone bundle (shipped inside @redocly/cli), turned into one classic script the
 * product pages share. Module scripts do not load from file:// in Chromium, so the trailing
 * `export` becomes a global, and the bare `import.meta`s (in worker branches Redoc never takes in a page) go. The
 * attribution logo Redoc fetches from Redocly's CDN is replaced by an empty data: image, which
 * Redoc hides when it fails to decode: no request leaves the site.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as path from "node:path";

const require = createRequire(import.meta.url);

export const REDOC_GLOBAL = "MpkitRedoc";

function replaceExactly(source: string, pattern: RegExp, replacement: string, expected: number | "some", what: string): string {
  let count = 0;
  const result = source.replace(pattern, () => {
    count += 1;
    return replacement;
  });
  if (expected === "some" ? count === 0 : count !== expected) {
    throw new Error(`Redoc bundle: expected ${expected} ${what}, found ${count}; the Redoc version changed, update generator/src/docs/redoc-asset.ts`);
  }
  return result;
}

export async function redocScript(): Promise<string> {
  const file = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "lib", "chunks", "redoc.standalone.js");
  let source = await readFile(file, "utf8");
  source = replaceExactly(source, /export\s*\{\s*RedocStandalone\s*,\s*hydrate\s*,\s*init\s*\}\s*;?\s*$/, `window.${REDOC_GLOBAL}={RedocStandalone,hydrate,init};\n`, 1, "trailing export");
  source = replaceExactly(source, /(?<!["`'])import\.meta\b/g, `({url:"",dirname:""})`, 2, "bare import.meta");
  source = replaceExactly(source, /https:\/\/cdn\.redoc\.ly\/[A-Za-z0-9/._-]+/g, "data:,", "some", "CDN image URLs");
  // (cdn.redocly.com icon sets are only fetched for specs that name icons; the browser test checks no request leaves.)
  return source;
}
