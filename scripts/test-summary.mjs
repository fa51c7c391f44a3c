#!/usr/bin/env node
// Prints the test summary CI reads, as one line "N passed, N failed", from vitest's JSON report.
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2] ?? "reports/vitest.json";
if (!existsSync(file)) {
  console.log("0 passed, 1 failed");
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, "utf8"));
// A test file that failed to load counts as a failure even though it ran no test.
const brokenFiles = (report.testResults ?? []).filter((r) => r.status === "failed" && (r.assertionResults ?? []).length === 0).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
console.log(`${report.numPassedTests ?? 0} passed, ${failed} failed`);
