import { Router } from 'express';

/** What one feature serves over HTTP, handed to createHttpApp as one bundle. */
export interface FeatureRoutes {
  /** Anonymous and the same for everyone (bundled assets, the search API): served before sessions are read. */
  public?: Router;
  /** Served after sessions, authentication and the CSRF check (and adminGuard under /admin, /api/admin). */
  routes: Router;
}

/** One router serving a feature's routers in the given order. */
export function combineRouters(...routers: Router[]): Router {
  const combined = Router();
  for (const router of routers) combined.use(router);
  return combined;
}
