import { Router } from 'express';
import type { CrawlService } from '../../crawlers/crawl.service.ts';
import { toMeResponse } from '../accounts/account.ts';
import { ForbiddenError } from '../errors.ts';
import { mediaUrl } from '../media/media-keys.ts';
import { viewerOf } from '../../web/pages/account-nav.ts';
import { renderAdminCrawlsPage } from '../../web/pages/admin-crawls-page.ts';
import { renderAdminSecondFactorPage } from '../../web/pages/admin-page.ts';
import { hasPassedSecondFactor, requireAdmin } from './auth-guards.ts';

const RUNS_PER_SOURCE = 5;

/** /admin/crawls and its JSON twin: admins whose session passed TOTP only. */
export function createAdminCrawlsRouter({ crawl, sourcesFile }: { crawl: CrawlService; sourcesFile: string }): Router {
  const router = Router();

  router.get('/admin/crawls', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!req.user) return res.redirect(303, '/sign-in?next=/admin/crawls');
    if (req.user.role !== 'admin') throw new ForbiddenError('Only admins can open this page');
    const viewer = viewerOf(toMeResponse(req.user, mediaUrl));
    if (!hasPassedSecondFactor(req)) return res.type('html').send(renderAdminSecondFactorPage(viewer));
    res.type('html').send(renderAdminCrawlsPage({ viewer, sources: await crawl.status(RUNS_PER_SOURCE), sourcesFile }));
  });

  router.get('/api/admin/crawls', async (req, res) => {
    requireAdmin(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ sources: await crawl.status(RUNS_PER_SOURCE) });
  });

  return router;
}
