import { z } from 'zod';
import { offersResponseSchema, stripeRedirectResponseSchema } from '../../../billing/billing-responses.ts';
import { stripeEventSchema } from '../../../billing/stripe-events.ts';
import { WEBHOOK_OUTCOMES } from '../../../billing/stripe-webhook.service.ts';
import { creditHistoryResponseSchema } from '../../../credits/credit-responses.ts';
import type { ApiOperation } from '../../openapi/api-operation.ts';
import { checkoutBodySchema } from './billing.routes.ts';
import { historyQuerySchema } from './credits.routes.ts';
import { STRIPE_WEBHOOK_PATH } from './stripe-webhook.routes.ts';

const TAG = 'Credits';
const NO_PAYMENTS = 'Payments are not set up on this server';

/** The credit ledger, checkout and Stripe's webhook, as the OpenAPI document describes them. */
export const creditOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/me/credits',
    tag: TAG,
    summary: 'Your credit balance and ledger, newest first',
    access: 'session',
    query: historyQuerySchema,
    responses: { 200: { description: 'The balance and one page of entries; pass `nextCursor` as `cursor` for the next', schema: creditHistoryResponseSchema } },
  },
  {
    method: 'get',
    path: '/api/billing/offers',
    tag: TAG,
    summary: 'The credit packs and plans on sale',
    access: 'public',
    responses: { 200: { description: 'The offers (both lists empty when nothing is on sale)', schema: offersResponseSchema } },
  },
  {
    method: 'post',
    path: '/api/billing/checkout',
    tag: TAG,
    summary: 'Start Stripe Checkout for a pack or a plan',
    access: 'session',
    body: checkoutBodySchema,
    responses: { 200: { description: 'The Stripe Checkout page to open', schema: stripeRedirectResponseSchema } },
    errors: { 503: NO_PAYMENTS },
  },
  {
    method: 'post',
    path: '/api/billing/portal',
    tag: TAG,
    summary: 'Open the Stripe customer portal (receipts, plans, payment methods)',
    access: 'session',
    responses: { 200: { description: 'The portal page to open', schema: stripeRedirectResponseSchema } },
    errors: { 409: 'Nothing bought yet', 503: NO_PAYMENTS },
  },
  {
    method: 'post',
    path: STRIPE_WEBHOOK_PATH,
    tag: TAG,
    summary: 'Stripe’s event deliveries (for Stripe, not for clients): signed, so no session or CSRF token',
    access: 'public',
    csrfExempt: true,
    body: stripeEventSchema,
    responses: { 200: { description: 'Received', schema: z.object({ received: z.literal(true), outcome: z.enum(WEBHOOK_OUTCOMES) }) } },
    errors: { 400: 'The Stripe-Signature header does not match the payload, or the payload is not a Stripe event', 503: NO_PAYMENTS },
  },
];
