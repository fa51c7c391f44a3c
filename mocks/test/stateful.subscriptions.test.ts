/**
 * The stateful Subscriptions mock through the generated client: an agreement is created, read
 * back, accepted by the user simulation, the `Accepted` callback arrives with its documented
 * payload, the merchant cancels, and a second cancel is refused; failed callbacks are redelivered
 * on the documented schedule (8 retries: 5 s, then 600·(2^c−1) s) on the mock clock.
 */
import { ProductValidator, subscriptionsMock, createSubscriptionsMock } from "@mpkit/mocks";
import { createSubscriptionsClient } from "@mpkit/subscriptions";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { agreementRequest, PROVIDER_ID, testCredentials, TEST_USER } from "../../packages/subscriptions/test/calls.js";

const received: unknown[] = [];
let answer = 200;
const mock = createSubscriptionsMock({
  webhookUrl: (webhook) => `https://provider.example/mobilepay/${webhook}`,
  deliver: async (request) => {
    received.push({ url: request.url, body: await request.json() });
    return new Response(null, { status: answer });
  },
});
const server = setupServer(...mock.handlers);
const validator = new ProductValidator(subscriptionsMock);
const client = createSubscriptionsClient({ credentials: testCredentials });
const user = { headers: { authenticateduser: TEST_USER } };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  mock.clock.reset();
  received.length = 0;
  answer = 200;
});

describe("Subscriptions stateful mock", () => {
  it("runs an agreement's life cycle", async () => {
    const { id } = await client.createAgreement({ providerId: PROVIDER_ID, body: agreementRequest });
    const agreement = { providerId: PROVIDER_ID, agreementId: id };
    await expect(client.getAgreement(agreement)).resolves.toMatchObject({ id, status: "Pending", amount: agreementRequest.amount, plan: agreementRequest.plan });
    await client.simulateAcceptAgreement({ agreementId: id, ...user, body: { status: "Accepted" } });
    await mock.clock.settled();
    expect(received).toEqual([
      {
        url: "https://provider.example/mobilepay/agreementStatusChanged",
        body: expect.objectContaining({ agreement_id: id, status: "Accepted", status_code: 0 }),
      },
    ]);
    expect(validator.checkWebhook("agreementStatusChanged", (received[0] as { body: unknown }).body)).toEqual([]);
    await expect(client.getAgreement(agreement)).resolves.toMatchObject({ status: "Active" });
    await client.cancelAgreement(agreement);
    await expect(client.getAgreement(agreement)).resolves.toMatchObject({ status: "Canceled" });
    await mock.clock.settled();
    expect((received[1] as { body: unknown }).body).toMatchObject({ agreement_id: id, status: "Canceled", status_code: 40003 });
    const refused = await client.cancelAgreement(agreement).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, body: { error: "BadRequest", error_description: { error_type: "InputError" } } });
    await expect(client.simulateAcceptAgreement({ agreementId: id, ...user, body: { status: "Accepted" } })).rejects.toMatchObject({ status: 400 });
  });

  it("redelivers a failed callback 8 times: 5 s, then 600·(2^c−1) s", async () => {
    const { id } = await client.createAgreement({ providerId: PROVIDER_ID, body: agreementRequest });
    answer = 500;
    const started = performance.now();
    await client.simulateAcceptAgreement({ agreementId: id, ...user, body: { status: "Accepted" } });
    await mock.clock.advance("P2D");
    const first = Date.parse(mock.deliveries[0]!.at);
    expect(mock.deliveries.map((d) => (Date.parse(d.at) - first) / 1000)).toEqual([0, 5, 605, 2405, 6605, 15605, 34205, 72005, 148205]);
    expect(mock.deliveries.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("stops redelivering once the receiver answers, and injects failures on demand", async () => {
    const { id } = await client.createAgreement({ providerId: PROVIDER_ID, body: agreementRequest });
    mock.failDeliveries(2);
    await client.simulateAcceptAgreement({ agreementId: id, ...user, body: { status: "Accepted" } });
    await mock.clock.advance("PT1H");
    expect(mock.deliveries.map((d) => d.status)).toEqual([500, 500, 200]);
    expect(received).toHaveLength(1);
  });
});
