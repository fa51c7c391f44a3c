/**
 * Lookups in tables keyed by names from a spec or a caller (operations, environments, security
 * schemes, credentials, inputs). Only the table's own entries count: a name such as `toString`,
 * `constructor` or `__proto__` never finds a member of `Object.prototype`.
 */
export function own<T>(table: Readonly<Partial<Record<string, T>>> | undefined, key: string): T | undefined {
  return table !== undefined && table !== null && Object.hasOwn(table, key) ? table[key] : undefined;
}
