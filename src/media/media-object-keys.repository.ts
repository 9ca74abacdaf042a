import type { Db } from '../db/connect.ts';

/** What PostgreSQL answers when a row names a master key that a rotation has retired. */
export function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23503';
}

export interface WrappedObjectKey {
  media_key: string;
  master_key_id: string;
  wrapped_key: Buffer;
}

export async function findWrappedObjectKey(db: Db, mediaKey: string): Promise<WrappedObjectKey | undefined> {
  return db.selectFrom('media_object_keys').select(['media_key', 'master_key_id', 'wrapped_key']).where('media_key', '=', mediaKey).executeTakeFirst();
}

/** Keeps the first writer's key when two processes store the same content at once; returns the row that won. */
export async function insertWrappedObjectKeyOnce(db: Db, row: WrappedObjectKey): Promise<WrappedObjectKey> {
  const inserted = await db
    .insertInto('media_object_keys')
    .values(row)
    .onConflict((oc) => oc.column('media_key').doNothing())
    .returning(['media_key', 'master_key_id', 'wrapped_key'])
    .executeTakeFirst();
  return inserted ?? (await db.selectFrom('media_object_keys').select(['media_key', 'master_key_id', 'wrapped_key']).where('media_key', '=', row.media_key).executeTakeFirstOrThrow());
}

export async function deleteObjectKeys(db: Db, mediaKeys: string[]): Promise<void> {
  if (mediaKeys.length > 0) await db.deleteFrom('media_object_keys').where('media_key', 'in', mediaKeys).execute();
}

export async function listMasterKeyIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('storage_master_keys').select('id').orderBy('created_at').execute()).map((row) => row.id);
}

export async function registerMasterKey(db: Db, id: string): Promise<void> {
  await db.insertInto('storage_master_keys').values({ id }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

/** Object keys not yet wrapped by `masterKeyId`, locked for this transaction (others skip them). */
export async function lockObjectKeysToRewrap(trx: Db, masterKeyId: string, limit: number): Promise<WrappedObjectKey[]> {
  return trx
    .selectFrom('media_object_keys')
    .select(['media_key', 'master_key_id', 'wrapped_key'])
    .where('master_key_id', '<>', masterKeyId)
    .orderBy('media_key')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function updateWrappedObjectKey(trx: Db, row: WrappedObjectKey): Promise<void> {
  await trx.updateTable('media_object_keys').set({ master_key_id: row.master_key_id, wrapped_key: row.wrapped_key }).where('media_key', '=', row.media_key).execute();
}

/** Retires every master key but `keepId`; fails (foreign key) while an object key still needs one of them. */
export async function retireMasterKeysOtherThan(db: Db, keepId: string): Promise<string[]> {
  return (await db.deleteFrom('storage_master_keys').where('id', '<>', keepId).returning('id').execute()).map((row) => row.id);
}

export async function countObjectKeysByMasterKey(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('media_object_keys').select(['master_key_id', (eb) => eb.fn.countAll<string>().as('count')]).groupBy('master_key_id').execute();
  return new Map(rows.map((row) => [row.master_key_id, Number(row.count)]));
}
