import { sql, type Insertable } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { CreatorClaimsTable } from './takedown-tables.ts';

/** Only claims of this account: another account's claim id names nothing. */
export async function findClaimOfAccount(db: Db, accountId: string, claimId: string) {
  if (!/^\d{1,18}$/.test(claimId)) return undefined;
  return db.selectFrom('creator_claims').selectAll().where('id', '=', claimId).where('account_id', '=', accountId).executeTakeFirst();
}

export async function listClaimsOfAccount(db: Db, accountId: string) {
  return db.selectFrom('creator_claims').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

/** Handles compare case-insensitively, as sources treat them. */
export async function findClaimOfAccountByHandle(db: Db, accountId: string, source: string, handle: string) {
  return db
    .selectFrom('creator_claims')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('source', '=', source)
    .where(sql<string>`lower(handle)`, '=', handle.toLowerCase())
    .executeTakeFirst();
}

export async function insertClaim(db: Db, claim: Insertable<CreatorClaimsTable>) {
  return db.insertInto('creator_claims').values(claim).returningAll().executeTakeFirstOrThrow();
}

export async function markClaimVerified(db: Db, id: string, verifiedAt: Date) {
  return db.updateTable('creator_claims').set({ verified_at: verifiedAt }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function setClaimOptOut(db: Db, id: string, optedOut: boolean) {
  await db.updateTable('creator_claims').set({ opted_out: optedOut }).where('id', '=', id).execute();
}

/** Some verified owner of this handle on this source asked not to be indexed. */
export async function isHandleOptedOut(db: Db, source: string, handle: string): Promise<boolean> {
  const claim = await db
    .selectFrom('creator_claims')
    .select('id')
    .where('opted_out', '=', true)
    .where('source', '=', source)
    .where(sql<string>`lower(handle)`, '=', handle.toLowerCase())
    .limit(1)
    .executeTakeFirst();
  return claim !== undefined;
}
