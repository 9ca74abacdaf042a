import type { NormalizedArtworkInput } from '../../src/artworks/artwork-input.ts';
import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import { appendTakedownEvents } from '../../src/takedowns/takedown-events.repository.ts';

/**
 * A perceptual hash this close to a removed work's is probably the same picture re-encoded,
 * resized or recompressed; such items are held for review ('held': stored, never published)
 * rather than dropped, since a near match can also be a different work.
 */
export const TAKEDOWN_NEAR_MATCH_MAX_DISTANCE = 6;

/**
 * What the runner asks before storing anything: is this a work that was taken down? The
 * DMCA flow extends this (near-identical images, opted-out authors) by supplying another
 * implementation or composing with this one; the runner only knows this interface.
 */
export interface TakedownBlocklist {
  /** Before download: the item's identity or URLs belong to a removed work. */
  blocksRecord(record: NormalizedArtworkInput): Promise<boolean>;
  /** After download, before the media pipeline: the bytes are those of a removed work. */
  blocksImage(image: { sha256: string; bytes: Buffer }): Promise<boolean>;
  /** After storing, before indexing: holds the stored artwork back if it looks like a removed work. Resolves true when held. */
  holdsArtwork?(artworkId: string): Promise<boolean>;
}

/**
 * Blocks anything matching a row whose takedown_state is 'removed' (same source id, post or
 * image URL, or SHA-256) and every work of a handle its creator opted out on that source;
 * holds near perceptual-hash matches of removed works for review.
 */
export function createRemovedArtworkBlocklist(db: Db): TakedownBlocklist {
  return {
    async blocksRecord(record) {
      // Three small lookups, each on its own index (the URL ones partial on removed rows).
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
      return match !== undefined || (await isOptedOut(db, record));
    },

    async blocksImage({ sha256 }) {
      const match = await db
        .selectFrom('artworks')
        .select('id')
        .where('takedown_state', '=', 'removed')
        .where('sha256', '=', sha256)
        .limit(1)
        .executeTakeFirst();
      return match !== undefined;
    },

    async holdsArtwork(artworkId) {
      // Removed rows are few, so comparing against each of them is cheap.
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
              .where(sql<boolean>`bit_count(int8send(removed.phash # artworks.phash)) <= ${TAKEDOWN_NEAR_MATCH_MAX_DISTANCE}`),
          ),
        )
        .returning('id')
        .executeTakeFirst();
      if (held) await appendTakedownEvents(db, [{ artworkId, action: 'item_held', actor: 'system', detail: { reason: 'near match of a removed work' } }], new Date());
      return held !== undefined;
    },
  };
}

/** The creator proved the handle is theirs and asked not to be indexed (src/takedowns/creator-claims.service.ts). */
async function isOptedOut(db: Db, record: NormalizedArtworkInput): Promise<boolean> {
  const handle = record.author.handle;
  if (!handle) return false;
  const claim = await db
    .selectFrom('creator_claims')
    .select('id')
    .where('opted_out', '=', true)
    .where('source', '=', record.source)
    .where(sql<string>`lower(handle)`, '=', handle.toLowerCase())
    .limit(1)
    .executeTakeFirst();
  return claim !== undefined;
}
