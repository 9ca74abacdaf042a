import { findAccountById } from '../accounts/account.repository.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ArtworkRemovalService } from './artwork-removal.service.ts';
import { appendTakedownEvents, listEventsOfNotice, type TakedownActor } from './takedown-events.repository.ts';
import type { ReviewDecision } from './takedown-input.ts';
import { takedownMessages } from './takedown-mail.ts';
import { listCounterNoticesForReview } from './counter-notice.repository.ts';
import { setItemDecisions } from './takedown-item.repository.ts';
import { appendInternalNote, findNoticeById, listItemsForReview, listNoticesForQueue, recordNoticeDecision, setNoticeAssignee } from './takedown-notice.repository.ts';
import type { NoticeStatus } from './takedown-tables.ts';

export interface TakedownReviewDeps {
  db: Db;
  removal: ArtworkRemovalService;
  mailer: Mailer;
  clock: Clock;
}

const QUEUE_LIMIT = 200;

/** The admin queue and the CLI: look at notices, note, assign, and decide item by item. */
export function createTakedownReviewService({ db, removal, mailer, clock }: TakedownReviewDeps) {
  async function requireNotice(id: string) {
    const notice = await findNoticeById(db, id);
    if (!notice) throw new NotFoundError(`No takedown notice ${id}`);
    return notice;
  }

  return {
    /** Default: what waits for a decision. */
    list(statuses: NoticeStatus[] = ['queued']) {
      return listNoticesForQueue(db, statuses, QUEUE_LIMIT);
    },

    async show(id: string) {
      const notice = await requireNotice(id);
      const [items, events, counterNotices] = await Promise.all([listItemsForReview(db, id), listEventsOfNotice(db, id), listCounterNoticesForReview(db, id)]);
      return { notice, items, events, counterNotices };
    },

    /**
     * Approve (all items, or only `removeArtworkIds`, keeping the rest) or reject with a reason.
     * The decision is recorded in the same transaction that removes the items.
     */
    async decide(id: string, decision: ReviewDecision, actor: TakedownActor) {
      const notice = await requireNotice(id);
      if (notice.status !== 'queued') throw new ConflictError(`Notice ${notice.reference} is ${notice.status}, not waiting for review`);
      const items = await listItemsForReview(db, id);
      const itemIds = new Set(items.map((item) => item.artwork_id));
      const removeIds = decision.decision === 'reject' ? [] : (decision.removeArtworkIds ?? [...itemIds]);
      const strangers = removeIds.filter((artworkId) => !itemIds.has(artworkId));
      if (strangers.length > 0) throw new ValidationError(`Not items of this notice: ${strangers.join(', ')}`, 'removeArtworkIds');
      if (decision.decision === 'approve' && removeIds.length === 0) throw new ValidationError('Choose at least one item to remove, or reject the notice', 'removeArtworkIds');
      const keepIds = [...itemIds].filter((artworkId) => !removeIds.includes(artworkId));
      const status: NoticeStatus = decision.decision === 'reject' ? 'rejected' : keepIds.length === 0 ? 'approved' : 'partial';
      const reason = decision.reason ?? null;
      const now = clock.now();

      const recordDecision = async (trx: Db) => {
        await recordNoticeDecision(trx, id, { status, decidedAt: now, reason });
        await setItemDecisions(trx, id, removeIds, 'remove');
        await setItemDecisions(trx, id, keepIds, 'keep');
        await appendTakedownEvents(
          trx,
          [
            ...keepIds.map((artworkId) => ({ noticeId: id, artworkId, action: 'item_kept' as const, actor })),
            { noticeId: id, action: `notice_${status}` as 'notice_approved' | 'notice_partial' | 'notice_rejected', actor, detail: { reason, removed: removeIds.length, kept: keepIds.length } },
          ],
          now,
        );
      };
      if (removeIds.length > 0) {
        await removal.remove({ artworkIds: removeIds, actor, noticeId: id, reason: `DMCA notice ${notice.reference}`, withinTransaction: recordDecision });
      } else {
        await db.transaction().execute(recordDecision);
      }
      await mailer.send(takedownMessages.noticeDecided(notice.email, notice.reference, status as 'approved' | 'partial' | 'rejected', removeIds.length, keepIds.length, reason));
      return { reference: notice.reference, status, removed: removeIds, kept: keepIds };
    },

    async addNote(id: string, note: string, actor: TakedownActor) {
      await requireNotice(id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await appendInternalNote(trx, id, `[${now.toISOString()} ${actor}] ${note}`);
        await appendTakedownEvents(trx, [{ noticeId: id, action: 'notice_note_added', actor }], now);
      });
    },

    async assign(id: string, assigneeId: string | null, actor: TakedownActor) {
      await requireNotice(id);
      if (assigneeId) {
        const assignee = await findAccountById(db, assigneeId);
        if (assignee?.role !== 'admin') throw new ValidationError('Notices can only be assigned to admins', 'assigneeId');
      }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await setNoticeAssignee(trx, id, assigneeId);
        await appendTakedownEvents(trx, [{ noticeId: id, action: 'notice_assigned', actor, detail: { assigneeId } }], now);
      });
    },
  };
}

export type TakedownReviewService = ReturnType<typeof createTakedownReviewService>;
