import type { Db } from '../db/connect.ts';

export async function insertApiKey(db: Db, key: { accountId: string; name: string; prefix: string; secretHash: string; createdAt: Date }) {
  return db
    .insertInto('api_keys')
    .values({ account_id: key.accountId, name: key.name, prefix: key.prefix, secret_hash: key.secretHash, created_at: key.createdAt })
    .returning(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
}

export async function countApiKeysOfAccount(db: Db, accountId: string): Promise<number> {
  const row = await db.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('count')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listApiKeysOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Only the owner's key: another account's id deletes nothing. */
export async function deleteApiKeyOfAccount(db: Db, accountId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('api_keys').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteApiKeysOfAccount(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('api_keys').where('account_id', '=', accountId).execute();
}

export async function findApiKeyForAuthentication(db: Db, secretHash: string) {
  return db.selectFrom('api_keys').select(['id', 'account_id', 'last_used_at']).where('secret_hash', '=', secretHash).executeTakeFirst();
}

export async function recordApiKeyUse(db: Db, id: string, usedAt: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: usedAt }).where('id', '=', id).execute();
}
