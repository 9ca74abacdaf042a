import { z } from 'zod';

const offerSchema = z.object({ name: z.string(), credits: z.number().int() });

/** GET /api/billing/offers: credit packs (once) and plans (credits each paid month) on sale. */
export const offersResponseSchema = z.object({ packs: z.array(offerSchema), plans: z.array(offerSchema) });

export type OffersResponse = z.infer<typeof offersResponseSchema>;

/** Checkout and the customer portal: a Stripe page for the browser to open. */
export const stripeRedirectResponseSchema = z.object({ url: z.url() });
