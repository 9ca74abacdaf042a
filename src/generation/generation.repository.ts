import { sql, type Insertable } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { GenerationsTable, GenerationStatus } from './generation-tables.ts';

/** Serialises accept and claim decisions per account (queued cap, running limit) for one transaction. */
export async function lockAccountGenerations(trx: Db, accountId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`generations:${accountId}`}, 0))`.execute(trx);
}

export async function insertGeneration(trx: Db, values: Insertable<GenerationsTable>) {
  return trx.insertInto('generations').values(values).returning(['id', 'status']).executeTakeFirstOrThrow();
}

export async function countGenerationsInStatus(trx: Db, accountId: string, status: GenerationStatus, exceptId?: string): Promise<number> {
  let query = trx.selectFrom('generations').select((eb) => eb.fn.countAll<string>().as('count')).where('account_id', '=', accountId).where('status', '=', status);
  if (exceptId) query = query.where('id', '<>', exceptId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** For the owner's API: another account's id finds nothing. */
export async function findGenerationForOwner(db: Db, id: string, accountId: string) {
  return db
    .selectFrom('generations')
    .select(['id', 'status', 'model', 'aspect', 'seed', 'cost', 'artwork_id', 'error', 'gallery_item_id', 'created_at', 'started_at', 'finished_at'])
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function findGenerationForJob(db: Db, id: string) {
  return db.selectFrom('generations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** queued → running, or running → running when a previous worker died; bumps the attempt. */
export async function markGenerationRunning(trx: Db, id: string, now: Date) {
  return trx
    .updateTable('generations')
    .set((eb) => ({ status: 'running', attempt: eb('attempt', '+', 1), started_at: now }))
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
}

/** A transient failure on the first attempt: back to queued for the queue's retry. */
export async function requeueGeneration(db: Db, id: string, attempt: number, error: string) {
  const result = await db.updateTable('generations').set({ status: 'queued', error }).where('id', '=', id).where('status', '=', 'running').where('attempt', '=', attempt).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The one way a generation ends. Only the caller whose UPDATE matches moves it (and so bills or
 * refunds); `attempt` keeps a worker whose job was already retried from finishing the newer attempt.
 * The prompt is cleared: from now on it lives only with the gallery item.
 */
export async function finishGeneration(
  db: Db,
  id: string,
  transition: { from: GenerationStatus[]; to: 'succeeded' | 'failed' | 'canceled'; attempt?: number; accountId?: string; error?: string; galleryItemId?: string; now: Date },
): Promise<{ id: string; reference_key: string | null } | undefined> {
  let query = db
    .updateTable('generations')
    .set({
      status: transition.to,
      finished_at: transition.now,
      prompt: null,
      negative_prompt: null,
      reference_key: null,
      error: transition.error ?? null,
      gallery_item_id: transition.galleryItemId ?? null,
    })
    .where('id', '=', id)
    .where('status', 'in', transition.from);
  if (transition.attempt !== undefined) query = query.where('attempt', '=', transition.attempt);
  if (transition.accountId !== undefined) query = query.where('account_id', '=', transition.accountId);
  // The reference key as it was before this update (a CTE-free trick: the old row via a self-join).
  return query.returning(['id', sql<string | null>`(select g.reference_key from generations g where g.id = generations.id)`.as('reference_key')]).executeTakeFirst();
}

export async function isReferenceKeyInUse(db: Db, key: string): Promise<boolean> {
  const row = await db.selectFrom('generations').select('id').where('reference_key', '=', key).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function deleteGenerationsOfAccount(trx: Db, accountId: string): Promise<string[]> {
  const rows = await trx.deleteFrom('generations').where('account_id', '=', accountId).returning('reference_key').execute();
  return rows.flatMap((row) => (row.reference_key ? [row.reference_key] : []));
}

export async function listGenerationsForAccountExport(db: Db, accountId: string) {
  return db.selectFrom('generations').select(['id', 'status', 'model', 'aspect', 'created_at', 'finished_at']).where('account_id', '=', accountId).orderBy('created_at').execute();
}

export async function artworkExists(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('artworks').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
