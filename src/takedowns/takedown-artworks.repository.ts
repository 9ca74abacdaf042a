import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { RestoreSnapshot } from './takedown-tables.ts';

/** What the takedown flow reads and changes of artworks rows: removal, restoring, holding and blocking. */

/** The named artworks and byte-identical copies folded into them, not yet removed, locked until the transaction ends. */
export async function lockArtworksForRemoval(db: Db, artworkIds: string[]) {
  return db
    .selectFrom('artworks')
    .selectAll()
    .where((eb) => eb.or([eb('id', 'in', artworkIds), eb('duplicate_of', 'in', artworkIds)]))
    .where('takedown_state', '!=', 'removed')
    .forUpdate()
    .execute();
}

/** Keeps only what blocking needs (source ids, URLs, hashes); the rest goes into the items' restore snapshots. */
export async function stripRemovedArtworks(db: Db, ids: string[], now: Date) {
  await db
    .updateTable('artworks')
    .set({
      takedown_state: 'removed',
      prompt: '',
      negative_prompt: null,
      description: null,
      model: null,
      params: '{}',
      tags: [],
      author_handle: null,
      author_name: null,
      author_url: null,
      thumbnail_key: null,
      preview_key: null,
      updated_at: now,
    })
    .where('id', 'in', ids)
    .execute();
}

/** Puts back the text removal dropped; the images are fetched again separately. */
export async function restoreRemovedArtwork(db: Db, artworkId: string, snapshot: RestoreSnapshot, now: Date) {
  await db
    .updateTable('artworks')
    .set({
      takedown_state: 'none',
      prompt: snapshot.prompt,
      negative_prompt: snapshot.negativePrompt,
      model: snapshot.model,
      params: JSON.stringify(snapshot.params),
      tags: snapshot.tags,
      author_handle: snapshot.authorHandle,
      author_name: snapshot.authorName,
      author_url: snapshot.authorUrl,
      updated_at: now,
    })
    .where('id', '=', artworkId)
    .where('takedown_state', '=', 'removed')
    .execute();
}

export async function getImageUrlOfArtwork(db: Db, artworkId: string): Promise<string> {
  const { image_url: imageUrl } = await db.selectFrom('artworks').select('image_url').where('id', '=', artworkId).executeTakeFirstOrThrow();
  return imageUrl;
}

export async function setArtworkMediaKeys(db: Db, artworkId: string, keys: { thumbnailKey: string; previewKey: string }) {
  await db.updateTable('artworks').set({ thumbnail_key: keys.thumbnailKey, preview_key: keys.previewKey }).where('id', '=', artworkId).execute();
}

/** Publishes the held ones among `artworkIds`; resolves with their ids. */
export async function releaseHeldArtworks(db: Db, artworkIds: string[], now: Date): Promise<string[]> {
  const released = await db
    .updateTable('artworks')
    .set({ takedown_state: 'none', updated_at: now })
    .where('id', 'in', artworkIds)
    .where('takedown_state', '=', 'held')
    .returning('id')
    .execute();
  return released.map((row) => row.id);
}

/** Near matches of removed works the crawler held back, oldest first. */
export async function listHeldArtworks(db: Db, limit: number) {
  return db
    .selectFrom('artworks')
    .select(['id', 'source', 'source_id', 'post_url', 'thumbnail_key', 'indexed_at', sql<string>`phash::text`.as('phash')])
    .where('takedown_state', '=', 'held')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Handles compare case-insensitively; removal drops the handle, so removed artworks fall out. */
const artworksOfHandle = (db: Db, { source, handle }: { source: string; handle: string }) =>
  db
    .selectFrom('artworks')
    .where('source', '=', source)
    .where(sql<string>`lower(author_handle)`, '=', handle.toLowerCase())
    .where('takedown_state', '!=', 'removed')
    .orderBy('id');

/** What a verified creator sees of their handle's indexed work. */
export async function listIndexedArtworksOfHandle(db: Db, claim: { source: string; handle: string }) {
  return artworksOfHandle(db, claim).select(['id', 'post_url', 'thumbnail_key', 'prompt', 'author_url', 'takedown_state']).limit(1000).execute();
}

/** The profile page the crawler recorded for the handle, where a claim's code must appear. */
export async function findProfileUrlOfHandle(db: Db, claim: { source: string; handle: string }): Promise<string | undefined> {
  const row = await artworksOfHandle(db, claim).select('author_url').where('author_url', 'is not', null).limit(1).executeTakeFirst();
  return row?.author_url ?? undefined;
}

/** The rows a notice's items name, with what resolving them needs. */
export async function findArtworksNamedByNotice(db: Db, artworkIds: string[]) {
  if (artworkIds.length === 0) return [];
  return db.selectFrom('artworks').select(['id', 'source', 'author_handle', 'takedown_state', 'duplicate_of']).where('id', 'in', artworkIds).execute();
}

/** A removed artwork with the same source id, post URL or image URL (three small lookups, each on its own index). */
export async function isRecordOfRemovedArtwork(db: Db, record: { source: string; sourceId: string; postUrl: string; imageUrl: string }): Promise<boolean> {
  const match = await db
    .selectFrom('artworks')
    .select('id')
    .where('takedown_state', '=', 'removed')
    .where((eb) =>
      eb.or([
        eb.and([eb('source', '=', record.source), eb('source_id', '=', record.sourceId)]),
        eb('post_url', '=', record.postUrl),
        eb('image_url', '=', record.imageUrl),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return match !== undefined;
}

export async function isSha256OfRemovedArtwork(db: Db, sha256: string): Promise<boolean> {
  const match = await db.selectFrom('artworks').select('id').where('takedown_state', '=', 'removed').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  return match !== undefined;
}

/**
 * Holds a published artwork whose perceptual hash is within `maxDistance` bits of a removed
 * one's; resolves true when it did. Removed rows are few, so comparing against each is cheap.
 */
export async function holdIfNearRemovedArtwork(db: Db, artworkId: string, maxDistance: number): Promise<boolean> {
  const held = await db
    .updateTable('artworks')
    .set({ takedown_state: 'held' })
    .where('id', '=', artworkId)
    .where('takedown_state', '=', 'none')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('artworks as removed')
          .select('removed.id')
          .where('removed.takedown_state', '=', 'removed')
          .where(sql<boolean>`bit_count(int8send(removed.phash # artworks.phash)) <= ${maxDistance}`),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  return held !== undefined;
}
