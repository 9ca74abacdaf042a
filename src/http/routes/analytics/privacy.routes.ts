import { Router } from 'express';
import { renderPrivacyPage } from '../../../../web/pages/privacy-page.ts';

/** /privacy: what is kept about visitors, with the configured analytics retention. */
export function createPrivacyRouter({ analyticsRetentionMonths }: { analyticsRetentionMonths: number }): Router {
  const router = Router();
  router.get('/privacy', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('html').send(renderPrivacyPage({ analyticsRetentionMonths }));
  });
  return router;
}
