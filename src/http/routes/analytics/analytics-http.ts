import type { AnalyticsRecorder } from '../../../analytics/analytics-recorder.ts';
import { combineRouters, type FeatureRoutes } from '../feature-routes.ts';
import { createPageViewCounter } from './analytics-hooks.ts';
import { createPrivacyRouter } from './privacy.routes.ts';

/**
 * Usage analytics at the edge: the page-view counter (first of the features' routes, so it sees
 * every page's response) and /privacy. The search routes record searches themselves.
 */
export function createAnalyticsHttp({ recorder, retentionMonths }: { recorder: AnalyticsRecorder; retentionMonths: number }): FeatureRoutes {
  return { routes: combineRouters(createPageViewCounter(recorder), createPrivacyRouter({ analyticsRetentionMonths: retentionMonths })) };
}
