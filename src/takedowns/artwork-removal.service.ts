import { sql } from 'kysely';
import type { ArtworkService } from '../artworks/artwork.service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { ArtworkRow } from '../db/database.ts';
import { deleteUnreferencedMedia } from '../gallery/media-key-usage.ts';
import type { Logger } from '../logger.ts';
import type { MediaStorage } from '../media/storage.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { publishRemovals } from './removal-notifications.ts';
import { appendTakedownEvents, type TakedownActor } from './takedown-events.repository.ts';
import type { RestoreSnapshot } from './takedown-tables.ts';

export interface ArtworkRemovalDeps {
  db: Db;
  /** Every engine that may hold the artwork: the active one and, behind Meilisearch, PostgreSQL's tables. */
  searchIndexes: SearchIndex[];
  storage: Pick<MediaStorage, 'delete'>;
  artworks: Pick<ArtworkService, 'syncSearchIndex'>;
  /** Stores the image at its source URL again, for a restored artwork. */
  restoreImage: (imageUrl: string) => Promise<{ thumbnailKey: string; previewKey: string }>;
  clock: Clock;
  logger: Logger;
}

export interface RemovalRequest {
  artworkIds: string[];
  actor: TakedownActor;
  /** The notice the removal answers; its items keep what a counter-notice would need to restore. */
  noticeId?: string;
  reason: string;
  /** What the record calls it: a takedown (default) or a post gone at its source, counted apart. */
  action?: 'item_removed' | 'item_removed_at_source';
  /** More writes that must commit or fail with the removal (the review decision). */
  withinTransaction?: (trx: Db) => Promise<void>;
}

/**
 * Removal is one transaction (row stripped to what blocking needs, record appended, other
 * processes notified on commit) followed by its side effects: the search engines drop the
 * artwork before this returns, and media files no other row names are deleted.
 */
export function createArtworkRemovalService({ db, searchIndexes, storage, artworks, restoreImage, clock, logger }: ArtworkRemovalDeps) {
  async function dropFromSearch(ids: string[]): Promise<void> {
    for (const index of searchIndexes) await index.deleteByIds(ids);
  }

  return {
    dropFromSearch,

    /** Resolves with the ids removed now (copies folded into a named artwork included). */
    async remove({ artworkIds, actor, noticeId, reason, withinTransaction, action = 'item_removed' }: RemovalRequest): Promise<string[]> {
      if (artworkIds.length === 0) throw new Error('remove() needs at least one artwork id');
      const now = clock.now();
      const { removedIds, mediaKeys } = await db.transaction().execute(async (trx) => {
        // Byte-identical copies folded into a removed work are the same work: they go too.
        const rows = await trx
          .selectFrom('artworks')
          .selectAll()
          .where((eb) => eb.or([eb('id', 'in', artworkIds), eb('duplicate_of', 'in', artworkIds)]))
          .where('takedown_state', '!=', 'removed')
          .forUpdate()
          .execute();
        await withinTransaction?.(trx);
        const ids = rows.map((row) => row.id);
        if (ids.length === 0) return { removedIds: [], mediaKeys: [] };
        await trx
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
        if (noticeId) {
          for (const row of rows) {
            await trx
              .updateTable('takedown_items')
              .set({ removed_at: now, restore_snapshot: JSON.stringify(snapshotOf(row)) })
              .where('notice_id', '=', noticeId)
              .where('artwork_id', '=', row.id)
              .execute();
          }
        }
        await appendTakedownEvents(
          trx,
          rows.map((row) => ({ noticeId: noticeId ?? null, artworkId: row.id, action, actor, detail: { reason, source: row.source } })),
          now,
        );
        await publishRemovals(trx, ids);
        const keys = rows.flatMap((row) => [row.thumbnail_key, row.preview_key]).filter((key): key is string => key !== null);
        return { removedIds: ids, mediaKeys: keys };
      });
      await dropFromSearch(removedIds);
      try {
        await deleteUnreferencedMedia(db, (keys) => storage.delete(keys), mediaKeys);
      } catch (error) {
        // The rows are already stripped of their keys; a file left behind is unreachable, not public.
        logger.error({ err: error, artworkIds: removedIds }, 'could not delete media of removed artworks');
      }
      logger.info({ artworkIds: removedIds, actor }, 'artworks removed');
      return removedIds;
    },

    /** Puts back what removal dropped, fetches the deleted images again, and indexes the artwork again. */
    async restore({ artworkId, snapshot, actor, noticeId }: { artworkId: string; snapshot: RestoreSnapshot; actor: TakedownActor; noticeId: string }): Promise<void> {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
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
        await trx.updateTable('takedown_items').set({ restore_snapshot: null }).where('notice_id', '=', noticeId).where('artwork_id', '=', artworkId).execute();
        await appendTakedownEvents(trx, [{ noticeId, artworkId, action: 'item_restored', actor }], now);
      });
      const { image_url: imageUrl } = await db.selectFrom('artworks').select('image_url').where('id', '=', artworkId).executeTakeFirstOrThrow();
      try {
        const keys = await restoreImage(imageUrl);
        await db.updateTable('artworks').set({ thumbnail_key: keys.thumbnailKey, preview_key: keys.previewKey }).where('id', '=', artworkId).execute();
      } catch (error) {
        // The text is back either way; without its image the artwork shows its placeholder colour.
        logger.warn({ err: error, artworkId }, 'could not fetch the image of a restored artwork');
      }
      await artworks.syncSearchIndex([artworkId]);
    },

    /** Held near matches an admin found unrelated: published after all. */
    async releaseHeld(artworkIds: string[], actor: TakedownActor): Promise<string[]> {
      const released = await db
        .updateTable('artworks')
        .set({ takedown_state: 'none', updated_at: clock.now() })
        .where('id', 'in', artworkIds)
        .where('takedown_state', '=', 'held')
        .returning('id')
        .execute();
      const ids = released.map((row) => row.id);
      await appendTakedownEvents(db, ids.map((id) => ({ artworkId: id, action: 'item_released', actor })), clock.now());
      if (ids.length > 0) await artworks.syncSearchIndex(ids);
      return ids;
    },

    /** Near matches of removed works the crawler held back, oldest first. */
    listHeld(limit = 100) {
      return db
        .selectFrom('artworks')
        .select(['id', 'source', 'source_id', 'post_url', 'thumbnail_key', 'indexed_at', sql<string>`phash::text`.as('phash')])
        .where('takedown_state', '=', 'held')
        .orderBy('id')
        .limit(limit)
        .execute();
    },
  };
}

export type ArtworkRemovalService = ReturnType<typeof createArtworkRemovalService>;

function snapshotOf(row: ArtworkRow): RestoreSnapshot {
  return {
    prompt: row.prompt,
    negativePrompt: row.negative_prompt,
    model: row.model,
    params: row.params,
    tags: row.tags,
    authorHandle: row.author_handle,
    authorName: row.author_name,
    authorUrl: row.author_url,
  };
}
