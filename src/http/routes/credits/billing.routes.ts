import { jsonBody } from '../../middleware/clean-input.ts';
import { Router } from 'express';
import { z } from 'zod';
import type { CheckoutService } from '../../../billing/checkout.service.ts';
import { requireAccount } from '../../middleware/auth-guards.ts';
import { parseInput } from '../../middleware/validate.ts';

const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be one of GET /api/billing/offers');
export const checkoutBodySchema = z.union([z.strictObject({ pack: nameSchema }), z.strictObject({ plan: nameSchema })], { error: 'send {"pack": name} or {"plan": name}' });

/** Stripe Checkout and the customer portal: both answer `{url}` for the browser to open. */
export function createBillingRouter({ checkout }: { checkout: CheckoutService }): Router {
  const router = Router();

  router.get('/api/billing/offers', (_req, res) => {
    res.json(checkout.offers());
  });

  router.post('/api/billing/checkout', jsonBody({ limit: '4kb' }), async (req, res) => {
    const account = requireAccount(req);
    const choice = parseInput(checkoutBodySchema, req.body);
    res.json({ url: await checkout.startCheckout(account, choice) });
  });

  router.post('/api/billing/portal', async (req, res) => {
    const account = requireAccount(req);
    res.json({ url: await checkout.openPortal(account.id) });
  });

  return router;
}
