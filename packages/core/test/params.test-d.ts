/** Issue 16's types: multipart bodies, credential-filled headers, server variables in the configuration. */
import { describe, expectTypeOf, it } from "vitest";
import type { ClientConfig, OperationInput } from "../src/index.js";
import type { ContentOf, RequestContentOf } from "../src/types.js";

type Upload = { file: Blob; title: string; tags?: string[] };

describe("issue 16 types", () => {
  it("a multipart body is its object of fields (files as Blob) or a FormData", () => {
    expectTypeOf<ContentOf<{ "multipart/form-data": Upload }>>().toEqualTypeOf<Upload>();
    expectTypeOf<RequestContentOf<{ "multipart/form-data": Upload }>>().toEqualTypeOf<Upload | FormData>();
    // JSON first when a body offers several; the others as FormData or URLSearchParams.
    expectTypeOf<RequestContentOf<{ "application/json": { a: 1 }; "multipart/form-data": Upload; "application/x-www-form-urlencoded": { a: 1 } }>>().toEqualTypeOf<
      { a: 1 } | FormData | URLSearchParams
    >();
  });

  it("a header a credential fills is optional", () => {
    type Op = { parameters: { header: { "X-Api-Key": string } }; responses: {} };
    expectTypeOf<OperationInput<Op, "X-Api-Key">>().toEqualTypeOf<{ headers?: { "X-Api-Key"?: string } }>();
  });

  it("server variables are keyed by the product's variable names", () => {
    type Config = ClientConfig<"sandbox", "Key", "host" | "version">;
    expectTypeOf<Config["serverVariables"]>().toEqualTypeOf<Partial<Record<"host" | "version", string>> | undefined>();
    // @ts-expect-error: not a variable of the product
    const wrong: Config = { serverVariables: { hots: "x" } };
    void wrong;
  });
});
