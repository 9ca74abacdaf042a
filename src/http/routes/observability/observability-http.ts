import type { Registry } from 'prom-client';
import type { Db } from '../../../db/connect.ts';
import type { FeatureRoutes } from '../feature-routes.ts';
import { createAdminErrorsRouter } from './admin-errors.routes.ts';
import { createMetricsRouter } from './metrics.routes.ts';

/** What an operator reads: /metrics for Prometheus (before sessions, so a scrape makes none) and /admin/errors. */
export function createObservabilityHttp({ db, registry, metricsToken }: { db: Db; registry: Registry; metricsToken: string | undefined }): FeatureRoutes {
  return {
    public: createMetricsRouter({ registry, token: metricsToken }),
    routes: createAdminErrorsRouter({ db }),
  };
}
