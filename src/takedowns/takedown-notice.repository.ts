import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { NewTakedownNotice, NoticeStatus } from './takedown-tables.ts';

/** Notices still open to merging: not yet decided. */
export async function findOpenNoticeByDedupeKey(db: Db, dedupeKey: string) {
  return db
    .selectFrom('takedown_notices')
    .select(['id', 'reference', 'status', 'email'])
    .where('dedupe_key', '=', dedupeKey)
    .where('status', 'in', ['unconfirmed', 'queued'])
    .orderBy('id')
    .executeTakeFirst();
}

export async function insertNoticeWithItems(db: Db, notice: NewTakedownNotice, items: { artworkId: string; source: string; authorHandle: string | null }[]) {
  const { id } = await db.insertInto('takedown_notices').values(notice).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('takedown_items')
    .values(items.map((item) => ({ notice_id: id, artwork_id: item.artworkId, source: item.source, author_handle: item.authorHandle })))
    .execute();
  return id;
}

/** A repeated unconfirmed notice: the new confirmation link replaces the old one. */
export async function renewNoticeConfirmToken(db: Db, id: string, tokenHash: string) {
  await db.updateTable('takedown_notices').set({ confirm_token_hash: tokenHash }).where('id', '=', id).execute();
}

/** The claimant confirmed: the notice enters the review queue and its link stops working. */
export async function queueConfirmedNotice(db: Db, id: string, confirmedAt: Date) {
  await db.updateTable('takedown_notices').set({ status: 'queued', confirmed_at: confirmedAt, confirm_token_hash: null }).where('id', '=', id).execute();
}

export async function recordNoticeDecision(db: Db, id: string, decision: { status: NoticeStatus; decidedAt: Date; reason: string | null }) {
  await db.updateTable('takedown_notices').set({ status: decision.status, decided_at: decision.decidedAt, decision_reason: decision.reason }).where('id', '=', id).execute();
}

export async function setNoticeAssignee(db: Db, id: string, assigneeId: string | null) {
  await db.updateTable('takedown_notices').set({ assignee_id: assigneeId }).where('id', '=', id).execute();
}

/** One statement, so notes added at the same moment each land below the other instead of one replacing the other. */
export async function appendInternalNote(db: Db, id: string, line: string) {
  await db
    .updateTable('takedown_notices')
    .set({ internal_notes: sql<string>`case when internal_notes = '' then ${line}::text else internal_notes || ${`\n${line}`}::text end` })
    .where('id', '=', id)
    .execute();
}

export async function findNoticeById(db: Db, id: string) {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return db.selectFrom('takedown_notices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findNoticeByReference(db: Db, reference: string) {
  return db.selectFrom('takedown_notices').selectAll().where('reference', '=', reference).executeTakeFirst();
}

export async function findNoticeByConfirmTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('takedown_notices').selectAll().where('confirm_token_hash', '=', tokenHash).executeTakeFirst();
}

/** The review queue: notices in the given states, oldest first, with their item counts. */
export async function listNoticesForQueue(db: Db, statuses: NoticeStatus[], limit: number) {
  return db
    .selectFrom('takedown_notices as n')
    .leftJoin('accounts as a', 'a.id', 'n.assignee_id')
    .select((eb) => [
      'n.id',
      'n.reference',
      'n.status',
      'n.claimant_name',
      'n.email',
      'n.created_at',
      'n.confirmed_at',
      'n.decided_at',
      'a.email as assignee_email',
      eb.selectFrom('takedown_items as i').select((sub) => sub.fn.countAll<string>().as('count')).whereRef('i.notice_id', '=', 'n.id').as('item_count'),
    ])
    .where('n.status', 'in', statuses)
    .orderBy('n.id')
    .limit(limit)
    .execute();
}

/** A notice's items with what review shows side by side: the artwork's current state and thumbnail. */
export async function listItemsForReview(db: Db, noticeId: string) {
  return db
    .selectFrom('takedown_items as i')
    .innerJoin('artworks as a', 'a.id', 'i.artwork_id')
    .select([
      'i.id',
      'i.artwork_id',
      'i.source',
      'i.author_handle',
      'i.decision',
      'i.removed_at',
      'a.post_url',
      'a.image_url',
      'a.prompt',
      'a.thumbnail_key',
      'a.takedown_state',
    ])
    .where('i.notice_id', '=', noticeId)
    .orderBy('i.id')
    .execute();
}
