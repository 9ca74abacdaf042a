import { Router } from 'express';
import type { Db } from '../../../db/connect.ts';
import { listRecentErrorGroups } from '../../../errors-log/error-groups.repository.ts';
import { renderAdminErrorsPage } from '../../../../web/pages/admin-errors-page.ts';
import { adminViewer } from '../../middleware/admin-guard.ts';

const GROUPS_SHOWN = 200;

/** /admin/errors and its JSON twin, behind adminGuard. */
export function createAdminErrorsRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/admin/errors', async (req, res) => {
    res.type('html').send(renderAdminErrorsPage({ viewer: adminViewer(req), groups: await listRecentErrorGroups(db, GROUPS_SHOWN) }));
  });

  router.get('/api/admin/errors', async (_req, res) => {
    const groups = await listRecentErrorGroups(db, GROUPS_SHOWN);
    res.json({
      groups: groups.map((group) => ({
        fingerprint: group.fingerprint,
        type: group.error_type,
        message: group.message,
        origin: group.origin,
        count: Number(group.occurrences),
        firstSeenAt: group.first_seen_at.toISOString(),
        lastSeenAt: group.last_seen_at.toISOString(),
        sample: { stack: group.sample_stack, requestId: group.sample_request_id, route: group.sample_route, context: group.sample_context },
      })),
    });
  });

  return router;
}
