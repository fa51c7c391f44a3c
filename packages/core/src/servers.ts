/**
 * Server variables (`https://{host}/v{version}`): filled from the configuration's
 * `serverVariables`, else their defaults, and checked against their enums. A module of its
 * own, passed to the runtime only by clients of products whose servers have variables.
 */
import type { ClientConfig, ServerFiller } from "./config.js";
import type { ProductDescriptor } from "./descriptor.js";
import { ConfigurationError } from "./errors.js";
import { own } from "./own.js";

/** A server URL template with its variables filled in; a configured name that is no variable of the product is refused. */
export const fillServer: ServerFiller = (product: ProductDescriptor, template: string, config: ClientConfig): string => {
  const all = product.serverVariables ?? {};
  const known = new Set(Object.values(all).flatMap((variables) => Object.keys(variables)));
  const unknown = Object.keys(config.serverVariables ?? {}).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new ConfigurationError(`${product.title} has no server variable ${unknown.join(", ")}; it has: ${[...known].join(", ")}`);
  const variables = own(all, template);
  return template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const variable = variables === undefined ? undefined : own(variables, name);
    const value = (config.serverVariables === undefined ? undefined : own(config.serverVariables, name)) ?? variable?.default;
    if (value === undefined) throw new ConfigurationError(`${product.title}: the server URL ${template} has no value for {${name}}`);
    if (variable?.enum && !variable.enum.includes(value)) {
      throw new ConfigurationError(`${product.title}: server variable ${name} must be one of ${variable.enum.join(", ")}, not "${value}"`);
    }
    return value;
  });
};
