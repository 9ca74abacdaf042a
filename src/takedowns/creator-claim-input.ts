import { z } from 'zod';

export const creatorClaimSchema = z.object({
  source: z.string().trim().min(1, 'name the source (as shown on the artwork page)').max(100).regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, dot, dash, underscore'),
  // "@name" and "@name@instance" are typed as often as the bare handle.
  handle: z.string().trim().max(200).transform((handle) => handle.replace(/^@/, '')).pipe(z.string().min(1, 'enter your handle on that source')),
});
export type CreatorClaimInput = z.output<typeof creatorClaimSchema>;

export const creatorRemovalSchema = z
  .object({
    all: z.boolean().default(false),
    artworkIds: z.array(z.string().regex(/^\d{1,18}$/)).max(1000).optional(),
  })
  .refine((value) => value.all || (value.artworkIds?.length ?? 0) > 0, { path: ['artworkIds'], message: 'choose artworks, or all of them' });
export type CreatorRemovalInput = z.output<typeof creatorRemovalSchema>;

export const creatorOptOutSchema = z.object({ optedOut: z.boolean() });

export const claimIdParamsSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric claim id') });
