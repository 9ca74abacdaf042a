import { z } from 'zod';
import { ASPECTS } from '../artworks/aspect.ts';

/** Deepest result reachable by paging; engines count and rank at most this many matches. */
export const MAX_RESULT_WINDOW = 1_000;

/** Accepts one value or repeated ones (`?model=a&model=b`); no comma splitting, since model names contain commas. */
const multiValue = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) =>
      (Array.isArray(value) ? value : value === undefined ? [] : [value])
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    )
    .pipe(z.array(item).max(20));

/** The public search parameters, shared by GET /api/search and the server-rendered search page. */
export const searchParamsSchema = z
  .object({
    q: z.string().max(200, 'at most 200 characters').default(''),
    model: multiValue(z.string().max(200)),
    source: multiValue(z.string().max(64)),
    aspect: multiValue(z.enum(ASPECTS)),
    nsfw: z.enum(['include', 'exclude']).default('exclude'),
    sort: z.enum(['relevance', 'newest']).default('relevance'),
    page: z.coerce.number().int('must be a whole number').min(1).max(MAX_RESULT_WINDOW).default(1),
    limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(24),
  })
  .superRefine((params, ctx) => {
    if ((params.page - 1) * params.limit >= MAX_RESULT_WINDOW) {
      ctx.addIssue({
        code: 'custom',
        path: ['page'],
        message: `only the first ${MAX_RESULT_WINDOW} results can be paged through; narrow the search instead`,
      });
    }
  });

export type SearchParams = z.output<typeof searchParamsSchema>;
