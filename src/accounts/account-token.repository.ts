import type { AccountTokenPurpose } from './account-tables.ts';
import type { Db } from '../db/connect.ts';

export async function insertAccountToken(
  db: Db,
  token: { tokenHash: string; accountId: string; purpose: AccountTokenPurpose; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('account_tokens')
    .values({ token_hash: token.tokenHash, account_id: token.accountId, purpose: token.purpose, expires_at: token.expiresAt })
    .execute();
}

/**
 * Uses the token if it exists for this purpose, is unused and unexpired; returns its account.
 * One UPDATE … RETURNING, so two clicks on the same link cannot both succeed.
 */
export async function consumeAccountToken(
  db: Db,
  tokenHash: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}

/** Whether the token would be accepted now, without using it (checked before any slow work). */
export async function findLiveAccountToken(db: Db, tokenHash: string, purpose: AccountTokenPurpose, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('account_tokens')
    .select('account_id')
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/** A new link replaces the old ones: only the latest verification or reset link works. */
export async function revokeAccountTokens(db: Db, accountId: string, purpose: AccountTokenPurpose, now: Date): Promise<void> {
  await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

export async function deleteStaleAccountTokens(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('account_tokens')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used_at', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
