import { Router } from 'express';
import type { AnalyticsRecorder } from '../analytics/analytics-recorder.ts';
import { searchParamsSchema } from '../search/search-params.ts';
import type { SearchService } from '../search/search.service.ts';
import { recordSearch } from './analytics-hooks.ts';
import { parseInput } from './validate.ts';

export function createSearchRouter(searchService: SearchService, analytics?: AnalyticsRecorder): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const params = parseInput(searchParamsSchema, req.query);
    res.setHeader('Cache-Control', 'public, max-age=30');
    const result = await searchService.search(params);
    recordSearch(analytics, req, params, result.estimatedTotal);
    res.json(result);
  });
  return router;
}
