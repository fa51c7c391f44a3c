/** Made at build time by build-docs.ts: every product's client factory, by product name. */
declare module "mpkit-docs:clients" {
  export const clients: Record<string, (config: Record<string, unknown>) => unknown>;
}
