import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { balanceOf, creditsUser, startCreditsApp, type CreditsBody } from './support/credits-app.ts';
import { startFakeStripeApi, type FakeStripeApi } from './support/fake-stripe-api.ts';
import { deliverWebhook, packCheckoutCompleted, stripeEvent } from './support/stripe-webhooks.ts';

describe('Stripe checkout, portal and webhooks', () => {
  let stripe: FakeStripeApi;
  let t: TestApp;
  beforeAll(async () => {
    stripe = await startFakeStripeApi();
    t = await startCreditsApp(stripe.url, { PUBLIC_URL: 'http://artsift.example' });
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  /** A user who started a Checkout (so their Stripe customer is known), with that customer id. */
  async function buyer() {
    const user = await creditsUser(t);
    const started = await user.agent.post<{ url: string }>('/api/billing/checkout', { pack: 'starter' });
    expect(started.status).toBe(200);
    const customer = stripe.calls.findLast((call) => call.path === '/v1/checkout/sessions')!.form.customer!;
    return { ...user, customer };
  }

  it('creates a Checkout Session with the fields Stripe needs, reusing the customer', async () => {
    const user = await creditsUser(t);
    const before = stripe.calls.length;
    const pack = await user.agent.post<{ url: string }>('/api/billing/checkout', { pack: 'starter' });
    expect(pack.status).toBe(200);
    expect(pack.body.url).toMatch(new RegExp(`^${stripe.url}/pay/cs_test_`));
    const plan = await user.agent.post<{ url: string }>('/api/billing/checkout', { plan: 'monthly' });
    expect(plan.status).toBe(200);
    const calls = stripe.calls.slice(before);
    expect(calls.map((call) => call.path)).toEqual(['/v1/customers', '/v1/checkout/sessions', '/v1/checkout/sessions']);
    expect(calls[0]!.authorization).toBe('Bearer sk_test_artsift');
    expect(calls[0]!.form).toMatchObject({ email: user.email, 'metadata[account_id]': user.id });
    const customer = calls[1]!.form.customer;
    expect(customer).toMatch(/^cus_test_/);
    expect(calls[1]!.form).toEqual({
      mode: 'payment',
      'line_items[0][price]': 'price_starter',
      'line_items[0][quantity]': '1',
      customer,
      client_reference_id: user.id,
      'metadata[pack]': 'starter',
      success_url: 'http://artsift.example/credits?checkout=success',
      cancel_url: 'http://artsift.example/credits?checkout=canceled',
    });
    expect(calls[2]!.form).toMatchObject({ mode: 'subscription', 'line_items[0][price]': 'price_monthly', customer, client_reference_id: user.id, 'metadata[plan]': 'monthly' });
  });

  it('refuses unknown packs and plans and sign-in-less checkout', async () => {
    const { agent } = await creditsUser(t);
    const unknown = await agent.post<{ error: { field: string } }>('/api/billing/checkout', { pack: 'gold' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('pack');
    expect((await agent.post('/api/billing/checkout', { pack: 'starter', plan: 'monthly' })).status).toBe(400);
    expect((await fetch(`${t.baseUrl}/api/billing/checkout`, { method: 'POST' })).status).toBe(403);
  });

  it('opens the customer portal once there is a customer', async () => {
    const fresh = await creditsUser(t);
    expect((await fresh.agent.post('/api/billing/portal')).status).toBe(409);
    const user = await buyer();
    const portal = await user.agent.post<{ url: string }>('/api/billing/portal');
    expect(portal.status).toBe(200);
    expect(portal.body.url).toMatch(new RegExp(`^${stripe.url}/portal/`));
    expect(stripe.calls.at(-1)!.form).toEqual({ customer: user.customer, return_url: 'http://artsift.example/credits' });
  });

  it('credits a pack once: valid delivery, replay and a duplicate with a new event id', async () => {
    const user = await buyer();
    const event = packCheckoutCompleted({ sessionId: 'cs_pack_1', accountId: user.id, customer: user.customer, pack: 'starter', paymentIntent: 'pi_pack_1', amount: 900 });
    expect(await deliverWebhook(t.baseUrl, event)).toEqual({ status: 200, body: { received: true, outcome: 'handled' } });
    expect(await balanceOf(user.agent)).toBe(110);
    expect((await deliverWebhook(t.baseUrl, event)).body.outcome).toBe('duplicate');
    const [a, b] = await Promise.all([deliverWebhook(t.baseUrl, { ...event, id: `${event.id}_x` }), deliverWebhook(t.baseUrl, { ...event, id: `${event.id}_y` })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await balanceOf(user.agent)).toBe(110);
    const entry = await t.database.db.selectFrom('credit_entries').selectAll().where('stripe_object_id', '=', 'cs_pack_1').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ amount: 100, reason: 'pack_purchased', stripe_payment_intent_id: 'pi_pack_1', paid_amount: 900, currency: 'eur' });
  });

  it('answers 400 to a bad signature and changes nothing', async () => {
    const user = await buyer();
    const event = packCheckoutCompleted({ sessionId: 'cs_forged', accountId: user.id, customer: user.customer, pack: 'starter', paymentIntent: 'pi_forged', amount: 900 });
    const forged = await deliverWebhook(t.baseUrl, event, { secret: 'whsec_not_ours' });
    expect(forged.status).toBe(400);
    expect(forged.body.error?.field).toBe('Stripe-Signature');
    const unsigned = await fetch(`${t.baseUrl}/api/stripe/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(400);
    expect(await balanceOf(user.agent)).toBe(10);
    // Not recorded: a genuine delivery of the same event later still counts.
    expect((await deliverWebhook(t.baseUrl, event)).body.outcome).toBe('handled');
  });

  it('acknowledges unknown event types', async () => {
    const response = await deliverWebhook(t.baseUrl, stripeEvent('payout.paid', { id: 'po_1' }));
    expect(response).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    expect((await deliverWebhook(t.baseUrl, stripeEvent('constructor', { id: 'x' }))).status).toBe(200);
  });

  it('grants a plan once per billing period, whatever order the events come in', async () => {
    const user = await buyer();
    const period = { start: 1_790_000_000, end: 1_792_592_000 };
    const invoice = (id: string, start = period.start) => ({
      id,
      customer: user.customer,
      parent: { subscription_details: { subscription: 'sub_1' } },
      payment_intent: `pi_${id}`,
      amount_paid: 1500,
      currency: 'eur',
      lines: { data: [{ pricing: { price_details: { price: 'price_monthly' } }, period: { start, end: start + 2_592_000 } }] },
    });
    const subscription = (status: string) => ({ id: 'sub_1', customer: user.customer, status, items: { data: [{ price: { id: 'price_monthly' } }] } });
    // Out of order: the invoice and the later subscription state arrive before the checkout and the earlier state.
    expect((await deliverWebhook(t.baseUrl, stripeEvent('invoice.paid', invoice('in_1')))).body.outcome).toBe('handled');
    await deliverWebhook(t.baseUrl, stripeEvent('customer.subscription.updated', subscription('active'), { created: 2_000 }));
    await deliverWebhook(t.baseUrl, stripeEvent('customer.subscription.updated', subscription('incomplete'), { created: 1_000 }));
    await deliverWebhook(t.baseUrl, stripeEvent('checkout.session.completed', { id: 'cs_sub_1', mode: 'subscription', client_reference_id: user.id, customer: user.customer, payment_status: 'paid', metadata: { plan: 'monthly' } }));
    // A second invoice for the same period (e.g. a retried payment) grants nothing more.
    expect((await deliverWebhook(t.baseUrl, stripeEvent('invoice.paid', invoice('in_1b')))).body.outcome).toBe('ignored');
    expect(await balanceOf(user.agent)).toBe(310);
    let row = await t.database.db.selectFrom('stripe_subscriptions').select(['status', 'plan', 'account_id']).where('stripe_subscription_id', '=', 'sub_1').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'active', plan: 'monthly', account_id: user.id });
    // The next period grants again.
    await deliverWebhook(t.baseUrl, stripeEvent('invoice.paid', invoice('in_2', period.end)));
    expect(await balanceOf(user.agent)).toBe(610);
    await deliverWebhook(t.baseUrl, stripeEvent('customer.subscription.deleted', subscription('canceled'), { created: 3_000 }));
    row = await t.database.db.selectFrom('stripe_subscriptions').select(['status', 'plan', 'account_id']).where('stripe_subscription_id', '=', 'sub_1').executeTakeFirstOrThrow();
    expect(row.status).toBe('canceled');
  });

  it('claws back a refunded payment proportionally, once per refund', async () => {
    const user = await buyer();
    await deliverWebhook(t.baseUrl, packCheckoutCompleted({ sessionId: 'cs_refund', accountId: user.id, customer: user.customer, pack: 'starter', paymentIntent: 'pi_refund', amount: 1000 }));
    expect(await balanceOf(user.agent)).toBe(110);
    const charge = (refunded: number) => ({ id: 'ch_refund', payment_intent: 'pi_refund', amount: 1000, amount_refunded: refunded, currency: 'eur' });
    const half = stripeEvent('charge.refunded', charge(500));
    await deliverWebhook(t.baseUrl, half);
    await deliverWebhook(t.baseUrl, { ...half, id: `${half.id}_again` });
    expect(await balanceOf(user.agent)).toBe(60);
    await deliverWebhook(t.baseUrl, stripeEvent('charge.refunded', charge(1000)));
    expect(await balanceOf(user.agent)).toBe(10);
    const body = (await user.agent.get<CreditsBody>('/api/me/credits')).body;
    expect(body.flagged).toBe(false);
    expect(body.entries.filter((entry) => entry.reason === 'payment_refunded').map((entry) => entry.amount)).toEqual([-50, -50]);
  });

  it('claws back only the unspent part of a disputed payment and flags the account', async () => {
    const user = await buyer();
    await deliverWebhook(t.baseUrl, packCheckoutCompleted({ sessionId: 'cs_dispute', accountId: user.id, customer: user.customer, pack: 'starter', paymentIntent: 'pi_dispute', amount: 900 }));
    await t.app.credits.admin.adjustById(user.id, { amount: -80, reason: 'spent elsewhere (test)' });
    expect(await balanceOf(user.agent)).toBe(30);
    const dispute = stripeEvent('charge.dispute.created', { id: 'dp_1', charge: 'ch_dispute', payment_intent: 'pi_dispute', amount: 900, currency: 'eur' });
    expect((await deliverWebhook(t.baseUrl, dispute)).body.outcome).toBe('handled');
    await deliverWebhook(t.baseUrl, { ...dispute, id: `${dispute.id}_dup` });
    const body = (await user.agent.get<CreditsBody>('/api/me/credits')).body;
    expect(body.balance).toBe(0);
    expect(body.flagged).toBe(true);
    expect(body.entries[0]).toMatchObject({ amount: -30, reason: 'payment_disputed' });
  });

  it('answers 400 to a signed event whose payload is not what its type promises', async () => {
    const response = await deliverWebhook(t.baseUrl, stripeEvent('invoice.paid', { id: 'in_bad' }));
    expect(response.status).toBe(400);
  });
});
