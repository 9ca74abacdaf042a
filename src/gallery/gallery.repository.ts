import type { Insertable } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { GalleryItemsTable, GalleryVisibility } from './gallery-tables.ts';

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

/** First lines of the source artworks still shown (not held or removed), for gallery cards' titles. */
export async function findShownArtworkPrompts(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('artworks').select(['id', 'prompt']).where('id', 'in', ids).where('takedown_state', '=', 'none').execute();
  return new Map(rows.map((row) => [row.id, row.prompt]));
}

/** What a public page shows about its owner: the avatar and how many images they share. */
export async function findPublicProfile(db: Db, username: string) {
  return db
    .selectFrom('accounts')
    .select((eb) => [
      'accounts.id',
      'accounts.avatar_key',
      eb
        .selectFrom('gallery_items')
        .select((count) => count.fn.countAll<string>().as('count'))
        .whereRef('gallery_items.account_id', '=', 'accounts.id')
        .where('gallery_items.visibility', '=', 'public')
        .as('public_count'),
    ])
    .where('accounts.username', '=', username)
    .executeTakeFirst();
}

export async function findUsernameOfAccount(db: Db, accountId: string): Promise<string | null> {
  const row = await db.selectFrom('accounts').select('username').where('id', '=', accountId).executeTakeFirst();
  return row?.username ?? null;
}
