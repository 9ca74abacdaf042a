import type { Insertable } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { TakedownCounterNoticesTable } from './takedown-tables.ts';

/** What review shows of a notice's counter-notices; unconfirmed ones do not count yet (their filer may not even exist). */
export async function listCounterNoticesForReview(db: Db, noticeId: string) {
  return db
    .selectFrom('takedown_counter_notices as c')
    .innerJoin('takedown_items as i', 'i.id', 'c.item_id')
    .select(['c.id', 'i.artwork_id', 'c.status', 'c.name', 'c.email', 'c.statement', 'c.created_at', 'c.restore_at'])
    .where('i.notice_id', '=', noticeId)
    .where('c.status', '!=', 'unconfirmed')
    .orderBy('c.id')
    .execute();
}

/** One waiting counter-notice per item; `lock` holds the answer until the transaction ends. */
export async function hasWaitingCounterNotice(db: Db, itemId: string, { lock = false }: { lock?: boolean } = {}): Promise<boolean> {
  let query = db.selectFrom('takedown_counter_notices').select('id').where('item_id', '=', itemId).where('status', '=', 'waiting');
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertCounterNotice(db: Db, counterNotice: Insertable<TakedownCounterNoticesTable>) {
  await db.insertInto('takedown_counter_notices').values(counterNotice).execute();
}

/** The unconfirmed counter-notice a mailed link names, while the link is valid, with its item and notice. */
export async function findConfirmableCounterNotice(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('takedown_counter_notices as c')
    .innerJoin('takedown_items as i', 'i.id', 'c.item_id')
    .innerJoin('takedown_notices as n', 'n.id', 'i.notice_id')
    .select(['c.id', 'c.item_id', 'c.name', 'c.email', 'c.address', 'c.phone', 'c.statement', 'i.notice_id', 'i.artwork_id', 'n.reference', 'n.email as claimant_email'])
    .where('c.confirm_token_hash', '=', tokenHash)
    .where('c.status', '=', 'unconfirmed')
    .where('c.restore_at', '>', now)
    .executeTakeFirst();
}

/** Resolves false when it was no longer unconfirmed. */
export async function startWaitingPeriod(db: Db, id: string, confirmedAt: Date, restoreAt: Date): Promise<boolean> {
  const row = await db
    .updateTable('takedown_counter_notices')
    .set({ status: 'waiting', confirmed_at: confirmedAt, confirm_token_hash: null, restore_at: restoreAt })
    .where('id', '=', id)
    .where('status', '=', 'unconfirmed')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Closes a waiting counter-notice as 'lawsuit' or 'restored'; resolves with its item, or undefined when it was not waiting. */
export async function closeWaitingCounterNotice(db: Db, id: string, status: 'lawsuit' | 'restored', closedAt: Date) {
  return db
    .updateTable('takedown_counter_notices')
    .set({ status, closed_at: closedAt })
    .where('id', '=', id)
    .where('status', '=', 'waiting')
    .returning(['id', 'item_id'])
    .executeTakeFirst();
}

/** Waiting counter-notices whose restore time has come, with what restoring and telling both sides needs. */
export async function listCounterNoticesDueForRestore(db: Db, now: Date) {
  return db
    .selectFrom('takedown_counter_notices as c')
    .innerJoin('takedown_items as i', 'i.id', 'c.item_id')
    .innerJoin('takedown_notices as n', 'n.id', 'i.notice_id')
    .select(['c.id', 'c.email', 'i.notice_id', 'i.artwork_id', 'i.restore_snapshot', 'n.email as claimant_email'])
    .where('c.status', '=', 'waiting')
    .where('c.restore_at', '<=', now)
    .execute();
}
