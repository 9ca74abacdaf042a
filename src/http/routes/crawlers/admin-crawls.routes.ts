import { Router } from 'express';
import { toCrawlRunResponse } from '../../../../crawlers/crawl-run-dto.ts';
import type { CrawlService } from '../../../../crawlers/crawl.service.ts';
import { renderAdminCrawlsPage } from '../../../../web/pages/admin-crawls-page.ts';
import { adminViewer } from '../../middleware/admin-guard.ts';

const RUNS_PER_SOURCE = 5;

/** /admin/crawls and its JSON twin, behind adminGuard. */
export function createAdminCrawlsRouter({ crawl, sourcesFile }: { crawl: CrawlService; sourcesFile: string }): Router {
  const router = Router();

  router.get('/admin/crawls', async (req, res) => {
    res.type('html').send(renderAdminCrawlsPage({ viewer: adminViewer(req), sources: await crawl.status(RUNS_PER_SOURCE), sourcesFile }));
  });

  router.get('/api/admin/crawls', async (req, res) => {
    const sources = await crawl.status(RUNS_PER_SOURCE);
    res.json({ sources: sources.map((source) => ({ ...source, runs: source.runs.map(toCrawlRunResponse) })) });
  });

  return router;
}
