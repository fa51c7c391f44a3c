#!/usr/bin/env node
// Runs the TypeScript sources of the generator directly through tsx: no build step before `npm run generate`.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
