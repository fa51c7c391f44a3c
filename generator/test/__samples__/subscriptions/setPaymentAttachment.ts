// The docs' TypeScript sample of subscriptions.setPaymentAttachment (generator/src/docs/samples.ts),
// type-checked by the repository's tsc. Generated: do not edit; run `npx vitest run generator/test/docs.test.ts -u`.
import { createSubscriptionsClient } from "@mpkit/subscriptions";

const subscriptions = createSubscriptionsClient({
  environment: "sandbox",
  credentials: {
    MerchantOidc: process.env.MP_MERCHANT_OIDC ?? "",
    IbmClientId: process.env.MP_IBM_CLIENT_ID ?? "",
    IbmClientSecret: process.env.MP_IBM_CLIENT_SECRET ?? "",
  },
  headers: {
    "Merchant-Serial-Number": "0",
  },
});

const result = await subscriptions.setPaymentAttachment({
  providerId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  paymentId: "63679ab7-cc49-4f75-80a7-86217fc105ea",
  body: {
    generate_pdf: true,
    attachment_details: {
      document_title: "Receipt",
      hide_payment_point_address: false,
      consumer_name: "Jens Hansen",
      consumer_phone_number: "4557373259",
      consumer_address_lines: [
        "Jagtvej 14",
        "2200 København N"
      ],
      total_amount: 249,
      total_vat_amount: 49.8,
      total_amount_ex_vat: 199.2,
      issue_date: "2024-02-01",
      due_date: "2024-02-01",
      invoice_number: "INV-2024-02-00042",
      merchant_contact_name: "Fitness Club Nørrebro",
      payment_reference: "INV-2024-02-00042",
      comment: "Thank you for training with us.\nSee you in the club.",
      articles: [
        {
          article_number: "MBR-BASIC",
          article_description: "Basic membership, February 2024",
          vat_rate: 25,
          total_vat_amount: 49.8,
          total_price_including_vat: 249,
          unit: "month",
          quantity: 1,
          price_per_unit: 199.2
        }
      ]
    }
  }
});
console.log(result);
