import { Router } from 'express';
import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { SearchIndex } from '../../../search/search-index.ts';

export function createHealthRouter({ db, searchIndex }: { db: Db; searchIndex: SearchIndex }): Router {
  const router = Router();
  // Liveness: the process answers. Readiness: its dependencies answer too.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, search] = await Promise.all([
      sql`select 1`.execute(db).then(
        () => true,
        () => false,
      ),
      searchIndex.isReachable().catch(() => false),
    ]);
    const ready = database && search;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      checks: { database: database ? 'ok' : 'down', search: search ? 'ok' : 'down', engine: searchIndex.engine },
    });
  });
  return router;
}
