import { Router } from 'express';
import { z } from 'zod';
import { toMeResponse } from '../../../accounts/account.ts';
import type { AdminService } from '../../../accounts/admin.service.ts';
import type { DashboardService } from '../../../dashboards/dashboard.service.ts';
import { mediaUrl } from '../../../media/media-keys.ts';
import { renderAdminPage } from '../../../../web/pages/admin-page.ts';
import { adminViewer, currentAdmin } from '../../middleware/admin-guard.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { parseInput } from '../../middleware/validate.ts';
import { dashboardRangeSchema } from '../dashboards/admin-dashboards.routes.ts';

const accountIdParamsSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric account id') });
const overviewQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

/** /admin and /api/admin/*: behind adminGuard (admins whose session passed TOTP). */
export function createAdminRouter({ admin, dashboards }: { admin: AdminService; dashboards?: DashboardService }): Router {
  const router = Router();

  router.get('/admin', async (req, res) => {
    const viewer = adminViewer(req);
    const { page } = parseInput(overviewQuerySchema, req.query);
    const { days } = parseInput(dashboardRangeSchema, req.query);
    const [overview, dashboard] = await Promise.all([admin.overview({ page }), dashboards?.build(days)]);
    res.type('html').send(renderAdminPage({ viewer, overview, dashboard }));
  });

  router.get('/api/admin/overview', async (req, res) => {
    const { page } = parseInput(overviewQuerySchema, req.query);
    const overview = await admin.overview({ page });
    res.json({ ...overview, accounts: overview.accounts.map((account) => toMeResponse(account, mediaUrl)) });
  });

  router.get('/api/admin/accounts/:id/security-log', async (req, res) => {
    const { id } = parseInput(accountIdParamsSchema, req.params);
    res.json({ entries: await admin.securityLogOf(id) });
  });

  router.post('/api/admin/accounts/:id/sessions/revoke', async (req, res) => {
    const actor = currentAdmin(req);
    const { id } = parseInput(accountIdParamsSchema, req.params);
    res.json({ revoked: await admin.revokeSessions({ adminId: actor.id, accountId: id, ip: clientIp(req) }) });
  });

  return router;
}
