/**
 * Every product driven through the stateful mocks on one mock clock: creates, reads, lists,
 * updates, transitions, user simulations, time, batches, business rules reported later and
 * callback authentication. Every answer is checked against the spec for its operation and
 * status, every stored resource against its representation's schema, every callback payload
 * against its webhook schema, and the transitions the engine applied are counted per state
 * machine: each product's reachable transitions are all covered, and the ones no mock input can
 * reach are listed here with the reason.
 */
import {
  createInvoiceMock,
  createOnlineMock,
  createPosMock,
  createSubscriptionsMock,
  invoiceMock,
  MockClock,
  onlineMock,
  posMock,
  ProductValidator,
  subscriptionsMock,
  type MockOperation,
  type ProductMock,
  type ProductMockInstance,
} from "@mpkit/mocks";
import { createInvoiceClient } from "@mpkit/invoice";
import { createOnlineClient } from "@mpkit/online";
import { createPosClient } from "@mpkit/pos";
import { createSubscriptionsClient } from "@mpkit/subscriptions";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invoiceDirect, MERCHANT_ID, testCredentials as invoiceCredentials, TEST_CARD, TEST_USER } from "../../packages/invoice/test/calls.js";
import { accountVerification, MERCHANT_ID as ONLINE_MERCHANT, testCredentials as onlineCredentials } from "../../packages/online/test/calls.js";
import { payment as posPayment, pointOfSale, testCredentials as posCredentials, TEST_USER_PHONE, vendorHeaders } from "../../packages/pos/test/calls.js";
import { agreementRequest, oneOffRequest, PROVIDER_ID, testCredentials as subscriptionsCredentials } from "../../packages/subscriptions/test/calls.js";
import { routeOf } from "./support.js";

/** A callback as the merchant's endpoint received it. */
interface Received {
  url: string;
  authorization: string | null;
  body: unknown;
}

const received: Received[] = [];
const tokenRequests: { authorization: string | null; body: string }[] = [];
const TOKEN_URL = "https://auth.provider.example/connect/token";

async function receive(request: Request): Promise<Response> {
  if (request.url === TOKEN_URL) {
    tokenRequests.push({ authorization: request.headers.get("authorization"), body: await request.text() });
    return Response.json({ access_token: `token-${tokenRequests.length}`, token_type: "Bearer" });
  }
  received.push({ url: request.url, authorization: request.headers.get("authorization"), body: await request.json() });
  return new Response(null, { status: 200 });
}

const clock = new MockClock();
const mocks = {
  // No webhookUrl: Invoice callbacks go where setCallback* registered, Online ones to the agreement's URL.
  invoice: { spec: invoiceMock, mock: createInvoiceMock({ clock, deliver: receive }) as ProductMockInstance<never> },
  online: { spec: onlineMock, mock: createOnlineMock({ clock, deliver: receive }) as ProductMockInstance<never> },
  pos: { spec: posMock, mock: createPosMock({ clock, deliver: receive }) as ProductMockInstance<never> },
  subscriptions: {
    spec: subscriptionsMock,
    // Agreement and payment callbacks go to URLs kept outside the stored resources; refunds to their own URL.
    mock: createSubscriptionsMock({
      clock,
      deliver: receive,
      webhookUrl: (webhook) => (webhook === "refundStatusChanged" ? undefined : `https://provider.example/mobilepay/${webhook}`),
    }) as ProductMockInstance<never>,
  },
};
type Name = keyof typeof mocks;
const validators = Object.fromEntries(Object.entries(mocks).map(([name, { spec }]) => [name, new ProductValidator(spec)])) as Record<Name, ProductValidator>;
const server = setupServer(...Object.values(mocks).flatMap(({ mock }) => mock.handlers));
const answers: { product: Name; request: Request; response: Response }[] = [];

const invoice = createInvoiceClient({ credentials: invoiceCredentials });
const online = createOnlineClient({ credentials: onlineCredentials });
const pos = createPosClient({ credentials: posCredentials, headers: vendorHeaders });
const subs = createSubscriptionsClient({ credentials: subscriptionsCredentials });

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("response:mocked", ({ request, response }) => {
    const product = (Object.keys(mocks) as Name[]).find((name) => {
      try {
        routeOf(mocks[name].spec, request);
        return true;
      } catch {
        return false;
      }
    });
    if (product) answers.push({ product, request: new Request(request.url, { method: request.method }), response: response.clone() });
  });
});
afterAll(() => server.close());
// Each product starts at the clock's first instant (its pending timers are dropped).
beforeEach(() => clock.reset());

