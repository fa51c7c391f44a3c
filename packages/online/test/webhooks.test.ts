/**
 * The callbacks MobilePay sends to the PSP: for each webhook a sample typed with the payload
 * type exported by @mpkit/online is parsed from JSON and validated with the mocks' validator
 * (`ProductValidator.checkWebhook`, as a PSP's receiving endpoint can use it); the spec's own
 * example validates too, and a broken sample of each is rejected.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type {
  AgreementStateChangedPayload,
  CardUpdateRequestedPayload,
  CheckoutAddressPayload,
  EncryptedCardDataPayload,
  MastercardTokenDataPayload,
  PaymentFailedPayload,
  VisaTokenDataPayload,
} from "@mpkit/online";
import { onlineMock, ProductValidator } from "@mpkit/mocks";
import { beforeAll, describe, expect, it } from "vitest";
import { listProducts, loadProduct } from "../../../generator/src/load/load-spec.js";

const validator = new ProductValidator(onlineMock);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const encryptedCardData: EncryptedCardDataPayload = {
  EncryptedCardData: "IswsAuZu1d+mZDAiJmMjCCZlVq19nQQF0cxbS198ZDMIr9UpNdwC1cJLqahWMm4szXdwvxDCHAq9kr6e4z0tzu0Q4kjIFWQmkFT+HX+DNcp0iVpK5w2yg0N6V5TcMFimkfO0Olll8luJFBLgY96GMyHuZmxFiuEAUi9dH8xyM1DCOepQFCkYW0wOesBnopPYxtD4HPCTs+Ove1tjmpd9NK6Jis7BRpeBnKR0JectFxjehOeMwbPXhJfxZ3FQLKB8Zw3tfBI2l/kDp6nh65aTXGq7ymZdtbdKsFkaD6LbE7fQoMz0W6o23ahGQpWuqhJQg1QxpKHPTDRqpVQcW2NpkTO2sVaYeUhrkcz59TW9ojOZmwJtmFJ1AGNsZx9XNERdtKR8/0zbYMSEt7tv+3idU0Pi8YioPHG35HObcZuju/+tYAP+vASLlfJ1yZWq5FAmrZ7pI/dLOgRdAv2pKgh3rivf1TQ0Z14pwclrMbTg9/vRXF8GKZvZ8rQJqcUbip8xRh48eg1RjSIjSWVAXk9+Y4ADwJOfCYTRleJw07L7/uOR7rFCONpBSUlVqpyfYN6hySGRhu7Ee11ogf4mTmXf1vjNauR9b4r6YQPdal/iQCEkXcuE0HUQ+knPEj05yg1EtghfTSdvJe3qTQJOaFcW0Nw2Gnf1JKe9n2TwOABQbU0=",
  PaymentId: "472e651e-5a1e-424d-8098-23858bf03ad7",
  AuthorizationAttemptId: "52904e8c-5d19-450f-b4c0-1ba3de8b8bca",
  PublicKeyId: 263012,
  CardType: "DANKORT",
};

const visaToken: VisaTokenDataPayload = {
  paymentId: "472e651e-5a1e-424d-8098-23858bf03ad7",
  authorizationAttemptId: "52904e8c-5d19-450f-b4c0-1ba3de8b8bca",
  cardType: "VISA-CREDIT",
  cardIssuedInCountryCode: "DK",
  maskedCardNumber: "479694XXXXXX1234",
  tokenMethod: "VTS",
  tokenData: {
    vPaymentDataID: "5a8c1f0e3b7d42c69e1a4f7b2d0c8e35",
    cryptogramInfo: { cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", eci: "05" },
    paymentInstrument: { last4: "1234", paymentType: { cardBrand: "VISA" }, paymentAccountReference: "V0010013819234567890123456789" },
    tokenInfo: { token: "4895370012345678", last4: "5678", expirationDate: { month: "09", year: "2027" } },
  },
  isDelegatedAuthentication: true,
};

const mastercardToken: MastercardTokenDataPayload = {
  paymentId: "472e651e-5a1e-424d-8098-23858bf03ad7",
  authorizationAttemptId: "0e7b4d21-96c3-4f5a-8b1e-2c9d6a3f7e48",
  cardType: "MC-DEBIT",
  cardIssuedInCountryCode: "FI",
  maskedCardNumber: "520473XXXXXX4321",
  tokenMethod: "MC S4C",
  tokenData: {
    token: {
      paymentToken: "5204731600014792",
      tokenExpirationMonth: "11",
      tokenExpirationYear: "2028",
      paymentAccountReference: "5001A9ZXKLP1Q2W3E4R5T6Y7U8I9O",
    },
    dynamicData: { dynamicDataType: "CARD_APPLICATION_CRYPTOGRAM_SHORT_FORM", dynamicDataValue: "MGQ3YjI0ZDk4ZTFjNDU2Nw==" },
    eci: "02",
  },
  isDelegatedAuthentication: false,
};

const checkoutAddress: CheckoutAddressPayload = {
  PaymentId: "472e651e-5a1e-424d-8098-23858bf03ad7",
  AuthorizationAttemptId: "52904e8c-5d19-450f-b4c0-1ba3de8b8bca",
  Addresses: [
    {
      FirstName: "Mette",
      Surname: "Kjærgaard",
      AddressLine1: "Frederiks Allé 22",
      AddressLine2: "2. tv.",
      PostalCode: "8000",
      City: "Aarhus C",
      CountryCode: "DK",
      IsCustomerOfficialAddress: true,
      IsBillingAddress: true,
      IsDeliveryAddress: true,
      AddressValidationMethod: "DaWa",
      AddressValidationStatus: "Validated",
    },
  ],
  EmailAddress: "mette.kjaergaard@mail.dk",
  EmailAddressValidationMethod: "EmailEnteredTwice",
  PhoneNumber: "+4540404040",
  PhoneNumberValidationMethod: "SMSChallenge",
  PhoneNumberValidationStatus: "Validated",
};

const paymentFailed: PaymentFailedPayload = { Code: "100", Reason: "Payment expired", PaymentId: "472e651e-5a1e-424d-8098-23858bf03ad7" };

const agreementStateChanged: AgreementStateChangedPayload = { AgreementId: "32484295-ba94-499b-a4e2-3ab87e69ca0c", State: "Terminated" };

const cardUpdateRequested: CardUpdateRequestedPayload = {
  AgreementId: "32484295-ba94-499b-a4e2-3ab87e69ca0c",
  PaymentId: "0c6b5e1a-7d3f-4e2b-9a18-4f6c2d8e0b57",
  EncryptedCardData: "Wewd6y6SRTZiT4I7zV8BV9EM13Ipq9nBOB7ALvmjznBcRyX6KSKWJOA1WF0G5M8zukz07NvMy+xbMFJ29KjKyBQVOWyOZ5uqs9XNs6+B7bi9RYSTFOwMyCawQ9Kp93/P6Le0AmGqNvyrzNilxr2/qAc2SrSGf3SOZf8+MxkeLUet5U23MgHFkkeVD3VpQpNZu/lWxcZHBkQyZLqc1d2UAluAAxKRN0erQBthVHHh9/H0vCIz7LPAnLNNVbv6tvWmcYCfAQ6+87vu//Fhztx47x24HRJFiRT2600/KBd2cXpyCmJz0lwdoZotgkyXVCP1uyCSdWnPeY8ryA9gK/RBHgYDIM+84UKww+CbCsQmz+1P9NACRz4akfQr34z3b+KpE3/bPNAacVTBce16KEmLxxvC47V+vRaFw6eQD+oz8o6/LAAKTP+dd6zD4skeieDsmevqgkiDcOhJoFgb95QYCiCeG07l3umUn1yBOMHSubjT3N3QEdw09gvGTQ9QbMNhqbXB8mp3ovSzY53XsFIb8ArRr9giR7MNVWR2I7MvlIGOjRHnPk3VrGifeKHaiT1cCH4ZrlEtj/+Knz8sk/i63pYYDa2hLllxs2MoSIta3AScxbvJSLt6D63GDncn123vs1L6kXq4PVLvFO2kH5tEKLd2SJkmzdb6INHxD0UTW5Q=",
  PublicKeyId: 263012,
  CardType: "VISA-DEBIT",
};

/** Per webhook: a typed sample, a broken copy, and what the validator must say about the copy. */
const cases = [
  ["encryptedCardData", encryptedCardData, { ...encryptedCardData, CardType: "AMEX" }, /CardType/],
  ["visaTokenData", visaToken, { ...visaToken, tokenMethod: "MC S4C" }, /tokenMethod/],
  ["mastercardTokenData", mastercardToken, { ...mastercardToken, maskedCardNumber: "5204731600014321" }, /maskedCardNumber/],
  ["checkoutAddress", checkoutAddress, { ...checkoutAddress, Addresses: [] }, /Addresses/],
  ["paymentFailed", paymentFailed, { Code: "100", Reason: "Payment expired" }, /PaymentId/],
  ["agreementStateChanged", agreementStateChanged, { ...agreementStateChanged, State: "Paused" }, /State/],
  ["cardUpdateRequested", cardUpdateRequested, { ...cardUpdateRequested, AgreementId: "agreement-1" }, /AgreementId/],
] as const;

