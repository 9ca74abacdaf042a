import { Router } from 'express';
import { searchParamsSchema } from '../../../search/search-params.ts';
import type { SearchService } from '../../../search/search.service.ts';
import { parseInput } from '../../middleware/validate.ts';

export function createSearchRouter(searchService: SearchService): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const params = parseInput(searchParamsSchema, req.query);
    res.setHeader('Cache-Control', 'public, max-age=30');
    res.json(await searchService.search(params));
  });
  return router;
}
