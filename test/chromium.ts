/**
 * Headless Chromium for the browser tests, through playwright-core and the system's Debian
 * `chromium` (installed by .ci/run; `apt-get install chromium` on a developer machine).
 * Nothing is downloaded.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.MPKIT_CHROMIUM ?? "/usr/bin/chromium";

/** `args`: extra Chromium switches (e.g. `--renderer-process-limit=1`, so pages share one V8 compile cache). */
export async function launchChromium({ args = [] }: { args?: readonly string[] } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set MPKIT_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      ...args,
    ],
  });
}
