import { Router } from 'express';
import type { AnalyticsRecorder } from '../../../analytics/analytics-recorder.ts';
import { searchParamsSchema } from '../../../search/search-params.ts';
import type { SearchService } from '../../../search/search.service.ts';
import { parseInput } from '../../middleware/validate.ts';
import { recordSearch } from '../analytics/analytics-hooks.ts';

export function createSearchRouter(searchService: SearchService, analytics?: AnalyticsRecorder): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const params = parseInput(searchParamsSchema, req.query);
    const result = await searchService.search(params);
    recordSearch(analytics, req, params, result.estimatedTotal);
    const body = JSON.stringify(result);
    res.setHeader('Cache-Control', 'public, max-age=30');
    // Each answer carries its own timing (tookMs), so an ETag could never match: Express's hash
    // of every body (res.json) would be spent for nothing on the busiest route. Sent as a
    // string, the body goes out in one write with the headers, encoded on the way.
    res.type('json').setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  });
  return router;
}
