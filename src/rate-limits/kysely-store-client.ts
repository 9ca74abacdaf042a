import { CompiledQuery } from 'kysely';
import type { Db } from '../db/connect.ts';

/**
 * The one method rate-limiter-flexible's PostgreSQL store calls on a `pg` pool, answered through
 * the app's own pool: counters need no second set of connections.
 */
export function kyselyStoreClient(db: Db) {
  return {
    async query({ text, values }: { text: string; values?: unknown[] }) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows, rowCount: result.numAffectedRows === undefined ? result.rows.length : Number(result.numAffectedRows) };
    },
  };
}
