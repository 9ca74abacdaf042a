import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import type { SecurityEvent, SecurityEventDetails } from './security-events.ts';
import { deleteSecurityEventsBefore, insertSecurityEvent, listSecurityEventsForAdmin } from './security-log.repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SecurityEventContext {
  accountId?: string | null;
  /** The raw client IP: hashed here, never stored or logged as is. */
  ip?: string | undefined;
  details?: SecurityEventDetails;
  anonymousSubject?: string;
}

export interface SecurityLogEntry {
  id: string;
  occurredAt: string;
  event: string;
  accountId: string | null;
  anonymousSubject: string | null;
  ipHash: string | null;
  details: Record<string, unknown>;
}

export type SecurityLog = ReturnType<typeof createSecurityLog>;

export function createSecurityLog({ db, hasher, clock, logger, retentionDays }: { db: Db; hasher: IdentifierHasher; clock: Clock; logger: Logger; retentionDays: number }) {
  return {
    async record(event: SecurityEvent, context: SecurityEventContext = {}): Promise<void> {
      const ipHash = hasher.hashIp(context.ip);
      await insertSecurityEvent(db, {
        event,
        occurredAt: clock.now(),
        accountId: context.accountId ?? null,
        ipHash,
        details: context.details ?? {},
        ...(context.anonymousSubject ? { anonymousSubject: context.anonymousSubject } : {}),
      });
      logger.info({ securityEvent: event, accountId: context.accountId ?? undefined, ipHash }, 'security event');
    },

    async listRecent({ limit, accountId }: { limit: number; accountId?: string }): Promise<SecurityLogEntry[]> {
      const rows = await listSecurityEventsForAdmin(db, { limit, ...(accountId ? { accountId } : {}) });
      return rows.map((row) => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        event: row.event,
        accountId: row.account_id,
        anonymousSubject: row.anonymous_subject,
        ipHash: row.ip_hash,
        details: row.details,
      }));
    },

    /** Drops entries older than the retention period; returns how many. */
    async purgeExpired(): Promise<number> {
      return deleteSecurityEventsBefore(db, new Date(clock.now().getTime() - retentionDays * DAY_MS));
    },
  };
}
