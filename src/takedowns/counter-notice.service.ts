import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ArtworkRemovalService } from './artwork-removal.service.ts';
import { addBusinessDays, RESTORE_AFTER_BUSINESS_DAYS } from './business-days.ts';
import { appendTakedownEvents, type TakedownActor } from './takedown-events.repository.ts';
import type { CounterNoticeInput } from './takedown-input.ts';
import { takedownMessages } from './takedown-mail.ts';

export interface CounterNoticeDeps {
  db: Db;
  removal: ArtworkRemovalService;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
}

/**
 * §512(g): the poster answers a removal; the claimant is told; unless the claimant reports a
 * lawsuit, the item comes back 10 business days later (restoreDue runs on a node-cron schedule).
 */
export function createCounterNoticeService({ db, removal, mailer, clock, logger }: CounterNoticeDeps) {
  return {
    async submit(counter: CounterNoticeInput) {
      const item = await db
        .selectFrom('takedown_items as i')
        .innerJoin('takedown_notices as n', 'n.id', 'i.notice_id')
        .select(['i.id', 'i.notice_id', 'n.reference', 'n.email as claimant_email'])
        .where('i.artwork_id', '=', counter.artworkId)
        .where('i.removed_at', 'is not', null)
        .where('i.restore_snapshot', 'is not', null)
        .orderBy('i.id', 'desc')
        .executeTakeFirst();
      if (!item) throw new NotFoundError('No artwork removed under a notice has this id', 'artworkId');
      const open = await db.selectFrom('takedown_counter_notices').select('id').where('item_id', '=', item.id).where('status', '=', 'waiting').executeTakeFirst();
      if (open) throw new ConflictError('A counter-notice for this artwork is already waiting');
      const now = clock.now();
      const restoreAt = addBusinessDays(now, RESTORE_AFTER_BUSINESS_DAYS);
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('takedown_counter_notices')
          .values({
            item_id: item.id,
            name: counter.name,
            email: counter.email,
            address: counter.address,
            phone: counter.phone ?? null,
            statement: counter.statement,
            signature: counter.signature,
            created_at: now,
            restore_at: restoreAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendTakedownEvents(trx, [{ noticeId: item.notice_id, artworkId: counter.artworkId, action: 'counter_notice_received', actor: 'counter-claimant', detail: { counterNoticeId: row.id, restoreAt: restoreAt.toISOString() } }], now);
        return row.id;
      });
      await mailer.send(takedownMessages.counterNoticeToClaimant(item.claimant_email, item.reference, counter.artworkId, counter, restoreAt));
      await mailer.send(takedownMessages.counterNoticeReceived(counter.email, counter.artworkId, restoreAt));
      return { id, restoreAt };
    },

    /** The claimant told us they filed an action seeking a court order: the item stays down. */
    async reportLawsuit(counterNoticeId: string, actor: TakedownActor, details: string) {
      const now = clock.now();
      const updated = await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('takedown_counter_notices')
          .set({ status: 'lawsuit', closed_at: now })
          .where('id', '=', counterNoticeId)
          .where('status', '=', 'waiting')
          .returning(['id', 'item_id'])
          .executeTakeFirst();
        if (!row) return undefined;
        const item = await trx.selectFrom('takedown_items').select(['notice_id', 'artwork_id']).where('id', '=', row.item_id).executeTakeFirstOrThrow();
        await appendTakedownEvents(trx, [{ noticeId: item.notice_id, artworkId: item.artwork_id, action: 'lawsuit_reported', actor, detail: { counterNoticeId, details } }], now);
        return row;
      });
      if (!updated) throw new NotFoundError(`No waiting counter-notice ${counterNoticeId}`);
    },

    /** Restores every item whose waiting period ended; idempotent, so a missed or repeated run is harmless. */
    async restoreDue(): Promise<number> {
      const due = await db
        .selectFrom('takedown_counter_notices as c')
        .innerJoin('takedown_items as i', 'i.id', 'c.item_id')
        .innerJoin('takedown_notices as n', 'n.id', 'i.notice_id')
        .select(['c.id', 'c.email', 'i.notice_id', 'i.artwork_id', 'i.restore_snapshot', 'n.email as claimant_email'])
        .where('c.status', '=', 'waiting')
        .where('c.restore_at', '<=', clock.now())
        .execute();
      let restored = 0;
      for (const counter of due) {
        const closed = await db
          .updateTable('takedown_counter_notices')
          .set({ status: 'restored', closed_at: clock.now() })
          .where('id', '=', counter.id)
          .where('status', '=', 'waiting')
          .returning('id')
          .executeTakeFirst();
        if (!closed || !counter.restore_snapshot) continue;
        await removal.restore({ artworkId: counter.artwork_id, snapshot: counter.restore_snapshot, actor: 'system', noticeId: counter.notice_id });
        await mailer.send(takedownMessages.restored(counter.email, counter.artwork_id));
        await mailer.send(takedownMessages.restored(counter.claimant_email, counter.artwork_id));
        restored += 1;
      }
      if (restored > 0) logger.info({ restored }, 'artworks restored after counter-notices');
      return restored;
    },
  };
}

export type CounterNoticeService = ReturnType<typeof createCounterNoticeService>;
