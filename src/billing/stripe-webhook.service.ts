import type { z } from 'zod';
import type { Db } from '../db/connect.ts';
import { DependencyUnavailableError, ValidationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { findGrantsForPaymentIntent, sumClawedForStripeObject } from '../credits/credit-ledger.repository.ts';
import type { CreditLedger } from '../credits/credit-ledger.service.ts';
import type { PricedCredits } from '../credits/price-credits.ts';
import { findAccountForStripeCustomer, recordStripeEvent, saveStripeCustomer, saveStripeSubscription } from './billing.repository.ts';
import { chargeSchema, checkoutSessionSchema, disputeSchema, invoiceSchema, stripeEventSchema, subscriptionSchema, type StripeEvent } from './stripe-events.ts';
import type { StripeGateway } from './stripe-gateway.ts';

export type StripeWebhookService = ReturnType<typeof createStripeWebhookService>;

export const WEBHOOK_OUTCOMES = ['handled', 'duplicate', 'ignored'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

function parsePayload<T extends z.ZodType>(schema: T, event: StripeEvent): z.output<T> {
  const parsed = schema.safeParse(event.data.object);
  if (!parsed.success) throw new ValidationError(`event ${event.type}: unexpected payload (${parsed.error.issues[0]?.path.join('.') ?? 'object'})`, 'body');
  return parsed.data;
}

/**
 * Applies Stripe webhook events to the ledger. Each event id is recorded in the same
 * transaction as its effects, so a replay or a concurrent duplicate changes nothing.
 */
export function createStripeWebhookService(deps: { db: Db; gateway: StripeGateway | undefined; ledger: CreditLedger; packs: PricedCredits[]; plans: PricedCredits[]; logger: Logger }) {
  const { db, ledger, packs, plans, logger } = deps;

  async function accountOfCustomer(trx: Db, customerId: string | null | undefined): Promise<string | undefined> {
    return customerId ? findAccountForStripeCustomer(trx, customerId) : undefined;
  }

  async function checkoutCompleted(trx: Db, event: StripeEvent): Promise<WebhookOutcome> {
    const session = parsePayload(checkoutSessionSchema, event);
    const accountId = (await accountOfCustomer(trx, session.customer)) ?? session.client_reference_id ?? undefined;
    if (!accountId || !/^[0-9]{1,19}$/.test(accountId)) return 'ignored';
    if (session.customer) await saveStripeCustomer(trx, accountId, session.customer);
    // Subscriptions are paid through invoices: invoice.paid grants their credits.
    if (session.mode !== 'payment' || session.payment_status !== 'paid') return 'ignored';
    const pack = packs.find((candidate) => candidate.name === session.metadata?.pack);
    if (!pack) return 'ignored';
    await ledger.credit(trx, {
      accountId,
      amount: pack.credits,
      reason: 'pack_purchased',
      idempotencyKey: `checkout:${session.id}`,
      stripeObjectId: session.id,
      stripePaymentIntentId: session.payment_intent ?? null,
      paidAmount: session.amount_total ?? null,
      currency: session.currency ?? null,
    });
    return 'handled';
  }

  async function invoicePaid(trx: Db, event: StripeEvent): Promise<WebhookOutcome> {
    const invoice = parsePayload(invoiceSchema, event);
    const accountId = await accountOfCustomer(trx, invoice.customer);
    const subscriptionId = invoice.subscription ?? invoice.parent?.subscription_details?.subscription;
    if (!accountId || !subscriptionId) return 'ignored';
    let granted = false;
    for (const line of invoice.lines.data) {
      const priceId = line.price?.id ?? line.pricing?.price_details?.price;
      const plan = plans.find((candidate) => candidate.priceId === priceId);
      if (!plan) continue;
      // Keyed by subscription and period start: one grant per billing period, whichever invoice pays it.
      granted =
        (await ledger.credit(trx, {
          accountId,
          amount: plan.credits,
          reason: 'plan_grant',
          idempotencyKey: `plan-period:${subscriptionId}:${line.period.start}`,
          stripeObjectId: invoice.id,
          stripePaymentIntentId: invoice.payment_intent ?? null,
          paidAmount: invoice.amount_paid,
          currency: invoice.currency,
        })) || granted;
    }
    return granted ? 'handled' : 'ignored';
  }

  async function chargeRefunded(trx: Db, event: StripeEvent): Promise<WebhookOutcome> {
    const charge = parsePayload(chargeSchema, event);
    if (!charge.payment_intent) return 'ignored';
    const grants = await findGrantsForPaymentIntent(trx, charge.payment_intent);
    for (const grant of grants) {
      const accountId = grant.account_id!;
      // amount_refunded is cumulative: take what the refunds so far call for, less what was taken.
      const owed = Math.round((grant.amount * charge.amount_refunded) / charge.amount) - (await sumClawedForStripeObject(trx, accountId, charge.id, 'payment_refunded'));
      if (owed <= 0) continue;
      await ledger.clawBack(trx, { accountId, amount: -owed, reason: 'payment_refunded', idempotencyKey: `refund:${charge.id}:${charge.amount_refunded}`, stripeObjectId: charge.id, paidAmount: charge.amount_refunded, currency: charge.currency }, owed);
    }
    return grants.length > 0 ? 'handled' : 'ignored';
  }

  async function disputeCreated(trx: Db, event: StripeEvent): Promise<WebhookOutcome> {
    const dispute = parsePayload(disputeSchema, event);
    if (!dispute.payment_intent) return 'ignored';
    const grants = await findGrantsForPaymentIntent(trx, dispute.payment_intent);
    for (const grant of grants) {
      const owed = grant.paid_amount ? Math.min(grant.amount, Math.round((grant.amount * dispute.amount) / grant.paid_amount)) : grant.amount;
      if (owed <= 0) continue;
      await ledger.clawBack(trx, { accountId: grant.account_id!, amount: -owed, reason: 'payment_disputed', idempotencyKey: `dispute:${dispute.id}`, stripeObjectId: dispute.id, paidAmount: dispute.amount, currency: dispute.currency }, owed);
    }
    return grants.length > 0 ? 'handled' : 'ignored';
  }

  async function subscriptionChanged(trx: Db, event: StripeEvent): Promise<WebhookOutcome> {
    const subscription = parsePayload(subscriptionSchema, event);
    const accountId = await accountOfCustomer(trx, subscription.customer);
    if (!accountId) return 'ignored';
    const priceId = subscription.items.data[0]?.price.id;
    await saveStripeSubscription(trx, {
      id: subscription.id,
      accountId,
      plan: plans.find((plan) => plan.priceId === priceId)?.name ?? null,
      status: event.type === 'customer.subscription.deleted' ? 'canceled' : subscription.status,
      eventCreatedAt: new Date(event.created * 1000),
    });
    return 'handled';
  }

  // A Map, so an event type such as "constructor" cannot reach Object's prototype.
  const handlers = new Map<string, (trx: Db, event: StripeEvent) => Promise<WebhookOutcome>>([
    ['checkout.session.completed', checkoutCompleted],
    ['invoice.paid', invoicePaid],
    ['charge.refunded', chargeRefunded],
    ['charge.dispute.created', disputeCreated],
    ['customer.subscription.updated', subscriptionChanged],
    ['customer.subscription.deleted', subscriptionChanged],
  ]);

  return {
    /** Verifies, records and applies one delivery. Throws ValidationError (400) on a bad signature or payload. */
    async receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
      if (!deps.gateway) throw new DependencyUnavailableError('Payments are not set up on this server');
      let verified: unknown;
      try {
        verified = deps.gateway.verifyWebhook(rawBody, signature ?? '');
      } catch {
        throw new ValidationError('Stripe-Signature: does not match this payload', 'Stripe-Signature');
      }
      const parsed = stripeEventSchema.safeParse(verified);
      if (!parsed.success) throw new ValidationError('body: not a Stripe event', 'body');
      const event = parsed.data;
      const outcome = await db.transaction().execute(async (trx) => {
        if (!(await recordStripeEvent(trx, event))) return 'duplicate' as const;
        // Unknown types are acknowledged (recorded, 200) and otherwise ignored.
        const handler = handlers.get(event.type);
        return handler ? handler(trx, event) : 'ignored';
      });
      logger.info({ stripeEvent: event.id, type: event.type, outcome }, 'stripe webhook');
      return outcome;
    },
  };
}
