import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
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

/** A local store can be looked at; an S3 bucket is trusted to be the new, empty one the operator configured. */
export async function localMediaStoreHasObjects(config: Pick<Config, 'STORAGE' | 'DATA_DIR'>): Promise<boolean> {
  if (config.STORAGE !== 'local') return false;
  const entries = await readdir(path.join(config.DATA_DIR, 'media')).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.length > 0;
}
