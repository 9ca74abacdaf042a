import { z } from 'zod';

/**
 * An operator's correction of a balance, as both the admin API and `credits grant` take it.
 * The amount is a JSON integer or the decimal digits a form field or command line sends:
 * never true, ["3"], "1.5" or "0x10".
 */
export const creditAdjustmentSchema = z.object({
  amount: z
    .union([z.number(), z.string().trim().regex(/^[+-]?\d{1,7}$/, 'must be a whole number').transform(Number)], { error: 'must be a whole number' })
    .pipe(z.number().int('must be a whole number').min(-1_000_000).max(1_000_000))
    .refine((amount) => amount !== 0, 'must not be 0'),
  reason: z.string().trim().min(3, 'say why, in a few words').max(200),
});
