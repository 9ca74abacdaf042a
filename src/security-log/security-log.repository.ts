import type { Db } from '../db/connect.ts';
import type { SecurityEvent, SecurityEventDetails } from './security-events.ts';

export async function insertSecurityEvent(
  db: Db,
  entry: { event: SecurityEvent; occurredAt: Date; accountId: string | null; ipHash: string | null; details: SecurityEventDetails; anonymousSubject?: string },
): Promise<void> {
  await db
    .insertInto('security_log')
    .values({
      event: entry.event,
      occurred_at: entry.occurredAt,
      account_id: entry.accountId,
      ip_hash: entry.ipHash,
      anonymous_subject: entry.anonymousSubject ?? null,
      details: JSON.stringify(entry.details),
    })
    .execute();
}

export async function listSecurityEventsForAdmin(db: Db, { limit, accountId }: { limit: number; accountId?: string }) {
  let query = db
    .selectFrom('security_log')
    .select(['id', 'occurred_at', 'event', 'account_id', 'anonymous_subject', 'ip_hash', 'details'])
    .orderBy('id', 'desc')
    .limit(limit);
  if (accountId) query = query.where('account_id', '=', accountId);
  return query.execute();
}

/** For the owner's data export: what happened on their account, without other people's rows. */
export async function listSecurityEventsForAccountExport(db: Db, accountId: string) {
  return db
    .selectFrom('security_log')
    .select(['occurred_at', 'event', 'details'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
}

/** At account deletion: the events stay for audit, tied to a random id instead of the account. */
export async function anonymiseSecurityEvents(db: Db, accountId: string, anonymousSubject: string): Promise<number> {
  const result = await db
    .updateTable('security_log')
    .set({ account_id: null, anonymous_subject: anonymousSubject })
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteSecurityEventsBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('security_log').where('occurred_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
