// The docs' TypeScript sample of invoice.createInvoiceLinkBatch (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createInvoiceClient } from "@mpkit/invoice";

const invoice = createInvoiceClient({
  environment: "sandbox",
  credentials: {
    MerchantOidc: process.env.MP_MERCHANT_OIDC ?? "",
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
});

const result = await invoice.createInvoiceLinkBatch({
  merchantId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: [
    {
      InvoiceIssuer: "efd08c19-24cf-4833-a4a4-bfa7bd58fbb2",
      ConsumerAlias: {
        Alias: "+4577007700",
        AliasType: "Phone"
      },
      ConsumerName: "Consumer Name",
      TotalAmount: 360,
      TotalVatAmount: 72,
      ConsumerAddressLines: [
        "Paradisæblevej 13",
        "CC-1234 Andeby",
        "WONDERLAND"
      ],
      DeliveryAddressLines: [
        "Østerbrogade 120",
        "CC-1234 Andeby",
        "WONDERLAND"
      ],
      InvoiceNumber: "301",
      IssueDate: "2026-01-05",
      DueDate: "2026-02-02",
      OrderDate: "2025-12-29",
      DeliveryDate: "2026-01-03",
      Comment: "Any comment",
      MerchantContactName: "Snowboard gear shop",
      MerchantOrderNumber: "938",
      BuyerOrderNumber: "631",
      PaymentReference: "186",
      RedirectUrl: "https://ProvidedUrl.com/",
      InvoiceArticles: [
        {
          ArticleNumber: "1-123",
          ArticleDescription: "Process Flying V Snowboard",
          VATRate: 25,
          TotalVATAmount: 72,
          TotalPriceIncludingVat: 360,
          Unit: "1",
          Quantity: 1,
          PricePerUnit: 288,
          PriceReduction: 0,
          PriceDiscount: 0,
          Bonus: 5
        }
      ]
    },
    {
      InvoiceIssuer: "efd08c19-24cf-4833-a4a4-bfa7bd58fbb2",
      TotalAmount: 120,
      TotalVatAmount: 24,
      InvoiceNumber: "302",
      DueDate: "2026-02-02",
      RedirectUrl: "https://ProvidedUrl.com/",
      InvoiceArticles: [
        {
          ArticleNumber: "1-456",
          ArticleDescription: "Snowboard wax kit",
          TotalPriceIncludingVat: 120,
          Quantity: 1,
          PricePerUnit: 96
        }
      ]
    }
  ]
});
console.log(result);