type Obj = Record<string, unknown>;
/** The spec's webhooks as written (for their examples). */
let webhooks: Obj;

beforeAll(async () => {
  const product = (await listProducts(root)).find((p) => p.name === "online");
  if (!product) throw new Error("online is not registered in redocly.yaml");
  webhooks = (await loadProduct(root, product)).document.webhooks as Obj;
}, 60_000);

function errorsOf(name: string, payload: unknown): string[] {
  return validator.checkWebhook(name, payload).map((p) => `${p.at} ${p.message}`);
}

describe("Online webhook payloads", () => {
  it("cover every webhook of the spec", () => {
    expect(cases.map(([name]) => name).sort()).toEqual(Object.keys(webhooks).sort());
    expect(Object.keys(onlineMock.webhooks ?? {}).sort()).toEqual(Object.keys(webhooks).sort());
    expect(Object.keys(webhooks)).toHaveLength(7);
    expect(errorsOf("noSuchWebhook", {})).toEqual([expect.stringMatching(/has no webhook "noSuchWebhook"/)]);
  });

  it.each(cases)("%s: a typed sample parsed from JSON validates", (name, sample) => {
    const parsed: unknown = JSON.parse(JSON.stringify(sample));
    expect(errorsOf(name, parsed)).toEqual([]);
  });

  it.each(cases)("%s: the spec's own example validates", (name) => {
    const hook = webhooks[name] as { post: { requestBody: { content: { "application/json": { example: unknown } } } } };
    expect(errorsOf(name, hook.post.requestBody.content["application/json"].example)).toEqual([]);
  });

  it.each(cases)("%s: a broken sample is rejected", (name, _sample, broken, mentions) => {
    const errors = errorsOf(name, JSON.parse(JSON.stringify(broken)));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toMatch(mentions);
  });
});