/** Calls that are expected to be refused: the refusal is returned (its answer is validated like any other). */
const refused = (call: Promise<unknown>) => call.then(() => expect.unreachable("the call should have been refused"), (error: unknown) => error);

/** A stored resource is checked against the schema of the representation its read operation answers. */
function storedProblems(product: Name) {
  const { spec, mock } = mocks[product];
  const problems: string[] = [];
  for (const [kind, def] of Object.entries(spec.resources ?? {})) {
    const asRead = { operationId: `stored ${kind}`, responses: [{ status: "200", schema: def.schema, examples: {} }] } as unknown as MockOperation;
    for (const resource of mock.resources(kind)) {
      const hidden = def.state && def.state.field.startsWith("mpkit") ? [def.state.field] : [];
      const shown = Object.fromEntries(Object.entries(resource).filter(([k]) => !hidden.includes(k)));
      for (const p of validators[product].checkResponse(asRead, 200, shown)) problems.push(`${kind} ${String(resource[def.id])}: ${p.at} ${p.message}`);
    }
  }
  return problems;
}

/**
 * Each documented transition, and whether the engine applied it for its own cause (an operation,
 * time or a rule reported later). Transitions sharing `from` and `to` are told apart by `#n`.
 */
function covered(spec: ProductMock, mock: ProductMockInstance<never>) {
  return Object.entries(spec.machines ?? {}).flatMap(([machine, m]) => {
    const seen = new Map<string, number>();
    return m.transitions.map((t) => {
      const base = `${machine}: ${t.from} → ${t.to}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const done = mock.transitions.some(
        (r) =>
          r.machine === machine &&
          r.from === t.from &&
          r.to === t.to &&
          (t.cause?.operation !== undefined ? r.operation === t.cause.operation : t.cause?.after !== undefined ? r.cause === "time" : t.cause?.rule ? r.cause === "rule" : false),
      );
      return { machine, key: n === 1 ? base : `${base} #${n}`, done };
    });
  });
}

/** `Machine covered/total` per machine, for the log. */
function summary(coverage: ReturnType<typeof covered>): string {
  const machines = [...new Set(coverage.map((c) => c.machine))];
  return machines.map((m) => `${m} ${coverage.filter((c) => c.machine === m && c.done).length}/${coverage.filter((c) => c.machine === m).length}`).join(", ");
}

/** Transitions no mock input reaches, and why. */
const UNREACHABLE: Record<Name, Record<string, string>> = {
  invoice: {},
  online: {
    "AgreementState: Pending → Rejected": "the sandbox simulation only accepts (enter phone and swipe); no route rejects",
  },
  pos: {
    "PaymentState: Initiated → CancelledByMobilePay": "MobilePay's inactivity timeout is not documented",
    "PaymentState: IssuedToUser → CancelledByMobilePay": "inactivity timeout undocumented, and no PoS test user has a failing card",
    "PaymentState: Prepared → CancelledByMobilePay": "MobilePay's inactivity timeout is not documented",
    "PaymentState: Paired → CancelledByMobilePay": "MobilePay's inactivity timeout is not documented",
    "RefundState: Initiated → CancelledByMobilePay": "no documented trigger",
    "RefundState: Reserved → CancelledByMobilePay": "no documented trigger",
  },
  subscriptions: {
    "AgreementStatus: Pending → Rejected": "the simulation route only accepts (`status: Accepted`)",
    "AgreementStatus: Active → Canceled": "the user's cancellation (40002) has no simulation route",
    "AgreementStatus: Active → Canceled #3": "MobilePay's own cancellation (40004, user deleted) has no trigger",
    "SubscriptionPaymentStatus: Suspended → Executed": "the only failing test user has an expired card, and no route renews it",
    "SubscriptionPaymentStatus: Pending → Rejected": "no simulation route rejects a payment",
    "OneOffPaymentStatus: Requested → Reserved": "no simulation route answers a one-off",
    "OneOffPaymentStatus: Requested → Rejected": "no simulation route answers a one-off",
  },
};

