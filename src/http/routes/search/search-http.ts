import { combineRouters, type FeatureRoutes } from '../feature-routes.ts';
import { createArtworkRouter } from './artwork.routes.ts';
import { createPageRouter, type PageRouterDeps } from './pages.routes.ts';
import { searchOperations } from './search-openapi.ts';
import { createSearchRouter } from './search.routes.ts';

/** Search and artworks: the search API (public, no session), the artwork API, the search and artwork pages. */
export function createSearchHttp(deps: PageRouterDeps): FeatureRoutes {
  return {
    public: createSearchRouter(deps.search, deps.analytics),
    routes: combineRouters(createArtworkRouter(deps.artworks), createPageRouter(deps)),
    api: searchOperations,
  };
}
