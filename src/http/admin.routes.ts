import { Router } from 'express';
import { z } from 'zod';
import { toMeResponse } from '../accounts/account.ts';
import type { AdminService } from '../accounts/admin.service.ts';
import type { DashboardService } from '../dashboards/dashboard.service.ts';
import { mediaUrl } from '../media/media-keys.ts';
import { renderAdminPage } from '../../web/pages/admin-page.ts';
import { dashboardRangeSchema } from './admin-dashboards.routes.ts';
import { admitAdminPage } from './admin-page-gate.ts';
import { requireAdmin } from './auth-guards.ts';
import { clientIp } from './client-ip.ts';
import { parseInput } from './validate.ts';

const accountIdParamsSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric account id') });
const overviewQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

/** /admin and /api/admin/*: admin accounts whose session passed TOTP, nobody else. */
export function createAdminRouter({ admin, dashboards }: { admin: AdminService; dashboards?: DashboardService }): Router {
  const router = Router();

  router.get('/admin', async (req, res) => {
    const viewer = admitAdminPage(req, res, '/admin');
    if (!viewer) return;
    const { page } = parseInput(overviewQuerySchema, req.query);
    const { days } = parseInput(dashboardRangeSchema, req.query);
    const [overview, dashboard] = await Promise.all([admin.overview({ page }), dashboards?.build(days)]);
    res.type('html').send(renderAdminPage({ viewer, overview, dashboard }));
  });

  router.get('/api/admin/overview', async (req, res) => {
    requireAdmin(req);
    const { page } = parseInput(overviewQuerySchema, req.query);
    const overview = await admin.overview({ page });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ...overview, accounts: overview.accounts.map((account) => toMeResponse(account, mediaUrl)) });
  });

  router.get('/api/admin/accounts/:id/security-log', async (req, res) => {
    requireAdmin(req);
    const { id } = parseInput(accountIdParamsSchema, req.params);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ entries: await admin.securityLogOf(id) });
  });

  router.post('/api/admin/accounts/:id/sessions/revoke', async (req, res) => {
    const actor = requireAdmin(req);
    const { id } = parseInput(accountIdParamsSchema, req.params);
    res.json({ revoked: await admin.revokeSessions({ adminId: actor.id, accountId: id, ip: clientIp(req) }) });
  });

  return router;
}