async function expectAllValid(product: Name, { callbacks = true } = {}) {
  const { spec, mock } = mocks[product];
  await clock.settled();
  const mine = answers.filter((a) => a.product === product);
  expect(mine.length).toBeGreaterThan(0);
  for (const { request, response } of mine) {
    const op = routeOf(spec, request);
    const text = await response.text();
    const body = text !== "" && /json/.test(response.headers.get("content-type") ?? "") ? JSON.parse(text) : text;
    expect(validators[product].checkResponse(op, response.status, body), `${op.operationId} ${response.status}`).toEqual([]);
  }
  expect(storedProblems(product)).toEqual([]);
  // PoS sends no callback for payment states (its check-in notification is no transition).
  expect(mock.deliveries.length > 0).toBe(callbacks);
  for (const d of mock.deliveries) expect(validators[product].checkWebhook(d.webhook, d.payload), `${d.webhook} ${JSON.stringify(d.payload)}`).toEqual([]);
  return expectCoverage(product);
}

function expectCoverage(product: Name) {
  const { spec, mock } = mocks[product];
  const coverage = covered(spec, mock);
  console.info(`${spec.title}: ${summary(coverage)}`);
  expect(coverage.filter((c) => !c.done).map((c) => c.key).sort()).toEqual(Object.keys(UNREACHABLE[product]).sort());
  return coverage;
}

