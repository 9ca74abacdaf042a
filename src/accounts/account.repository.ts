import type { Insertable, Updateable } from 'kysely';
import type { AccountRow, AccountsTable } from './account-tables.ts';
import type { Db } from '../db/connect.ts';

/** bigint ids arrive as strings from untrusted places; anything else names no account. */
const isAccountId = (id: string) => /^\d{1,18}$/.test(id);

export async function findAccountById(db: Db, id: string): Promise<AccountRow | undefined> {
  if (!isAccountId(id)) return undefined;
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** `email` must already be normalised (emailSchema). */
export async function findAccountByEmail(db: Db, email: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findAccountByGoogleSubject(db: Db, googleSub: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('google_sub', '=', googleSub).executeTakeFirst();
}

/** Undefined when the email is already registered (ON CONFLICT: no unique-violation error to log). */
export async function insertAccount(db: Db, values: Insertable<AccountsTable>): Promise<AccountRow | undefined> {
  return db
    .insertInto('accounts')
    .values(values)
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateAccount(db: Db, id: string, patch: Updateable<AccountsTable>): Promise<AccountRow | undefined> {
  return db
    .updateTable('accounts')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function isUsernameTaken(db: Db, username: string, exceptAccountId?: string): Promise<boolean> {
  let query = db.selectFrom('accounts').select('id').where('username', '=', username);
  if (exceptAccountId) query = query.where('id', '!=', exceptAccountId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Avatar keys are content-addressed: two accounts with the same picture share one file. */
export async function isAvatarKeyInUse(db: Db, key: string): Promise<boolean> {
  return (await db.selectFrom('accounts').select('id').where('avatar_key', '=', key).executeTakeFirst()) !== undefined;
}

export async function deleteAccountRow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listAccountsForAdmin(db: Db, { limit, offset }: { limit: number; offset: number }): Promise<AccountRow[]> {
  return db.selectFrom('accounts').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function countAccounts(db: Db): Promise<number> {
  const { count } = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}
