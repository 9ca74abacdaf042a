import { createHash, randomBytes } from 'node:crypto';
import type { NoticeReceipt } from './takedown-dto.ts';
import { hashEmailedToken, newEmailedToken } from '../accounts/emailed-token.ts';
import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import type { RateLimiter, RateLimitRule } from '../rate-limits/rate-limiter.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { DependencyUnavailableError, NotFoundError, ValidationError } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { resolveNoticeItems } from './item-references.ts';
import { appendTakedownEvents } from './takedown-events.repository.ts';
import { takedownNoticeSchema } from './takedown-input.ts';
import { takedownMessages } from './takedown-mail.ts';
import { findNoticeByConfirmTokenHash, findOpenNoticeByDedupeKey, insertNoticeWithItems, queueConfirmedNotice, renewNoticeConfirmToken } from './takedown-notice.repository.ts';

export interface TakedownIntakeDeps {
  db: Db;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  hasher: IdentifierHasher;
  clock: Clock;
  publicUrl: string;
  intake: 'open' | 'paused';
  maxItems: number;
}

const PER_IP: RateLimitRule = { name: 'takedown-notice-ip', limit: 10, windowSeconds: 3600, message: 'Too many notices from this address' };
const PER_EMAIL: RateLimitRule = { name: 'takedown-notice-email', limit: 5, windowSeconds: 3600, message: 'Too many notices from this email address' };

export type { NoticeReceipt };

/** Public intake: validate every statutory element, resolve items, merge repeats, ask the claimant to confirm. */
export function createTakedownIntakeService({ db, mailer, rateLimiter, hasher, clock, publicUrl, intake, maxItems }: TakedownIntakeDeps) {
  const schema = takedownNoticeSchema(maxItems);

  return {
    schema,

    async submit(input: unknown, { ip }: { ip: string | undefined }): Promise<NoticeReceipt> {
      if (intake === 'paused') throw new DependencyUnavailableError('Notice intake is paused; please write to the designated agent shown on /dmca');
      const result = schema.safeParse(input);
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'body'), message: issue.message }));
        throw new ValidationError(`Missing or invalid: ${[...new Set(issues.map((issue) => issue.field))].join(', ')}`, issues[0]?.field, issues);
      }
      const notice = result.data;
      await rateLimiter.consume(PER_IP, hasher.hashIp(ip) ?? 'unknown');
      await rateLimiter.consume(PER_EMAIL, hasher.hashEmail(notice.email));

      const { resolved, unresolved } = await resolveNoticeItems(db, notice.items);
      if (resolved.length === 0) {
        throw new ValidationError(`None of the items names indexed artwork: ${unresolved.map((item) => `${item.item} (${item.reason})`).join('; ')}`, 'items');
      }
      const artworkIds = resolved.map((item) => item.artworkId).sort((a, b) => Number(a) - Number(b));
      const dedupeKey = createHash('sha256').update(`${notice.email}\n${artworkIds.join(',')}`).digest('hex');
      const { token, tokenHash } = newEmailedToken();
      const now = clock.now();

      const outcome = await db.transaction().execute(async (trx) => {
        const open = await findOpenNoticeByDedupeKey(trx, dedupeKey);
        if (open) {
          // A repeat is merged: one notice in the queue, and an unconfirmed one gets a fresh link.
          if (open.status === 'unconfirmed') await renewNoticeConfirmToken(trx, open.id, tokenHash);
          await appendTakedownEvents(trx, [{ noticeId: open.id, action: 'notice_merged', actor: 'claimant' }], now);
          return { reference: open.reference, status: open.status as 'unconfirmed' | 'queued', merged: true };
        }
        const reference = newReference();
        const id = await insertNoticeWithItems(
          trx,
          {
            reference,
            claimant_name: notice.claimantName,
            email: notice.email,
            address: notice.address ?? null,
            phone: notice.phone ?? null,
            copyrighted_work: notice.copyrightedWork,
            signature: notice.signature,
            good_faith: notice.goodFaith,
            accurate_under_penalty_of_perjury: notice.accurateUnderPenaltyOfPerjury,
            unresolved_items: JSON.stringify(unresolved),
            confirm_token_hash: tokenHash,
            dedupe_key: dedupeKey,
            created_at: now,
          },
          resolved,
        );
        await appendTakedownEvents(trx, [{ noticeId: id, action: 'notice_received', actor: 'claimant', detail: { items: artworkIds.length, unresolved: unresolved.length } }], now);
        return { reference, status: 'unconfirmed' as const, merged: false };
      });
      if (outcome.status === 'unconfirmed') {
        await mailer.send(takedownMessages.confirmNotice(notice.email, outcome.reference, `${publicUrl}/dmca/confirm?token=${token}`));
      }
      return { ...outcome, artworkIds, unresolved };
    },

    /** The link in the confirmation mail: the notice enters the review queue. */
    async confirm(token: string): Promise<{ reference: string }> {
      const notice = await findNoticeByConfirmTokenHash(db, hashEmailedToken(token));
      if (!notice || notice.status !== 'unconfirmed') throw new NotFoundError('This confirmation link is not valid (any more)');
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await queueConfirmedNotice(trx, notice.id, now);
        await appendTakedownEvents(trx, [{ noticeId: notice.id, action: 'notice_confirmed', actor: 'claimant' }], now);
      });
      await mailer.send(takedownMessages.noticeQueued(notice.email, notice.reference));
      return { reference: notice.reference };
    },
  };
}

export type TakedownIntakeService = ReturnType<typeof createTakedownIntakeService>;

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** TD- and eight unambiguous characters: easy to read out and to type into a counter-notice. */
function newReference(): string {
  return `TD-${[...randomBytes(8)].map((byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]).join('')}`;
}
