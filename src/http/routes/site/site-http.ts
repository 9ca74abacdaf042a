import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/connect.ts';
import type { MediaStorage } from '../../../media/storage.ts';
import type { SearchIndex } from '../../../search/search-index.ts';
import { combineRouters, type FeatureRoutes } from '../feature-routes.ts';
import { createAssetRouter } from './assets.routes.ts';
import { createHealthRouter } from './health.routes.ts';
import { createMediaRouter } from './media.routes.ts';
import { createSeoRouter } from './seo.routes.ts';

/** What every page stands on: bundled assets, health checks, stored media, robots.txt and sitemaps. */
export function createSiteHttp({ db, searchIndex, storage, config }: { db: Db; searchIndex: SearchIndex; storage: MediaStorage; config: Pick<Config, 'PUBLIC_URL' | 'CRAWLER_USER_AGENT'> }): FeatureRoutes {
  return {
    public: createAssetRouter(),
    routes: combineRouters(
      createHealthRouter({ db, searchIndex }),
      createMediaRouter(storage),
      createSeoRouter({ db, publicUrl: config.PUBLIC_URL, crawlerUserAgent: config.CRAWLER_USER_AGENT }),
    ),
  };
}
