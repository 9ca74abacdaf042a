import { artworkDetailSchema } from '../../../artworks/artwork-mappers.ts';
import { searchParamsSchema } from '../../../search/search-params.ts';
import { searchResponseSchema } from '../../../search/search-response.ts';
import type { ApiOperation } from '../../openapi/api-operation.ts';
import { artworkIdSchema } from '../../../artworks/artwork-id.ts';

/** The search and artwork API as the OpenAPI document describes it. */
export const searchOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/search',
    tag: 'Search',
    summary: 'Search artworks by the words of their prompts',
    description:
      'Words match anywhere (prompt, then model and tags, then author); `"exact phrase"` and `-word` work; a pasted prompt finds the most similar ones. Repeat `model`, `source` or `aspect` to allow several values. Counts, facets and paging stop at 1,000 matches.',
    access: 'public',
    query: searchParamsSchema,
    responses: { 200: { description: 'A page of hits with facets; on an empty first page, searches that do find something', schema: searchResponseSchema } },
  },
  {
    method: 'get',
    path: '/api/artworks/:id',
    tag: 'Artworks',
    summary: 'One artwork: full prompt, generation parameters, author, original post and similar works',
    description: 'An id merged into another work (the same image crawled twice) answers the surviving work, whose `id` differs.',
    access: 'public',
    params: artworkIdSchema,
    responses: { 200: { description: 'The artwork', schema: artworkDetailSchema } },
    errors: { 400: 'A malformed id', 404: 'No artwork with this id, or one held for review', 451: 'Removed after a takedown notice' },
  },
];
