import { z } from 'zod';
import { ASPECTS } from '../artworks/aspect.ts';
import { MAX_QUERY_LENGTH } from './query-syntax.ts';
import { MAX_TOTAL_HITS } from './search-limits.ts';

/** Deepest result reachable by paging: engines count and rank at most this many matches. */
export const MAX_RESULT_WINDOW = MAX_TOTAL_HITS;

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

/** Control characters never belong in a query (and NUL breaks PostgreSQL text). */
const printable = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((value) => ![...value].some(isControlCharacter), 'must not contain control characters');

function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/** The public search parameters, shared by GET /api/search and the server-rendered search page. */
export const searchParamsSchema = z
  .object({
    q: printable(MAX_QUERY_LENGTH).default(''),
    model: multiValue(printable(200)),
    source: multiValue(printable(64)),
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
