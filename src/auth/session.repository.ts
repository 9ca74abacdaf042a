import type { Db } from '../db/connect.ts';

export async function findLiveSession(db: Db, sid: string, now: Date, createdAfter: Date) {
  return db
    .selectFrom('sessions')
    .select(['data'])
    .where('sid', '=', sid)
    .where('expires_at', '>', now)
    .where('created_at', '>', createdAfter)
    .executeTakeFirst();
}

export async function upsertSession(db: Db, session: { sid: string; accountId: string | null; data: string; expiresAt: Date; now: Date }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ sid: session.sid, account_id: session.accountId, data: session.data, created_at: session.now, expires_at: session.expiresAt })
    // created_at stays as first written: it bounds the session's absolute lifetime.
    .onConflict((oc) => oc.column('sid').doUpdateSet({ account_id: session.accountId, data: session.data, expires_at: session.expiresAt }))
    .execute();
}

export async function deleteSession(db: Db, sid: string): Promise<void> {
  await db.deleteFrom('sessions').where('sid', '=', sid).execute();
}

/** "Sign out everywhere": every session of the account, optionally but the current one. */
export async function deleteSessionsOfAccount(db: Db, accountId: string, exceptSid?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (exceptSid) query = query.where('sid', '!=', exceptSid);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSessionsOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom('sessions')
    .select(['created_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}

export async function deleteExpiredSessions(db: Db, now: Date, createdBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('created_at', '<=', createdBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
