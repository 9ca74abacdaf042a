import { hashEmailedToken, newEmailedToken } from '../accounts/emailed-token.ts';
import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import type { RateLimiter, RateLimitRule } from '../rate-limits/rate-limiter.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ArtworkRemovalService } from './artwork-removal.service.ts';
import { addBusinessDays, RESTORE_AFTER_BUSINESS_DAYS } from './business-days.ts';
import {
  closeWaitingCounterNotice,
  findConfirmableCounterNotice,
  hasWaitingCounterNotice,
  insertCounterNotice,
  listCounterNoticesDueForRestore,
  startWaitingPeriod,
} from './counter-notice.repository.ts';
import { findRestorableItemOfArtwork, getItemById } from './takedown-item.repository.ts';
import { appendTakedownEvents, type TakedownActor } from './takedown-events.repository.ts';
import type { CounterNoticeInput } from './takedown-input.ts';
import { takedownMessages } from './takedown-mail.ts';

export interface CounterNoticeDeps {
  db: Db;
  removal: ArtworkRemovalService;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  rateLimiter: RateLimiter;
  hasher: IdentifierHasher;
  publicUrl: string;
}

const PER_IP: RateLimitRule = { name: 'counter-notice-ip', limit: 10, windowSeconds: 3600, message: 'Too many counter-notices from this address' };
const PER_EMAIL: RateLimitRule = { name: 'counter-notice-email', limit: 5, windowSeconds: 3600, message: 'Too many counter-notices from this email address' };
/** An unconfirmed counter-notice's link works this long. */
const CONFIRM_TTL_MS = 48 * 60 * 60 * 1000;

/**
 * §512(g): the poster answers a removal and confirms their address through a mailed link (as
 * claimants confirm notices); only then is the claimant told and does it count. Unless the
 * claimant reports a lawsuit, the item comes back 10 business days after confirmation
 * (restoreDue runs on a node-cron schedule).
 */
export function createCounterNoticeService({ db, removal, mailer, clock, logger, rateLimiter, hasher, publicUrl }: CounterNoticeDeps) {
  return {
    /** Records the counter-notice as unconfirmed and mails its filer a confirmation link; nobody else hears of it yet. */
    async submit(counter: CounterNoticeInput, { ip }: { ip?: string | undefined } = {}) {
      await rateLimiter.consume(PER_IP, hasher.hashIp(ip) ?? 'unknown');
      await rateLimiter.consume(PER_EMAIL, hasher.hashEmail(counter.email));
      const item = await findRestorableItemOfArtwork(db, counter.artworkId);
      if (!item) throw new NotFoundError('No artwork removed under a notice has this id', 'artworkId');
      if (await hasWaitingCounterNotice(db, item.id)) throw new ConflictError('A counter-notice for this artwork is already waiting');
      const now = clock.now();
      const { token, tokenHash } = newEmailedToken();
      await insertCounterNotice(db, {
        item_id: item.id,
        status: 'unconfirmed',
        name: counter.name,
        email: counter.email,
        address: counter.address,
        phone: counter.phone ?? null,
        statement: counter.statement,
        signature: counter.signature,
        created_at: now,
        // Set for real at confirmation; until then it is the link's expiry.
        restore_at: new Date(now.getTime() + CONFIRM_TTL_MS),
        confirm_token_hash: tokenHash,
      });
      await mailer.send(takedownMessages.confirmCounterNotice(counter.email, counter.artworkId, `${publicUrl}/dmca/counter-notice/confirm?token=${token}`));
    },

    /** The link in the filer's mail: the counter-notice counts from now, and the claimant is told. */
    async confirm(token: string) {
      const now = clock.now();
      const pending = await findConfirmableCounterNotice(db, hashEmailedToken(token), now);
      if (!pending) throw new NotFoundError('This confirmation link is not valid (any more)');
      const restoreAt = addBusinessDays(now, RESTORE_AFTER_BUSINESS_DAYS);
      const confirmed = await db.transaction().execute(async (trx) => {
        // One waiting counter-notice per item: a second confirmed meanwhile loses.
        if (await hasWaitingCounterNotice(trx, pending.item_id, { lock: true })) return false;
        if (!(await startWaitingPeriod(trx, pending.id, now, restoreAt))) return false;
        await appendTakedownEvents(trx, [{ noticeId: pending.notice_id, artworkId: pending.artwork_id, action: 'counter_notice_received', actor: 'counter-claimant', detail: { counterNoticeId: pending.id, restoreAt: restoreAt.toISOString() } }], now);
        return true;
      });
      if (!confirmed) throw new ConflictError('A counter-notice for this artwork is already waiting');
      const counter = { name: pending.name, email: pending.email, address: pending.address, phone: pending.phone ?? undefined, statement: pending.statement };
      await mailer.send(takedownMessages.counterNoticeToClaimant(pending.claimant_email, pending.reference, pending.artwork_id, counter, restoreAt));
      await mailer.send(takedownMessages.counterNoticeReceived(pending.email, pending.artwork_id, restoreAt));
      return { id: pending.id, artworkId: pending.artwork_id, restoreAt };
    },

    /** The claimant told us they filed an action seeking a court order: the item stays down. */
    async reportLawsuit(counterNoticeId: string, actor: TakedownActor, details: string) {
      const now = clock.now();
      const updated = await db.transaction().execute(async (trx) => {
        const row = await closeWaitingCounterNotice(trx, counterNoticeId, 'lawsuit', now);
        if (!row) return undefined;
        const item = await getItemById(trx, row.item_id);
        await appendTakedownEvents(trx, [{ noticeId: item.notice_id, artworkId: item.artwork_id, action: 'lawsuit_reported', actor, detail: { counterNoticeId, details } }], now);
        return row;
      });
      if (!updated) throw new NotFoundError(`No waiting counter-notice ${counterNoticeId}`);
    },

    /** Restores every item whose waiting period ended; idempotent, so a missed or repeated run is harmless. */
    async restoreDue(): Promise<number> {
      const due = await listCounterNoticesDueForRestore(db, clock.now());
      let restored = 0;
      for (const counter of due) {
        const closed = await closeWaitingCounterNotice(db, counter.id, 'restored', clock.now());
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
