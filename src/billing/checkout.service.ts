import type { Db } from '../db/connect.ts';
import { ConflictError, DependencyUnavailableError, ValidationError } from '../errors.ts';
import type { PricedCredits } from '../credits/price-credits.ts';
import { findStripeCustomerId, findSubscriptionsForAccount, saveStripeCustomer } from './billing.repository.ts';
import type { OffersResponse } from './billing-responses.ts';
import type { StripeGateway } from './stripe-gateway.ts';

export type CheckoutService = ReturnType<typeof createCheckoutService>;

export type CheckoutChoice = { pack: string } | { plan: string };

/** Starts Stripe Checkout for a pack or plan and opens the customer portal. */
export function createCheckoutService({ db, gateway, packs, plans, publicUrl }: { db: Db; gateway: StripeGateway | undefined; packs: PricedCredits[]; plans: PricedCredits[]; publicUrl: string }) {
  function requireGateway(): StripeGateway {
    if (!gateway) throw new DependencyUnavailableError('Payments are not set up on this server');
    return gateway;
  }

  async function customerFor(stripe: StripeGateway, account: { id: string; email: string }): Promise<string> {
    const known = await findStripeCustomerId(db, account.id);
    if (known) return known;
    // Stripe's idempotency key makes two racing first purchases create one customer.
    return saveStripeCustomer(db, account.id, await stripe.createCustomer({ accountId: account.id, email: account.email }));
  }

  return {
    offers: (): OffersResponse => ({ packs: packs.map(({ name, credits }) => ({ name, credits })), plans: plans.map(({ name, credits }) => ({ name, credits })) }),

    async subscriptionsOf(accountId: string) {
      return (await findSubscriptionsForAccount(db, accountId)).map((row) => ({ id: row.stripe_subscription_id, plan: row.plan, status: row.status }));
    },

    async startCheckout(account: { id: string; email: string }, choice: CheckoutChoice): Promise<string> {
      const stripe = requireGateway();
      const isPack = 'pack' in choice;
      const offer = isPack ? packs.find((pack) => pack.name === choice.pack) : plans.find((plan) => plan.name === choice.plan);
      if (!offer) throw new ValidationError(isPack ? 'pack: no such pack' : 'plan: no such plan', isPack ? 'pack' : 'plan');
      const customerId = await customerFor(stripe, account);
      return stripe.createCheckoutSession({
        mode: isPack ? 'payment' : 'subscription',
        priceId: offer.priceId,
        customerId,
        accountId: account.id,
        metadata: isPack ? { pack: offer.name } : { plan: offer.name },
        successUrl: `${publicUrl}/credits?checkout=success`,
        cancelUrl: `${publicUrl}/credits?checkout=canceled`,
      });
    },

    async openPortal(accountId: string): Promise<string> {
      const stripe = requireGateway();
      const customerId = await findStripeCustomerId(db, accountId);
      if (!customerId) throw new ConflictError('Nothing to manage yet: you have not bought anything', 'customer');
      return stripe.createPortalSession({ customerId, returnUrl: `${publicUrl}/credits` });
    },
  };
}
