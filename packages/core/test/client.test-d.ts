import { describe, expectTypeOf, it } from "vitest";
import { type ApiError, createShopClient, type Item, isShopApiError, type ShopOperationError } from "./shop-fixture.js";

const shop = createShopClient();

describe("generated method types", () => {
  it("flatten path and query parameters and require what the spec requires", () => {
    expectTypeOf(shop.getItem).parameter(0).toEqualTypeOf<{ itemId: string }>();
    expectTypeOf(shop.listItems).parameter(0).toMatchTypeOf<{ colour: "red" | "green"; limit?: number }>();
    // @ts-expect-error: colour is required
    void shop.listItems({ limit: 1 });
    // @ts-expect-error: not one of the enum values
    void shop.listItems({ colour: "blue" });
    // @ts-expect-error: the body is required
    void shop.createItem({});
    // @ts-expect-error: price must be a number
    void shop.createItem({ body: { name: "x", price: "1" } });
  });

  it("resolve to the 2xx body type", () => {
    expectTypeOf(shop.getItem).returns.resolves.toEqualTypeOf<Item>();
    expectTypeOf(shop.createItem).returns.resolves.toEqualTypeOf<Item>();
    expectTypeOf(shop.deleteItem).returns.resolves.toEqualTypeOf<undefined>();
    expectTypeOf(shop.getItemLabel).returns.resolves.toEqualTypeOf<Blob>();
  });

  it("narrow errors to the operation's documented error bodies", () => {
    const error: unknown = undefined;
    if (isShopApiError(error, "getItem")) {
      expectTypeOf(error).toExtend<ApiError<ShopOperationError<"getItem">>>();
      expectTypeOf(error.body.code).toEqualTypeOf<"invalid_request" | "unauthorized" | "not_found">();
      expectTypeOf(error.status).toEqualTypeOf<404>();
    }
  });

  it("type credentials by the spec's security scheme names", () => {
    createShopClient({ credentials: { Token: () => "t", ClientId: "c" } });
    // @ts-expect-error: no such security scheme
    createShopClient({ credentials: { Bearer: "t" } });
  });
});
