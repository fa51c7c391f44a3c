/**
 * What the runtime takes from MSW without MSW's root entry (runtime/msw-core.ts) stays what MSW
 * itself does: the handler class, `bypass`'s mark and the asset test, compared with MSW's own.
 */
import { bypass as mswBypass, HttpHandler as MswHttpHandler, isCommonAssetRequest as mswIsCommonAssetRequest } from "msw";
import { describe, expect, it } from "vitest";
import { bypass, HttpHandler, isCommonAssetRequest } from "../src/runtime/msw-core.js";

describe("msw-core", () => {
  it("is MSW's HttpHandler class", () => {
    expect(HttpHandler).toBe(MswHttpHandler);
  });

  it("marks a bypassed request as MSW's bypass does, keeping the original readable", async () => {
    const original = new Request("https://merchant.test/hook", { method: "POST", headers: { Accept: "application/json", "X-A": "1" }, body: "{}" });
    const ours = bypass(original);
    const theirs = mswBypass(original.clone());
    expect([...ours.headers]).toEqual([...theirs.headers]);
    expect([ours.method, ours.url, await ours.text()]).toEqual([theirs.method, theirs.url, await theirs.text()]);
    expect(await original.text()).toBe("{}");
  });

  it("tells asset requests apart as MSW does", () => {
    const urls = [
      "https://api.test/v1/invoices",
      "https://app.test/main.js",
      "https://app.test/styles/site.css",
      "https://app.test/node_modules/x/index.mjs",
      "https://app.test/@vite/client",
      "https://fonts.googleapis.com/css2?family=Inter",
      "https://app.test/logo.SVG",
      "https://api.test/v1/report.pdf",
      "https://app.test/data.json",
      "file:///tmp/page.html",
      "https://api.test/v1/merchants/me",
    ];
    for (const url of urls) expect([url, isCommonAssetRequest(new Request(url))]).toEqual([url, mswIsCommonAssetRequest(new Request(url))]);
  });
});
