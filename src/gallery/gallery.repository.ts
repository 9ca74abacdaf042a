import type { Insertable } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { GalleryItemsTable, GalleryVisibility } from '../generation/generation-tables.ts';

const LISTED_COLUMNS = ['id', 'account_id', 'visibility', 'prompt', 'negative_prompt', 'model', 'aspect', 'seed', 'artwork_id', 'width', 'height', 'placeholder', 'created_at'] as const;

/** Keyset position: newest first, id breaking ties. */
export interface GalleryCursor {
  createdAt: Date;
  id: string;
}

export async function insertGalleryItem(trx: Db, values: Insertable<GalleryItemsTable>): Promise<string> {
  const row = await trx.insertInto('gallery_items').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function listGalleryItemsForAccount(db: Db, accountId: string, options: { publicOnly: boolean; after?: GalleryCursor; limit: number }) {
  let query = db.selectFrom('gallery_items').select(LISTED_COLUMNS).where('account_id', '=', accountId);
  if (options.publicOnly) query = query.where('visibility', '=', 'public');
  const after = options.after;
  if (after) query = query.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

export async function findGalleryItem(db: Db, id: string) {
  return db.selectFrom('gallery_items').select([...LISTED_COLUMNS, 'full_key', 'thumbnail_key', 'preview_key']).where('id', '=', id).executeTakeFirst();
}

export async function updateGalleryItemVisibility(db: Db, id: string, accountId: string, visibility: GalleryVisibility) {
  return db.updateTable('gallery_items').set({ visibility }).where('id', '=', id).where('account_id', '=', accountId).returning(LISTED_COLUMNS).executeTakeFirst();
}

export async function deleteGalleryItemOfOwner(db: Db, id: string, accountId: string) {
  return db.deleteFrom('gallery_items').where('id', '=', id).where('account_id', '=', accountId).returning(['full_key', 'thumbnail_key', 'preview_key']).executeTakeFirst();
}

export async function deleteGalleryItemsOfAccount(trx: Db, accountId: string): Promise<string[]> {
  const rows = await trx.deleteFrom('gallery_items').where('account_id', '=', accountId).returning(['full_key', 'thumbnail_key', 'preview_key']).execute();
  return rows.flatMap((row) => [row.full_key, row.thumbnail_key, row.preview_key]);
}

export async function listGalleryItemsForAccountExport(db: Db, accountId: string) {
  return db.selectFrom('gallery_items').select([...LISTED_COLUMNS, 'full_key']).where('account_id', '=', accountId).orderBy('created_at').execute();
}

export async function findAccountIdByUsername(db: Db, username: string): Promise<string | undefined> {
  const row = await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst();
  return row?.id;
}
