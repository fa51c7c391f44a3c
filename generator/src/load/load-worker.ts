/**
 * The entry of the load worker thread (worker-pool.ts): CommonJS dependencies load from the
 * code cache the main thread writes (`cli/compile-cache.ts`), then `worker-jobs.ts` takes jobs.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { compileCacheDir, enableCompileCache } from "../cli/compile-cache.js";

enableCompileCache(compileCacheDir(path.dirname(fileURLToPath(import.meta.url))), { write: false });
await import("./worker-jobs.js");
