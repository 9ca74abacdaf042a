import { Router } from 'express';
import type { ArtworkService } from '../artworks/artwork.service.ts';
import type { DemoLoadState } from '../demo/demo-load-state.ts';
import { NotFoundError } from '../errors.ts';
import { searchParamsSchema } from '../search/search-params.ts';
import type { SearchService } from '../search/search.service.ts';
import { renderArtworkPage } from '../../web/pages/artwork-page.ts';
import { renderSearchPage } from '../../web/pages/search-page.ts';
import { artworkIdSchema } from './artwork.routes.ts';
import { parseInput } from './validate.ts';

export interface PageRouterDeps {
  search: SearchService;
  artworks: ArtworkService;
  /** Absolute origin for canonical and OpenGraph URLs. */
  publicUrl: string;
  /** While a first start loads the demo set, the search page says results are still arriving. */
  demoSet?: Pick<DemoLoadState, 'loading'>;
}

/** The server-rendered pages; they work without JavaScript, web/static/app.js enhances them. */
export function createPageRouter({ search, artworks, publicUrl, demoSet }: PageRouterDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const params = parseInput(searchParamsSchema, req.query);
    const result = await search.search(params);
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
    res.type('html').send(renderArtworkPage({ artwork, publicUrl }));
  });

  return router;
}
