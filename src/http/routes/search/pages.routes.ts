import { Router } from 'express';
import type { AnalyticsRecorder } from '../../../analytics/analytics-recorder.ts';
import type { ArtworkService } from '../../../artworks/artwork.service.ts';
import { aspectBucket } from '../../../artworks/aspect.ts';
import type { DemoLoadState } from '../../../demo/demo-load-state.ts';
import type { CostByAspect } from '../../../generation/models/model-catalogue.ts';
import { NotFoundError } from '../../../errors.ts';
import { searchParamsSchema, type SearchParams } from '../../../search/search-params.ts';
import type { SearchResponse, SearchService } from '../../../search/search.service.ts';
import { renderArtworkPage } from '../../../../web/pages/artwork-page.ts';
import { renderSearchPage } from '../../../../web/pages/search-page.ts';
import { artworkIdSchema } from '../../../artworks/artwork-id.ts';
import { parseInput } from '../../middleware/validate.ts';
import { recordSearch } from '../analytics/analytics-hooks.ts';

export interface PageRouterDeps {
  search: SearchService;
  artworks: ArtworkService;
  /** Absolute origin for canonical and OpenGraph URLs. */
  publicUrl: string;
  /** What each generation model costs per shape, for the price beside "Generate with this prompt". */
  generationCosts?: CostByAspect[];
  /** While a first start loads the demo set, the search page says results are still arriving. */
  demoSet?: Pick<DemoLoadState, 'loading'>;
  /** Where searches are counted (src/analytics). */
  analytics?: AnalyticsRecorder;
}

/** The server-rendered pages; they work without JavaScript, web/static/app.js enhances them. */
export function createPageRouter({ search, artworks, publicUrl, generationCosts = [], demoSet, analytics }: PageRouterDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const params = parseInput(searchParamsSchema, req.query);
    const found = await search.search(params);
    recordSearch(analytics, req, params, found.estimatedTotal);
    const result = await withEveryFacetOption(search, params, found);
    res.type('html').send(renderSearchPage({ params, result, publicUrl, demoLoading: demoSet?.loading ?? false }));
  });

  router.get('/a/:id', async (req, res) => {
    // A malformed id names no artwork: that is a 404 for people, not a 400.
    if (!artworkIdSchema.safeParse(req.params).success) throw new NotFoundError('No artwork at this address');
    const artwork = await artworks.getDetail(req.params.id);
    if (artwork.id !== req.params.id) {
      res.redirect(301, `/a/${artwork.id}`);
      return;
    }
    const aspect = aspectBucket(artwork.width, artwork.height);
    const generateCost = generationCosts.length > 0 ? Math.min(...generationCosts.map((cost) => cost[aspect])) : null;
    res.type('html').send(renderArtworkPage({ artwork, publicUrl, generateCost }));
  });

  return router;
}

const FACET_NAMES = ['model', 'source', 'aspect'] as const;

/**
 * A facet with a value picked would otherwise list only that value (the engine counts within
 * the filtered results): its options and counts come from the same search without that
 * facet's own filter, so the other choices stay on screen. web/static/live-search.js does the same.
 */
async function withEveryFacetOption(search: SearchService, params: SearchParams, result: SearchResponse): Promise<SearchResponse> {
  // An empty page offers the engine's suggestions (one of them without the filters) instead.
  if (result.hits.length === 0) return result;
  const picked = FACET_NAMES.filter((facet) => params[facet].length > 0);
  const counts = await Promise.all(picked.map((facet) => search.search({ ...params, [facet]: [], page: 1, limit: 1 })));
  const facets = { ...result.facets };
  picked.forEach((facet, index) => {
    facets[facet] = counts[index]!.facets[facet];
  });
  return { ...result, facets };
}
