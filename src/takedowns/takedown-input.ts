import { z } from 'zod';
import { emailSchema } from '../accounts/account-input.ts';

const requiredText = (what: string, max: number) =>
  z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(max, `at most ${max} characters`);
const optionalText = (max: number) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), z.string().trim().max(max, `at most ${max} characters`).optional());

/** A sworn statement must be made explicitly: `true`, or a ticked form checkbox ("on"). */
const attestation = (statement: string) =>
  z.preprocess((value) => (value === 'on' || value === 'true' ? true : value), z.literal(true, { error: `you must state that ${statement}` }));

/** Artwork page URLs or ids; the form sends one per line. */
const itemList = (maxItems: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value),
    z
      .array(z.string().trim().min(1).max(2000), { error: 'list the artwork pages (URLs or ids) to remove' })
      .min(1, 'list the artwork pages (URLs or ids) to remove')
      .max(maxItems, `at most ${maxItems} items per notice; send the rest as another notice`),
  );

/** The elements of a notice under 17 U.S.C. §512(c)(3)(A); every one is required. */
export function takedownNoticeSchema(maxItems: number) {
  return z.object({
    claimantName: requiredText('your name', 200),
    email: emailSchema,
    address: optionalText(500),
    phone: optionalText(50),
    copyrightedWork: requiredText('a description of the copyrighted work', 5000),
    items: itemList(maxItems),
    goodFaith: attestation('you believe in good faith that the use is not authorised'),
    accurateUnderPenaltyOfPerjury: attestation('the notice is accurate and, under penalty of perjury, that you may act for the owner'),
    signature: requiredText('your signature (your full name)', 200),
  });
}

export type TakedownNoticeInput = z.output<ReturnType<typeof takedownNoticeSchema>>;

/** The elements of a counter-notice under §512(g)(3). */
export const counterNoticeSchema = z.object({
  artworkId: z.string().trim().regex(/^\d{1,18}$/, 'must be a numeric artwork id'),
  name: requiredText('your name', 200),
  email: emailSchema,
  address: requiredText('your address', 500),
  phone: optionalText(50),
  mistakeUnderPenaltyOfPerjury: attestation('under penalty of perjury, the material was removed by mistake or misidentification'),
  consentToJurisdiction: attestation('you consent to the jurisdiction of the federal court and accept service from the claimant'),
  statement: requiredText('your explanation', 5000),
  signature: requiredText('your signature (your full name)', 200),
});

export type CounterNoticeInput = z.output<typeof counterNoticeSchema>;

export const reviewDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    /** Artwork ids to remove; the notice's other items are kept. Absent on approve: every item. */
    removeArtworkIds: z.array(z.string().regex(/^\d{1,18}$/)).max(1000).optional(),
    reason: optionalText(2000),
  })
  .refine((value) => value.decision !== 'reject' || (value.reason ?? '').length > 0, { path: ['reason'], message: 'say why the notice is rejected' });

export type ReviewDecision = z.output<typeof reviewDecisionSchema>;
