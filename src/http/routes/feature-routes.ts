import { Router } from 'express';
import type { ApiOperation } from '../openapi/api-operation.ts';

/** What one feature serves over HTTP, handed to createHttpApp as one bundle. */
export interface FeatureRoutes {
  /** Anonymous and the same for everyone (bundled assets, the search API): served before sessions are read. */
  public?: Router;
  /** Served after sessions, authentication and the CSRF check (and adminGuard under /admin, /api/admin). */
  routes: Router;
  /** Its /api routes as the OpenAPI document describes them (src/http/openapi). */
  api?: ApiOperation[];
}

/** One router serving a feature's routers in the given order. */
export function combineRouters(...routers: Router[]): Router {
  const combined = Router();
  for (const router of routers) combined.use(router);
  return combined;
}
