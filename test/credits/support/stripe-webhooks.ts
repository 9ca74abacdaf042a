import Stripe from 'stripe';

export const WEBHOOK_SECRET = 'whsec_test_artsift';

const stripe = new Stripe('sk_test_artsift');
let counter = 0;

/** A Stripe event of `type` around `object`, with a fresh id unless one is given. */
export function stripeEvent(type: string, object: Record<string, unknown>, options: { id?: string; created?: number } = {}) {
  counter += 1;
  return { id: options.id ?? `evt_test_${Date.now()}_${counter}`, object: 'event', type, created: options.created ?? Math.floor(Date.now() / 1000), data: { object } };
}

/** Delivers an event to the app's webhook as Stripe would: raw JSON, signed with the package's own helper. */
export async function deliverWebhook(baseUrl: string, event: unknown, { secret = WEBHOOK_SECRET }: { secret?: string } = {}) {
  const payload = JSON.stringify(event);
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret });
  const response = await fetch(`${baseUrl}/api/stripe/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature }, body: payload });
  return { status: response.status, body: (await response.json()) as { received?: boolean; outcome?: string; error?: { field?: string } } };
}

/** Checkout completed for a pack bought by `accountId` (the client_reference_id). */
export function packCheckoutCompleted({ sessionId, accountId, customer, pack, paymentIntent, amount }: { sessionId: string; accountId: string; customer: string; pack: string; paymentIntent: string; amount: number }) {
  return stripeEvent('checkout.session.completed', {
    id: sessionId,
    object: 'checkout.session',
    mode: 'payment',
    client_reference_id: accountId,
    customer,
    payment_intent: paymentIntent,
    payment_status: 'paid',
    amount_total: amount,
    currency: 'eur',
    metadata: { pack },
  });
}
