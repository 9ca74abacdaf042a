import type { Db } from '../db/connect.ts';
import type { GenerationQueue } from '../generation/generation-queue.ts';

/**
 * Generations waiting or running when the archive was taken had their jobs in the queue's own
 * schema, which a backup does not carry: they are queued again so they finish (and settle their credits).
 */
export async function requeueUnfinishedGenerations(db: Db, queue: Pick<GenerationQueue, 'enqueue'>): Promise<number> {
  const rows = await db.selectFrom('generations').select('id').where('status', 'in', ['queued', 'running']).execute();
  for (const row of rows) await queue.enqueue(row.id);
  return rows.length;
}
