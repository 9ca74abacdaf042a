import type { ArtworkService } from '../artworks/artwork.service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { ArtworkRow } from '../artworks/artwork-tables.ts';
import { deleteUnreferencedMedia } from '../gallery/media-key-usage.ts';
import type { Logger } from '../logger.ts';
import type { MediaStorage } from '../media/storage.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { publishRemovals } from './removal-notifications.ts';
import {
  getImageUrlOfArtwork,
  listHeldArtworks,
  lockArtworksForRemoval,
  releaseHeldArtworks,
  restoreRemovedArtwork,
  setArtworkMediaKeys,
  stripRemovedArtworks,
} from './takedown-artworks.repository.ts';
import { clearRestoreSnapshot, recordItemRemoval } from './takedown-item.repository.ts';
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
        const rows = await lockArtworksForRemoval(trx, artworkIds);
        await withinTransaction?.(trx);
        const ids = rows.map((row) => row.id);
        if (ids.length === 0) return { removedIds: [], mediaKeys: [] };
        await stripRemovedArtworks(trx, ids, now);
        if (noticeId) {
          for (const row of rows) await recordItemRemoval(trx, noticeId, row.id, now, snapshotOf(row));
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
        await restoreRemovedArtwork(trx, artworkId, snapshot, now);
        await clearRestoreSnapshot(trx, noticeId, artworkId);
        await appendTakedownEvents(trx, [{ noticeId, artworkId, action: 'item_restored', actor }], now);
      });
      const imageUrl = await getImageUrlOfArtwork(db, artworkId);
      try {
        const keys = await restoreImage(imageUrl);
        await setArtworkMediaKeys(db, artworkId, keys);
      } catch (error) {
        // The text is back either way; without its image the artwork shows its placeholder colour.
        logger.warn({ err: error, artworkId }, 'could not fetch the image of a restored artwork');
      }
      await artworks.syncSearchIndex([artworkId]);
    },

    /** Held near matches an admin found unrelated: published after all. */
    async releaseHeld(artworkIds: string[], actor: TakedownActor): Promise<string[]> {
      const ids = await releaseHeldArtworks(db, artworkIds, clock.now());
      await appendTakedownEvents(db, ids.map((id) => ({ artworkId: id, action: 'item_released', actor })), clock.now());
      if (ids.length > 0) await artworks.syncSearchIndex(ids);
      return ids;
    },

    /** Near matches of removed works the crawler held back, oldest first. */
    listHeld(limit = 100) {
      return listHeldArtworks(db, limit);
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
