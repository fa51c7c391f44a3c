export * from "./server/admin-client.js";
