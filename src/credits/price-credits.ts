import { z } from 'zod';

/** A pack or plan on sale: its name in our API, the Stripe price behind it and the credits it buys. */
export interface PricedCredits {
  name: string;
  priceId: string;
  credits: number;
}

const entryPattern = /^([a-z0-9][a-z0-9_-]{0,39})=(price_[A-Za-z0-9_]+):([1-9][0-9]{0,6})$/;

/**
 * Parses `name=price_id:credits,…` (e.g. `starter=price_123:100`), the format of CREDIT_PACKS
 * and CREDIT_PLANS; a plan's credits are granted once per paid billing period.
 */
export const pricedCreditsSchema = z
  .string()
  .optional()
  .transform((value, context): PricedCredits[] => {
    const entries: PricedCredits[] = [];
    for (const part of (value ?? '').split(',').map((text) => text.trim()).filter(Boolean)) {
      const match = entryPattern.exec(part);
      if (!match) {
        context.addIssue({ code: 'custom', message: `"${part.slice(0, 60)}" is not name=price_id:credits` });
        return z.NEVER;
      }
      if (entries.some((entry) => entry.name === match[1])) {
        context.addIssue({ code: 'custom', message: `"${match[1]}" appears twice` });
        return z.NEVER;
      }
      entries.push({ name: match[1]!, priceId: match[2]!, credits: Number(match[3]) });
    }
    return entries;
  });
