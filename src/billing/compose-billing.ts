import type { AccountDataRegistry } from '../accounts/account-data-registry.ts';
import type { Config } from '../config.ts';
import type { CreditLedger } from '../credits/credit-ledger.service.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { deleteStripeLinksOfAccount } from './billing.repository.ts';
import { createCheckoutService } from './checkout.service.ts';
import { createStripeGateway, type StripeGateway } from './stripe-gateway.ts';
import { createStripeWebhookService } from './stripe-webhook.service.ts';

export type Billing = ReturnType<typeof composeBilling>;

/**
 * Wires Stripe checkout and webhooks for src/app.ts. Billing sells credits, so it depends on
 * the credit ledger; credits know nothing of billing.
 */
export function composeBilling({ config, db, logger, ledger, registry }: { config: Config; db: Db; logger: Logger; ledger: CreditLedger; registry: AccountDataRegistry }) {
  const gateway: StripeGateway | undefined = config.STRIPE_SECRET_KEY
    ? createStripeGateway({ secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET, apiBaseUrl: config.STRIPE_API_BASE_URL })
    : undefined;
  const packs = config.CREDIT_PACKS;
  const plans = config.CREDIT_PLANS;
  // The ledger outlives the account (credits keep it, anonymized); the link to the Stripe customer does not.
  registry.register({ name: 'billing', deleteInTransaction: (trx, account) => deleteStripeLinksOfAccount(trx, account.id) });
  return {
    checkout: createCheckoutService({ db, gateway, packs, plans, publicUrl: config.PUBLIC_URL }),
    webhooks: createStripeWebhookService({ db, gateway: config.STRIPE_WEBHOOK_SECRET ? gateway : undefined, ledger, packs, plans, logger }),
  };
}
