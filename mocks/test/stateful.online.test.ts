/**
 * The stateful Online mock through the generated client: a recurring agreement is created and
 * read back, its first CIT payment is made, the user simulation accepts it (the agreement turns
 * Active and `agreementStateChanged` arrives at the agreement's callback URL), the PSP
 * terminates it, and terminating it again is refused.
 */
import { createOnlineMock, onlineMock, ProductValidator } from "@mpkit/mocks";
import { createOnlineClient } from "@mpkit/online";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accountVerification, MERCHANT_ID, payment, testCredentials } from "../../packages/online/test/calls.js";

const received: { url: string; body: unknown }[] = [];
const mock = createOnlineMock({
  // The URL the PSP registered on the agreement.
  webhookUrl: (_webhook, resource) => String(resource.recurringAgreementCallbackUrl),
  deliver: async (request) => {
    received.push({ url: request.url, body: await request.json() });
    return new Response(null, { status: 200 });
  },
});
const server = setupServer(...mock.handlers);
const validator = new ProductValidator(onlineMock);
const client = createOnlineClient({ credentials: testCredentials });
const CALLBACK = "https://psp.example/online/agreements";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  received.length = 0;
});

describe("Online stateful mock", () => {
  it("runs a recurring agreement's life cycle", async () => {
    const { recurringAgreementId: agreementId } = await client.createAgreement({
      body: {
        externalAgreementId: "club-1",
        merchantId: MERCHANT_ID,
        merchantLogoUrl: "https://shop.example/logo.png",
        merchantName: "Club",
        merchantWebsiteUrl: "https://shop.example",
        recurringAgreementCallbackUrl: CALLBACK,
        updateCardCallbackUrl: `${CALLBACK}/card`,
      },
    });
    await expect(client.getAgreement({ agreementId })).resolves.toMatchObject({ recurringAgreementId: agreementId, externalAgreementId: "club-1", merchantName: "Club" });
    expect(mock.resources("recurring")[0]).toMatchObject({ state: "Pending" });
    const { paymentId } = await client.initiateCitPayment({ agreementId, body: accountVerification });
    await expect(client.getPayment({ paymentId })).resolves.toMatchObject({ merchantOrderId: accountVerification.merchantOrderId });
    await client.simulateUserBehavior({ paymentId, body: { phoneNumber: "4540404040" } });
    await mock.clock.settled();
    expect(received).toEqual([{ url: CALLBACK, body: { AgreementId: agreementId, State: "Active" } }]);
    expect(validator.checkWebhook("agreementStateChanged", received[0]!.body)).toEqual([]);
    await client.terminateAgreement({ agreementId });
    await mock.clock.settled();
    expect(received[1]!.body).toEqual({ AgreementId: agreementId, State: "Terminated" });
    expect(mock.resources("recurring")[0]).toMatchObject({ state: "Terminated" });
    await expect(client.terminateAgreement({ agreementId })).rejects.toMatchObject({ status: 400, body: { code: "400" } });
  });

  it("answers 404 for a payment never created, and simulates a plain payment without an agreement", async () => {
    await expect(client.getPayment({ paymentId: "472e651e-5a1e-424d-8098-23858bf03ad7" })).rejects.toMatchObject({ status: 404 });
    const { paymentId } = await client.initiatePayment({ body: payment });
    await expect(client.simulateUserBehavior({ paymentId, body: { phoneNumber: "4540404040" } })).resolves.toBeUndefined();
    await expect(client.simulateUserBehavior({ paymentId: "472e651e-5a1e-424d-8098-23858bf03ad7", body: { phoneNumber: "4540404040" } })).rejects.toMatchObject({ status: 404 });
    expect(received).toEqual([]);
  });
});
