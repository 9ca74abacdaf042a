import type { AccountDataRegistry } from '../accounts/account-data-registry.ts';
import { createCheckoutService } from '../billing/checkout.service.ts';
import { createStripeGateway, type StripeGateway } from '../billing/stripe-gateway.ts';
import { createStripeWebhookService } from '../billing/stripe-webhook.service.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import { registerCreditAccountData } from './credit-account-data.ts';
import { createCreditAdminService } from './credit-admin.service.ts';
import { createCreditLedger } from './credit-ledger.service.ts';

export type Credits = ReturnType<typeof composeCredits>;

/** Wires the ledger, Stripe billing and their account data for src/app.ts. */
export function composeCredits({ config, db, clock, logger, registry, securityLog }: { config: Config; db: Db; clock: Clock; logger: Logger; registry: AccountDataRegistry; securityLog: SecurityLog }) {
  const ledger = createCreditLedger({ db, clock, signupGrant: config.CREDITS_SIGNUP_GRANT });
  const gateway: StripeGateway | undefined = config.STRIPE_SECRET_KEY
    ? createStripeGateway({ secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET, apiBaseUrl: config.STRIPE_API_BASE_URL })
    : undefined;
  const packs = config.CREDIT_PACKS;
  const plans = config.CREDIT_PLANS;
  registerCreditAccountData(registry, { db });
  return {
    ledger,
    /** What generation calls to reserve, settle and refund. */
    billing: ledger.billing,
    checkout: createCheckoutService({ db, gateway, packs, plans, publicUrl: config.PUBLIC_URL }),
    webhooks: createStripeWebhookService({ db, gateway: config.STRIPE_WEBHOOK_SECRET ? gateway : undefined, ledger, packs, plans, logger }),
    admin: createCreditAdminService({ db, ledger, securityLog }),
  };
}
