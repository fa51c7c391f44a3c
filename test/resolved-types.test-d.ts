/**
 * The generated clients write each operation's input and result type out (`<P>OperationInputs`,
 * `<P>OperationResults`, cheap for the compiler) instead of computing them with the generic
 * `OperationInput`/`OperationResult` of `@mpkit/core`. Here both forms are compared, operation by
 * operation, for every product and every product of the fixture corpus: the written-out types
 * must be identical to what the generic helpers compute.
 */
import type { InputRenames, OperationInput, OperationResult } from "@mpkit/core";
import type * as IntegratorAuth from "@mpkit/integrator-auth";
import type * as Invoice from "@mpkit/invoice";
import type * as Online from "@mpkit/online";
import type * as Payments from "@mpkit/payments";
import type * as Pos from "@mpkit/pos";
import type * as Shop from "@mpkit/shop";
import type * as Subscriptions from "@mpkit/subscriptions";
import type * as TinyTools from "@mpkit/tiny-tools";
import { describe, expectTypeOf, it } from "vitest";

/** True when A and B are identical (the identity vitest's `toEqualTypeOf` uses). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type FilledOf<F, K> = K extends keyof F ? Extract<F[K], string> : never;
type RenamesOf<R, K> = K extends keyof R ? (R[K] extends InputRenames ? R[K] : {}) : {};

/** The operation ids whose written-out input or result differs from the generic helpers' (never when all agree). */
type Mismatches<Ops, Inputs, Results, Filled, Renames = {}> = {
  [K in keyof Inputs]: K extends keyof Ops & keyof Results
    ? Same<Inputs[K], OperationInput<Ops[K], FilledOf<Filled, K>, RenamesOf<Renames, K>>> extends true
      ? Same<Results[K], OperationResult<Ops[K]>> extends true
        ? never
        : K
      : K
    : K;
}[keyof Inputs];

describe("written-out operation types", () => {
  it("equal OperationInput and OperationResult for every operation of the products", () => {
    expectTypeOf<Mismatches<Invoice.operations, Invoice.InvoiceOperationInputs, Invoice.InvoiceOperationResults, Invoice.InvoiceFilledHeaders>>().toEqualTypeOf<never>();
    expectTypeOf<Mismatches<Online.operations, Online.OnlineOperationInputs, Online.OnlineOperationResults, Online.OnlineFilledHeaders>>().toEqualTypeOf<never>();
    expectTypeOf<Mismatches<Pos.operations, Pos.PosOperationInputs, Pos.PosOperationResults, Pos.PosFilledHeaders>>().toEqualTypeOf<never>();
    expectTypeOf<
      Mismatches<IntegratorAuth.operations, IntegratorAuth.IntegratorAuthOperationInputs, IntegratorAuth.IntegratorAuthOperationResults, IntegratorAuth.IntegratorAuthFilledHeaders>
    >().toEqualTypeOf<never>();
    expectTypeOf<
      Mismatches<Subscriptions.operations, Subscriptions.SubscriptionsOperationInputs, Subscriptions.SubscriptionsOperationResults, Subscriptions.SubscriptionsFilledHeaders>
    >().toEqualTypeOf<never>();
  });

  it("have one member per operation of the client", () => {
    expectTypeOf<keyof Invoice.InvoiceOperationInputs>().toEqualTypeOf<Invoice.InvoiceOperationId>();
    expectTypeOf<keyof Pos.PosOperationResults>().toEqualTypeOf<Pos.PosOperationId>();
    expectTypeOf<keyof Subscriptions.SubscriptionsOperationInputs>().toEqualTypeOf<Subscriptions.SubscriptionsOperationId>();
  });

  it("equal them for every operation of the fixture corpus (forms, multipart, binary, cookies, odd names)", () => {
    expectTypeOf<Mismatches<Payments.operations, Payments.PaymentsOperationInputs, Payments.PaymentsOperationResults, Payments.PaymentsFilledHeaders>>().toEqualTypeOf<never>();
    expectTypeOf<Mismatches<Shop.operations, Shop.ShopOperationInputs, Shop.ShopOperationResults, Shop.ShopFilledHeaders>>().toEqualTypeOf<never>();
    expectTypeOf<Mismatches<TinyTools.operations, TinyTools.TinyToolsOperationInputs, TinyTools.TinyToolsOperationResults, TinyTools.TinyToolsFilledHeaders>>().toEqualTypeOf<never>();
  });
});
