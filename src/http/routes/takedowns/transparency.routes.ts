import { Router } from 'express';
import type { Takedowns } from '../../../takedowns/compose-takedowns.ts';
import { toTransparencyReport } from '../../../takedowns/transparency-report.ts';
import { renderTransparencyPage } from '../../../../web/pages/transparency-page.ts';

/** Public counts of notices and removals per month, and strikes per source and author. */
export function createTransparencyRouter(takedowns: Takedowns): Router {
  const router = Router();
  router.get('/transparency', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('html').send(renderTransparencyPage({ report: toTransparencyReport(await takedowns.transparency()), agent: takedowns.agent }));
  });
  router.get('/api/transparency', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(toTransparencyReport(await takedowns.transparency()));
  });
  return router;
}
