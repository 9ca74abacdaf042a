import type { Db } from '../db/connect.ts';
import type { ItemDecision, RestoreSnapshot } from './takedown-tables.ts';

/** Review's verdict on some items of a notice. */
export async function setItemDecisions(db: Db, noticeId: string, artworkIds: string[], decision: ItemDecision) {
  if (artworkIds.length === 0) return;
  await db.updateTable('takedown_items').set({ decision }).where('notice_id', '=', noticeId).where('artwork_id', 'in', artworkIds).execute();
}

/** Keeps what a counter-notice would need to restore the artwork. */
export async function recordItemRemoval(db: Db, noticeId: string, artworkId: string, removedAt: Date, snapshot: RestoreSnapshot) {
  await db
    .updateTable('takedown_items')
    .set({ removed_at: removedAt, restore_snapshot: JSON.stringify(snapshot) })
    .where('notice_id', '=', noticeId)
    .where('artwork_id', '=', artworkId)
    .execute();
}

/** The artwork is back: nothing left to restore. */
export async function clearRestoreSnapshot(db: Db, noticeId: string, artworkId: string) {
  await db.updateTable('takedown_items').set({ restore_snapshot: null }).where('notice_id', '=', noticeId).where('artwork_id', '=', artworkId).execute();
}

/** The newest item that removed this artwork and can still be restored, with its notice's claimant. */
export async function findRestorableItemOfArtwork(db: Db, artworkId: string) {
  return db
    .selectFrom('takedown_items as i')
    .innerJoin('takedown_notices as n', 'n.id', 'i.notice_id')
    .select(['i.id', 'i.notice_id', 'n.reference', 'n.email as claimant_email'])
    .where('i.artwork_id', '=', artworkId)
    .where('i.removed_at', 'is not', null)
    .where('i.restore_snapshot', 'is not', null)
    .orderBy('i.id', 'desc')
    .executeTakeFirst();
}

/** The item must exist (it is named by a row that references it). */
export async function getItemById(db: Db, itemId: string) {
  return db.selectFrom('takedown_items').select(['notice_id', 'artwork_id']).where('id', '=', itemId).executeTakeFirstOrThrow();
}
