/**
 * Several product mocks seen as one: `mocks.use({ product: { someOperation: { status: 404 } } })`,
 * `mocks.useScenario("errors")` for every product at once. The controls are non-enumerable, so
 * `Object.values(mocks)` still lists only the product mocks.
 */
import type { ScenarioControls } from "./scenarios.js";

/** Per product: the overrides its `use()` accepts. */
export type OverridesOf<Products> = {
  [K in keyof Products]?: Products[K] extends ScenarioControls<infer O> ? O : never;
};

export interface CombinedControls<Products> {
  /** Overrides by product, then by operationId: `use({ product: { someOperation: { body } } })`. */
  use(overrides: OverridesOf<Products>): void;
  /** Switches every product to the scenario (all products know the built-in ones). */
  useScenario(name: string): void;
  /** The scenario in force (the first product's). */
  readonly scenario: string;
  /** The scenarios every product knows. */
  readonly scenarios: readonly string[];
  /** Every product's `resetOverrides()`. */
  resetOverrides(): void;
}

export type CombinedMocks<Products> = Products & CombinedControls<Products>;

/** Control names a product may not be called: they would hide it. */
export const COMBINED_CONTROLS = ["use", "useScenario", "scenario", "scenarios", "resetOverrides"] as const;

export function combineMocks<Products extends { [K in keyof Products]: ScenarioControls<never> }>(products: Products): CombinedMocks<Products> {
  const list = () => Object.values(products) as ScenarioControls<unknown>[];
  const controls: CombinedControls<Products> = {
    use(overrides) {
      if (overrides === null || typeof overrides !== "object") throw new TypeError("use() takes overrides by product: { product: { operationId: … } }");
      const unknown = Object.keys(overrides).filter((k) => !Object.hasOwn(products, k));
      if (unknown.length > 0) throw new TypeError(`no product mock ${unknown.map((k) => `"${k}"`).join(", ")}; known: ${Object.keys(products).join(", ")}`);
      for (const [name, value] of Object.entries(overrides)) {
        if (value !== undefined) (products[name as keyof Products] as unknown as ScenarioControls<unknown>).use(value);
      }
    },
    useScenario(name) {
      // Checked on every product before any switches.
      for (const product of list()) if (!product.scenarios.includes(name)) product.useScenario(name);
      for (const product of list()) product.useScenario(name);
    },
    get scenario() {
      return list()[0]?.scenario ?? "happy";
    },
    get scenarios() {
      const [first, ...rest] = list();
      return (first?.scenarios ?? []).filter((s) => rest.every((p) => p.scenarios.includes(s)));
    },
    resetOverrides() {
      for (const product of list()) product.resetOverrides();
    },
  };
  for (const name of COMBINED_CONTROLS) {
    Object.defineProperty(products, name, { ...Object.getOwnPropertyDescriptor(controls, name)!, enumerable: false, configurable: true });
  }
  return products as CombinedMocks<Products>;
}
