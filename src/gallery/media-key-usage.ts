import type { Db } from '../db/connect.ts';

/**
 * Media keys are content-addressed, so one stored object may back an artwork, an avatar, a
 * gallery image and a reference image at once. A key is deleted only when nothing names it.
 */
export async function isMediaKeyReferenced(db: Db, key: string): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .or([
          eb.exists(eb.selectFrom('gallery_items').select('id').where((w) => w.or([w('full_key', '=', key), w('thumbnail_key', '=', key), w('preview_key', '=', key)]))),
          eb.exists(eb.selectFrom('generations').select('id').where('reference_key', '=', key)),
          eb.exists(eb.selectFrom('artworks').select('id').where((w) => w.or([w('thumbnail_key', '=', key), w('preview_key', '=', key)]))),
          eb.exists(eb.selectFrom('accounts').select('id').where('avatar_key', '=', key)),
        ])
        .as('referenced'),
    ])
    .executeTakeFirstOrThrow();
  return row.referenced === true;
}

/** Deletes those of `keys` that no row names any more; failures are the caller's to log. */
export async function deleteUnreferencedMedia(db: Db, deleteKeys: (keys: string[]) => Promise<void>, keys: Iterable<string>): Promise<void> {
  const unused: string[] = [];
  for (const key of new Set(keys)) if (!(await isMediaKeyReferenced(db, key))) unused.push(key);
  if (unused.length > 0) await deleteKeys(unused);
}
