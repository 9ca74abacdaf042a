import { z } from 'zod';

/**
 * The parts of Stripe webhook events that billing reads, validated before use. Stripe adds
 * fields freely and has moved some between API versions, so schemas are loose and accept both
 * the older top-level fields and their newer homes.
 */
export const stripeEventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int(),
  data: z.object({ object: z.unknown() }),
});

export type StripeEvent = z.infer<typeof stripeEventSchema>;

const expandable = z.union([z.string(), z.object({ id: z.string() })]).transform((value) => (typeof value === 'string' ? value : value.id));

export const checkoutSessionSchema = z.object({
  id: z.string(),
  mode: z.enum(['payment', 'subscription', 'setup']),
  client_reference_id: z.string().nullish(),
  customer: expandable.nullish(),
  payment_intent: expandable.nullish(),
  payment_status: z.string(),
  amount_total: z.number().int().nullish(),
  currency: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

const invoiceLineSchema = z.object({
  price: z.object({ id: z.string() }).nullish(),
  pricing: z.object({ price_details: z.object({ price: expandable }).nullish() }).nullish(),
  period: z.object({ start: z.number().int(), end: z.number().int() }),
});

export const invoiceSchema = z.object({
  id: z.string(),
  customer: expandable,
  subscription: expandable.nullish(),
  parent: z.object({ subscription_details: z.object({ subscription: expandable }).nullish() }).nullish(),
  payment_intent: expandable.nullish(),
  amount_paid: z.number().int(),
  currency: z.string(),
  lines: z.object({ data: z.array(invoiceLineSchema) }),
});

export const chargeSchema = z.object({
  id: z.string(),
  payment_intent: expandable.nullish(),
  amount: z.number().int().positive(),
  amount_refunded: z.number().int().min(0),
  currency: z.string(),
});

export const disputeSchema = z.object({
  id: z.string(),
  charge: expandable,
  payment_intent: expandable.nullish(),
  amount: z.number().int().min(0),
  currency: z.string(),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  customer: expandable,
  status: z.string(),
  items: z.object({ data: z.array(z.object({ price: z.object({ id: z.string() }) })) }),
});
