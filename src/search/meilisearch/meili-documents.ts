import { z } from 'zod';
import type { SearchDocument } from '../search-index.ts';

/** A SearchDocument as Meilisearch hands it back; checked, since the index may hold anything. */
export const searchDocumentSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  negativePrompt: z.string().nullable(),
  model: z.string().nullable(),
  tags: z.array(z.string()),
  authorHandle: z.string().nullable(),
  authorName: z.string().nullable(),
  authorUrl: z.string().nullable(),
  source: z.string(),
  sourceUrl: z.string(),
  thumbnailUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
  width: z.number(),
  height: z.number(),
  aspect: z.enum(['square', 'portrait', 'landscape']),
  nsfw: z.boolean(),
  placeholder: z.string(),
  // Stored without the field when unknown (see toMeiliDocument).
  publishedAt: z.number().nullable().default(null),
}) satisfies z.ZodType<SearchDocument>;

export const SEARCH_DOCUMENT_FIELDS = Object.keys(searchDocumentSchema.shape);

/** Meilisearch sorts documents without the sort field after all others: "newest" puts unknown dates last. */
export function toMeiliDocument(document: SearchDocument): Omit<SearchDocument, 'publishedAt'> & { publishedAt?: number } {
  const { publishedAt, ...rest } = document;
  return publishedAt === null ? rest : { ...rest, publishedAt };
}

export const searchResponseSchema = z.object({
  hits: z.array(
    searchDocumentSchema.extend({
      _formatted: z.object({ prompt: z.string() }).partial().optional(),
    }),
  ),
  estimatedTotalHits: z.number().int().nonnegative().default(0),
  facetDistribution: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())).default({}),
});
