import type { Billing } from '../../../billing/compose-billing.ts';
import type { Credits } from '../../../credits/compose-credits.ts';
import { combineRouters, type FeatureRoutes } from '../feature-routes.ts';
import { createBillingRouter } from './billing.routes.ts';
import { creditOperations } from './credits-openapi.ts';
import { createCreditsAdminRouter } from './credits-admin.routes.ts';
import { createCreditsPageRouter } from './credits-pages.routes.ts';
import { createCreditsRouter } from './credits.routes.ts';
import { createStripeWebhookRouter } from './stripe-webhook.routes.ts';

/** Credits and billing: the ledger API, checkout and portal, Stripe's webhook, /credits and /admin/credits. */
export function createCreditsHttp({ credits, billing }: { credits: Pick<Credits, 'ledger' | 'admin'>; billing: Billing }): FeatureRoutes {
  return {
    routes: combineRouters(
      createCreditsRouter({ ledger: credits.ledger }),
      createBillingRouter({ checkout: billing.checkout }),
      createStripeWebhookRouter({ webhooks: billing.webhooks }),
      createCreditsPageRouter({ ledger: credits.ledger, checkout: billing.checkout }),
      createCreditsAdminRouter({ admin: credits.admin }),
    ),
    api: creditOperations,
  };
}
