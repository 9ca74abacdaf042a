import type { Takedowns } from '../../../takedowns/compose-takedowns.ts';
import { combineRouters, type FeatureRoutes } from '../feature-routes.ts';
import { createTakedownAdminRouter } from './takedown-admin.routes.ts';
import { createTakedownClaimsRouter } from './takedown-claims.routes.ts';
import { createNoticeRouter } from './takedown-notice.routes.ts';
import { takedownOperations } from './takedowns-openapi.ts';
import { createTransparencyRouter } from './transparency.routes.ts';

/** Every takedown route: public intake, admin review, creator claims and the transparency page. */
export function createTakedownsHttp({ takedowns }: { takedowns: Takedowns }): FeatureRoutes {
  return {
    routes: combineRouters(createNoticeRouter(takedowns), createTakedownAdminRouter(takedowns), createTakedownClaimsRouter(takedowns), createTransparencyRouter(takedowns)),
    api: takedownOperations(takedowns.intake.schema),
  };
}
