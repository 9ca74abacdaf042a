import express, { Router } from 'express';
import type { StripeWebhookService } from '../../../billing/stripe-webhook.service.ts';

export const STRIPE_WEBHOOK_PATH = '/api/stripe/webhook';

/** Stripe's deliveries: signed, so exempt from CSRF; the signature is checked over the raw body. */
export function createStripeWebhookRouter({ webhooks }: { webhooks: StripeWebhookService }): Router {
  const router = Router();
  router.post(STRIPE_WEBHOOK_PATH, express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const outcome = await webhooks.receive(rawBody, req.get('stripe-signature'));
    res.json({ received: true, outcome });
  });
  return router;
}
