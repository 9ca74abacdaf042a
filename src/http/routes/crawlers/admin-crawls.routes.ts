import { Router } from 'express';
import type { CrawlService } from '../../../../crawlers/crawl.service.ts';
import { renderAdminCrawlsPage } from '../../../../web/pages/admin-crawls-page.ts';
import { admitAdminPage } from '../../middleware/admin-guard.ts';
import { requireAdmin } from '../../middleware/auth-guards.ts';

const RUNS_PER_SOURCE = 5;

/** /admin/crawls and its JSON twin: admins whose session passed TOTP only. */
export function createAdminCrawlsRouter({ crawl, sourcesFile }: { crawl: CrawlService; sourcesFile: string }): Router {
  const router = Router();

  router.get('/admin/crawls', async (req, res) => {
    const viewer = admitAdminPage(req, res, '/admin/crawls');
    if (!viewer) return;
    res.type('html').send(renderAdminCrawlsPage({ viewer, sources: await crawl.status(RUNS_PER_SOURCE), sourcesFile }));
  });

  router.get('/api/admin/crawls', async (req, res) => {
    requireAdmin(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ sources: await crawl.status(RUNS_PER_SOURCE) });
  });

  return router;
}
