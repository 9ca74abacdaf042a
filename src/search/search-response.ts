import { z } from 'zod';
import { artworkCardSchema } from '../artworks/artwork-mappers.ts';
import { searchSuggestionSchema } from './search-suggestions.ts';

/** Counts per value, for the values present in the first 1,000 matches. */
const facetCountsSchema = z.record(z.string(), z.number().int());

/** The JSON shape of GET /api/search. */
export const searchResponseSchema = z.object({
  hits: z.array(artworkCardSchema.extend({ highlightedPrompt: z.string().describe('The prompt, HTML-escaped, matches in <mark>') })),
  estimatedTotal: z.number().int().describe('Stops at 1,000'),
  page: z.number().int(),
  limit: z.number().int(),
  facets: z.object({ model: facetCountsSchema, source: facetCountsSchema, aspect: facetCountsSchema }),
  correctedQuery: z.string().nullable().describe('The query with typos corrected, when it was'),
  suggestions: z.array(searchSuggestionSchema).describe('Searches that do find something, when this one found nothing (first page only)'),
  tookMs: z.number(),
});

export type SearchResponse = z.infer<typeof searchResponseSchema>;
