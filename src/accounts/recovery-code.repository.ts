import type { Db } from '../db/connect.ts';

export async function replaceRecoveryCodes(db: Db, accountId: string, codeHashes: string[]): Promise<void> {
  await db.deleteFrom('account_recovery_codes').where('account_id', '=', accountId).execute();
  if (codeHashes.length === 0) return;
  await db
    .insertInto('account_recovery_codes')
    .values(codeHashes.map((code_hash) => ({ account_id: accountId, code_hash })))
    .execute();
}

/** Marks the code used if it is this account's and unused; true when it was (single use, race-free). */
export async function consumeRecoveryCode(db: Db, accountId: string, codeHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('account_recovery_codes')
    .set({ used_at: now })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
