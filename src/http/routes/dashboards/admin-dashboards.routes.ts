import { Router } from 'express';
import { z } from 'zod';
import { toCsv } from '../../../dashboards/csv.ts';
import type { DashboardService } from '../../../dashboards/dashboard.service.ts';
import { parseInput } from '../../middleware/validate.ts';

/** ?days= of /admin and its CSVs: the last N UTC days, today included. */
export const dashboardRangeSchema = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
const panelParamsSchema = z.object({ panel: z.string().regex(/^[a-z-]{1,40}$/, 'must be a dashboard panel name') });

/** Each dashboard panel's numbers as CSV, and the whole dashboard as JSON: behind adminGuard. (The charts are on /admin.) */
export function createAdminDashboardsRouter({ dashboards }: { dashboards: DashboardService }): Router {
  const router = Router();

  router.get('/admin/dashboards/:panel.csv', async (req, res) => {
    const { panel } = parseInput(panelParamsSchema, req.params);
    const { days } = parseInput(dashboardRangeSchema, req.query);
    const found = await dashboards.panel(panel, days);
    res.attachment(`${panel}.csv`).type('text/csv; charset=utf-8').send(toCsv(found.table));
  });

  router.get('/api/admin/dashboards', async (req, res) => {
    const { days } = parseInput(dashboardRangeSchema, req.query);
    res.json(await dashboards.build(days));
  });

  return router;
}
