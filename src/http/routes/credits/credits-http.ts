import type { Credits } from '../../../credits/compose-credits.ts';
import { combineRouters, type FeatureRoutes } from '../feature-routes.ts';
import { createBillingRouter } from './billing.routes.ts';
import { createCreditsAdminRouter } from './credits-admin.routes.ts';
import { createCreditsPageRouter } from './credits-pages.routes.ts';
import { createCreditsRouter } from './credits.routes.ts';
import { createStripeWebhookRouter } from './stripe-webhook.routes.ts';

/** Credits and billing: the ledger API, checkout and portal, Stripe's webhook, /credits and /admin/credits. */
export function createCreditsHttp({ credits }: { credits: Pick<Credits, 'ledger' | 'checkout' | 'webhooks' | 'admin'> }): FeatureRoutes {
  return {
    routes: combineRouters(
      createCreditsRouter({ ledger: credits.ledger }),
      createBillingRouter({ checkout: credits.checkout }),
      createStripeWebhookRouter({ webhooks: credits.webhooks }),
      createCreditsPageRouter({ ledger: credits.ledger, checkout: credits.checkout }),
      createCreditsAdminRouter({ admin: credits.admin }),
    ),
  };
}