describe("stateful mocks: every answer, stored resource and callback stays valid; transitions covered", () => {
  it("Invoice", async () => {
    let n = 0;
    const create = async (extra: Partial<typeof invoiceDirect> = {}) => {
      n++;
      const body = { ...invoiceDirect, InvoiceNumber: `C-${n}`, IssueDate: "2026-01-05", DueDate: "2026-02-01", ConsumerAlias: { Alias: `+45770077${String(n).padStart(2, "0")}`, AliasType: "Phone" as const }, ...extra };
      return (await invoice.createInvoice({ merchantId: MERCHANT_ID, body })).InvoiceId;
    };
    const sim = { headers: { AuthenticatedUser: TEST_USER } };
    await invoice.setCallbackBasicAuth({ merchantId: MERCHANT_ID, body: { username: "shop", password: "s3cret", callbackurl: "https://merchant.example/invoice-callbacks" } });
    const paidNow = await create();
    await invoice.simulateAcceptInvoice({ invoiceId: paidNow, ...sim, body: { ConsumerCardId: TEST_CARD } });
    const scheduled = await create();
    await invoice.simulateAcceptInvoice({ invoiceId: scheduled, ...sim, body: { ConsumerCardId: TEST_CARD, PaymentDate: "2026-01-10" } });
    await expect(invoice.getInvoice({ merchantId: MERCHANT_ID, invoiceId: scheduled })).resolves.toMatchObject({ Status: "accepted" });
    await invoice.simulateRejectInvoice({ invoiceId: await create(), ...sim });
    const rejectLater = await create();
    await invoice.simulateAcceptInvoice({ invoiceId: rejectLater, ...sim, body: { ConsumerCardId: TEST_CARD, PaymentDate: "2026-01-20" } });
    await invoice.simulateRejectInvoice({ invoiceId: rejectLater, ...sim });
    await invoice.cancelInvoice({ merchantId: MERCHANT_ID, invoiceId: await create() });
    const cancelLater = await create();
    await invoice.simulateAcceptInvoice({ invoiceId: cancelLater, ...sim, body: { ConsumerCardId: TEST_CARD, PaymentDate: "2026-01-20" } });
    await invoice.cancelInvoice({ merchantId: MERCHANT_ID, invoiceId: cancelLater });
    expect(await refused(invoice.cancelInvoice({ merchantId: MERCHANT_ID, invoiceId: cancelLater }))).toMatchObject({ status: 409 });
    const expires = await create();
    const expiresScheduled = await create();
    await invoice.simulateAcceptInvoice({ invoiceId: expiresScheduled, ...sim, body: { ConsumerCardId: TEST_CARD, PaymentDate: "2026-03-03" } });
    // Basic auth until now; from here the API key registered for the merchant.
    await clock.settled();
    expect(new Set(received.map((r) => r.authorization))).toEqual(new Set([`Basic ${btoa("shop:s3cret")}`]));
    expect(new Set(received.map((r) => r.url))).toEqual(new Set(["https://merchant.example/invoice-callbacks"]));
    await invoice.setCallbackApiKey({ merchantId: MERCHANT_ID, body: { ApiKey: "key-42", callbackurl: "https://merchant.example/invoice-callbacks-2" } });
    const before = received.length;

    // A batch: one good item, one whose DueDate breaks a rule reported later by an Invalid event.
    const batch = await invoice.createInvoiceBatch({
      merchantId: MERCHANT_ID,
      body: [
        { ...invoiceDirect, InvoiceNumber: "B-1", IssueDate: "2026-01-05", DueDate: "2026-02-01" },
        { ...invoiceDirect, InvoiceNumber: "B-2", IssueDate: "2026-01-05", DueDate: "2026-01-01" },
      ],
    });
    expect(batch.Accepted).toHaveLength(2);
    await clock.settled();
    const events = received.slice(before).map((r) => (r.body as { InvoiceId: string; Status: string; ErrorCode?: number }[])[0]!);
    expect(events).toEqual([
      expect.objectContaining({ InvoiceId: batch.Accepted[0]!.InvoiceId, Status: "Created" }),
      expect.objectContaining({ InvoiceId: batch.Accepted[1]!.InvoiceId, Status: "Invalid", ErrorCode: 10311 }),
    ]);
    expect(received.slice(before).every((r) => r.authorization === "key-42" && r.url.endsWith("-2"))).toBe(true);
    await expect(invoice.getInvoiceStatus({ merchantId: MERCHANT_ID, invoiceId: batch.Accepted[1]!.InvoiceId })).resolves.toMatchObject({ Status: "invalid" });

    // Consents: answered once, by the State the user sends.
    const granted = await invoice.requestDirectInvoiceConsent({ body: { InvoiceId: paidNow } });
    await invoice.simulateConsentAnswer({ consentId: granted.ConsentId, ...sim, body: { State: "Granted" } });
    const denied = await invoice.requestDirectInvoiceConsent({ body: { InvoiceId: scheduled } });
    await invoice.simulateConsentAnswer({ consentId: denied.ConsentId, ...sim, body: { State: "Denied" } });
    await expect(invoice.getDirectInvoiceConsent({ consentId: denied.ConsentId })).resolves.toMatchObject({ State: "Denied" });
    expect(await refused(invoice.simulateConsentAnswer({ consentId: denied.ConsentId, ...sim, body: { State: "Granted" } }))).toMatchObject({ status: 409 });

    // Time: the scheduled payment is executed, the untouched invoices expire.
    await clock.set("2026-01-10T08:00:00Z");
    await expect(invoice.getInvoice({ merchantId: MERCHANT_ID, invoiceId: scheduled })).resolves.toMatchObject({ Status: "paid" });
    await clock.set("2026-03-04T00:00:00Z");
    await expect(invoice.getInvoice({ merchantId: MERCHANT_ID, invoiceId: expires })).resolves.toMatchObject({ Status: "expired" });
    await expect(invoice.getInvoice({ merchantId: MERCHANT_ID, invoiceId: expiresScheduled })).resolves.toMatchObject({ Status: "expired" });
    const accepted = received.map((r) => (r.body as { InvoiceId: string; Status: string; PaymentDate?: string }[])[0]!).find((e) => e.InvoiceId === scheduled && e.Status === "Accepted");
    expect(accepted).toMatchObject({ PaymentDate: "2026-01-10" });
    await invoice.listDirectInvoiceConsents({ invoiceIssuerId: invoiceDirect.InvoiceIssuer, state: "granted" }).catch(() => undefined);
    const coverage = await expectAllValid("invoice");
    expect(coverage.filter((c) => c.done).length).toBe(coverage.length);
  });

  it("Online", async () => {
    const CALLBACK = "https://psp.example/online/agreements";
    const agreement = async () => {
      const { recurringAgreementId: agreementId } = await online.createAgreement({
        body: {
          externalAgreementId: `club-${received.length}`,
          merchantId: ONLINE_MERCHANT,
          merchantLogoUrl: "https://shop.example/logo.png",
          merchantName: "Club",
          merchantWebsiteUrl: "https://shop.example",
          recurringAgreementCallbackUrl: CALLBACK,
          updateCardCallbackUrl: `${CALLBACK}/card`,
        },
      });
      return agreementId;
    };
    const before = received.length;
    const accepted = await agreement();
    const { paymentId } = await online.initiateCitPayment({ agreementId: accepted, body: accountVerification });
    await online.simulateUserBehavior({ paymentId, body: { phoneNumber: "4540404040" } });
    await online.terminateAgreement({ agreementId: accepted });
    await online.terminateAgreement({ agreementId: await agreement() });
    const expires = await agreement();
    await clock.advance("PT10M");
    expect(mocks.online.mock.resources("recurring").find((r) => r.recurringAgreementId === expires)).toMatchObject({ state: "Expired" });
    expect(await refused(online.terminateAgreement({ agreementId: expires }))).toMatchObject({ status: 400 });
    await clock.settled();
    expect(received.slice(before).map((r) => [r.url, (r.body as { State: string }).State])).toEqual([
      [CALLBACK, "Active"],
      [CALLBACK, "Terminated"],
      [CALLBACK, "Terminated"],
      [CALLBACK, "Expired"],
    ]);
    await expectAllValid("online");
  });

  it("PoS", async () => {
    let n = 0;
    const newPos = async () => {
      n++;
      const beaconId = String(100_000_000_000_000 + n);
      const { posId } = await pos.createPointOfSale({ body: { ...pointOfSale, beaconId, merchantPosId: `till-${n}`, name: `Till ${n}` } });
      return { posId, beaconId };
    };
    const checkIn = (beaconId: string) => pos.simulateCheckIn({ body: { phoneNumber: TEST_USER_PHONE, beaconId } });
    const accept = (paymentId: string) => pos.simulateAcceptPayment({ body: { phoneNumber: TEST_USER_PHONE, paymentId } });
    const decline = (paymentId: string) => pos.simulateCancelPaymentByUser({ body: { phoneNumber: TEST_USER_PHONE, paymentId } });
    const initiated = async () => {
      const till = await newPos();
      const { paymentId } = await pos.initiatePayment({ body: { ...posPayment, posId: till.posId, orderId: `o-${n}` } });
      return { ...till, paymentId };
    };
    const prepared = async () => {
      const till = await newPos();
      const { paymentId } = await pos.preparePayment({ body: { posId: till.posId, orderId: `p-${n}`, plannedCaptureDelay: "LessThan24Hours" } });
      return { ...till, paymentId };
    };
    const ready = (paymentId: string) => pos.markPaymentReady({ paymentId, body: { amount: 89.95, currencyCode: "DKK" } });

    await pos.cancelPayment({ paymentId: (await initiated()).paymentId });
    let p = await initiated();
    await checkIn(p.beaconId);
    await pos.cancelPayment({ paymentId: p.paymentId });
    p = await initiated();
    await checkIn(p.beaconId);
    await decline(p.paymentId);
    p = await initiated();
    await checkIn(p.beaconId);
    await accept(p.paymentId);
    await pos.cancelPayment({ paymentId: p.paymentId });
    const captured = await initiated();
    await checkIn(captured.beaconId);
    await accept(captured.paymentId);
    await pos.capturePayment({ paymentId: captured.paymentId, body: { amount: 45.5 } });
    expect(await refused(pos.cancelPayment({ paymentId: captured.paymentId }))).toMatchObject({ status: 409, body: { code: "1300" } });
    const expiring = await initiated();
    await checkIn(expiring.beaconId);
    await accept(expiring.paymentId);

    await pos.cancelPayment({ paymentId: (await prepared()).paymentId });
    p = await prepared();
    await ready(p.paymentId);
    await checkIn(p.beaconId);
    p = await prepared();
    await checkIn(p.beaconId);
    await pos.cancelPayment({ paymentId: p.paymentId });
    p = await prepared();
    await checkIn(p.beaconId);
    await decline(p.paymentId);
    p = await prepared();
    await checkIn(p.beaconId);
    await ready(p.paymentId);
    await expect(pos.getPayment({ paymentId: p.paymentId })).resolves.toMatchObject({ state: "IssuedToUser" });

    // Refunds of the captured payment: captured, cancelled before and after the reservation, expired.
    const refund = async () => (await pos.createRefund({ body: { paymentId: captured.paymentId, amount: 1, currencyCode: "DKK", refundOrderId: `r-${++n}` } })).refundId;
    await pos.cancelRefund({ refundId: await refund() });
    const toCapture = await refund();
    const toCancel = await refund();
    const toExpire = await refund();
    await clock.advance("PT1S");
    await pos.captureRefund({ refundId: toCapture });
    await pos.cancelRefund({ refundId: toCancel });
    expect(await refused(pos.captureRefund({ refundId: toCancel }))).toMatchObject({ status: 409, body: { code: "1351" } });
    await clock.advance("P7D");
    await expect(pos.getRefund({ refundId: toExpire })).resolves.toMatchObject({ state: "ExpiredAndCaptured" });
    await expect(pos.getPayment({ paymentId: expiring.paymentId })).resolves.toMatchObject({ state: "ExpiredAndCancelled" });
    await pos.queryPaymentIds({ posId: captured.posId });
    // PoS sends no callback for payment states; the check-in notification is no transition.
    await expectAllValid("pos", { callbacks: false });
  });

  it("Subscriptions", async () => {
    const provider = { providerId: PROVIDER_ID };
    await subs.setCallbackOAuth2({ ...provider, body: { client_id: "mp-callbacks", client_secret: "cb-secret", token_endpoint: TOKEN_URL } });
    const before = received.length;
    const agreementFor = async (phone: string) => {
      const { id } = await subs.createAgreement({ ...provider, body: { ...agreementRequest, mobile_phone_number: phone } });
      return id;
    };
    const active = async (phone = "4557373259") => {
      const id = await agreementFor(phone);
      await subs.simulateAcceptAgreement({ agreementId: id, headers: { authenticateduser: TEST_USER }, body: { status: "Accepted" } });
      return id;
    };
    const good = await active();
    const expiredCard = await active("4599592431");
    await subs.cancelAgreement({ ...provider, agreementId: await agreementFor("4557373259") });
    const cancelled = await active();
    await subs.cancelAgreement({ ...provider, agreementId: cancelled });
    expect(await refused(subs.cancelAgreement({ ...provider, agreementId: cancelled }))).toMatchObject({ status: 400 });
    const expiring = await agreementFor("4557373259");
    const dropped = await active();

    // Subscription payments, one batch: collected, suspended then failed, failed, declined by rule, withdrawn.
    const item = (agreement_id: string, external_id: string, extra: Record<string, unknown> = {}) => ({ agreement_id, amount: "249.00", due_date: "2026-01-10", external_id, description: "January", ...extra });
    const { pending_payments: pending, rejected_payments: rejected } = await subs.createPaymentRequests({
      ...provider,
      body: [
        item(good, "ok"),
        item(expiredCard, "grace", { grace_period_days: 2 }),
        item(expiredCard, "no-grace"),
        item(good, "too-late", { due_date: "2026-12-01" }),
        item(good, "withdrawn"),
        item(dropped, "dropped"),
      ],
    });
    expect(rejected).toEqual([]);
    expect(pending.map((p) => p.external_id)).toEqual(["ok", "grace", "no-grace", "too-late", "withdrawn", "dropped"]);
    const id = (external: string) => pending.find((p) => p.external_id === external)!.payment_id;
    await expect(subs.getPaymentRequest({ ...provider, agreementId: good, paymentId: id("too-late") })).resolves.toMatchObject({ status: "Declined" });
    await subs.declinePaymentRequest({ ...provider, agreementId: good, paymentId: id("withdrawn") });
    expect(await refused(subs.declinePaymentRequest({ ...provider, agreementId: good, paymentId: id("withdrawn") }))).toMatchObject({ status: 412 });
    await subs.updatePaymentRequest({ ...provider, agreementId: good, paymentId: id("ok"), body: [{ op: "replace", path: "/amount", value: "199.00" }] });
    await expect(subs.listPaymentRequests({ ...provider, agreementId: good })).resolves.toHaveLength(3);

    // One-offs: expired unanswered; captured and cancelled ones are seeded as reserved.
    const { id: oneOff } = await subs.createOneOffPayment({ ...provider, agreementId: good, body: oneOffRequest });
    mocks.subscriptions.mock.seed({
      oneoffpayments: [
        { id: "c1a9e7d4-5b2f-4e86-8d3a-7f1e9b2c4a05", status: "Reserved", agreement_id: good },
        { id: "c1a9e7d4-5b2f-4e86-8d3a-7f1e9b2c4a06", status: "Reserved", agreement_id: good },
        { id: "c1a9e7d4-5b2f-4e86-8d3a-7f1e9b2c4a07", status: "Reserved", agreement_id: good },
      ],
    } as never);
    const one = { ...provider, agreementId: good };
    await subs.captureOneOffPayment({ ...one, paymentId: "c1a9e7d4-5b2f-4e86-8d3a-7f1e9b2c4a05" });
    await subs.cancelOneOffPayment({ ...one, paymentId: "c1a9e7d4-5b2f-4e86-8d3a-7f1e9b2c4a06" });
    const { id: cancelledOneOff } = await subs.createOneOffPayment({ ...provider, agreementId: good, body: { ...oneOffRequest, external_id: "second" } });
    await subs.cancelOneOffPayment({ ...one, paymentId: cancelledOneOff });

    // Cancelling an agreement cancels its pending payment and its requested and reserved one-offs.
    const { id: droppedOneOff } = await subs.createOneOffPayment({ ...provider, agreementId: dropped, body: { ...oneOffRequest, external_id: "dropped" } });
    mocks.subscriptions.mock.seed({ oneoffpayments: [{ id: "c1a9e7d4-5b2f-4e86-8d3a-7f1e9b2c4a08", status: "Reserved", agreement_id: dropped }] } as never);
    await subs.cancelAgreement({ ...provider, agreementId: dropped });
    const of = { ...provider, agreementId: dropped };
    await expect(subs.getPaymentRequest({ ...of, paymentId: id("dropped") })).resolves.toMatchObject({ status: "Cancelled" });
    await expect(subs.getOneOffPayment({ ...of, paymentId: droppedOneOff })).resolves.toMatchObject({ status: "Cancelled" });
    await expect(subs.getOneOffPayment({ ...of, paymentId: "c1a9e7d4-5b2f-4e86-8d3a-7f1e9b2c4a08" })).resolves.toMatchObject({ status: "Cancelled" });

    // Time: agreement expiry (10 min), collection on the due date, failures, one-off expiry.
    await clock.set("2026-01-11T23:59:00Z");
    await clock.advance("PT1M");
    const status = async (paymentId: string, agreementId = good) => (await subs.getPaymentRequest({ ...provider, agreementId, paymentId })).status;
    expect([await status(id("ok")), await status(id("grace"), expiredCard), await status(id("no-grace"), expiredCard)]).toEqual(["Executed", "Failed", "Failed"]);
    await expect(subs.getAgreement({ ...provider, agreementId: expiring })).resolves.toMatchObject({ status: "Expired" });
    await expect(subs.getOneOffPayment({ ...one, paymentId: oneOff })).resolves.toMatchObject({ status: "Expired" });
    await clock.advance("P7D");

    // Refunds: of the executed payment (issued), of the withdrawn one (declined); their own callback URL.
    const refundOf = (paymentId: string, url: string) => subs.createRefund({ ...one, paymentId, body: { amount: "10.00", status_callback_url: url, external_id: "rf" } });
    await refundOf(id("ok"), "https://provider.example/refunds/1");
    await refundOf(id("withdrawn"), "https://provider.example/refunds/2");
    await clock.advance("PT2M");
    const refunds = await subs.listRefunds({ ...one, paymentId: id("ok") });
    expect(refunds.map((r) => r.status)).toEqual(["Issued"]);
    await subs.listAgreements({ ...provider });

    await clock.settled();
    const mine = received.slice(before);
    const byUrl = (url: string) => mine.filter((r) => r.url === url).map((r) => r.body as Record<string, unknown>);
    expect(byUrl("https://provider.example/refunds/1")).toEqual([expect.objectContaining({ status: "Issued", status_code: 0, payment_id: id("ok") })]);
    expect(byUrl("https://provider.example/refunds/2")).toEqual([expect.objectContaining({ status: "Declined", status_code: 60004 })]);
    const payments = byUrl("https://provider.example/mobilepay/paymentStatusChanged").map((b) => (b as unknown as Record<string, unknown>[])[0]!);
    expect(payments).toContainEqual(expect.objectContaining({ payment_id: id("too-late"), status: "Declined", status_code: 50012, payment_type: "Regular" }));
    expect(payments).toContainEqual(expect.objectContaining({ payment_id: id("withdrawn"), status: "Cancelled", status_code: 70003 }));
    expect(payments).toContainEqual(expect.objectContaining({ payment_id: id("grace"), status: "Failed", status_code: 50000 }));
    expect(payments).toContainEqual(expect.objectContaining({ payment_id: oneOff, status: "Expired", status_code: 50008, payment_type: "OneOff" }));
    // Every callback carried a bearer token from the provider's token endpoint, fetched with its client credentials.
    expect(mine.every((r) => /^Bearer token-\d+$/.test(r.authorization ?? ""))).toBe(true);
    expect(tokenRequests[0]).toEqual({ authorization: `Basic ${btoa("mp-callbacks:cb-secret")}`, body: "grant_type=client_credentials" });
    await expectAllValid("subscriptions");
  });
});
