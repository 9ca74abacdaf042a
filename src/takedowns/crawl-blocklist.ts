import type { TakedownBlocklist } from '../../crawlers/runner/takedown-blocklist.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { isHandleOptedOut } from './creator-claim.repository.ts';
import { holdIfNearRemovedArtwork, isRecordOfRemovedArtwork, isSha256OfRemovedArtwork } from './takedown-artworks.repository.ts';
import { appendTakedownEvents } from './takedown-events.repository.ts';

/**
 * A perceptual hash this close to a removed work's is probably the same picture re-encoded,
 * resized or recompressed; such items are held for review ('held': stored, never published)
 * rather than dropped, since a near match can also be a different work.
 */
export const TAKEDOWN_NEAR_MATCH_MAX_DISTANCE = 6;

/**
 * What the crawler must not index again: anything matching a removed artwork (same source id,
 * post or image URL, or SHA-256) and every work of a handle its creator opted out on that
 * source (creator-claims.service.ts). Near perceptual-hash matches of removed works are held
 * for review.
 */
export function createRemovedArtworkBlocklist({ db, clock }: { db: Db; clock: Clock }): TakedownBlocklist {
  return {
    async blocksRecord(record) {
      if (await isRecordOfRemovedArtwork(db, record)) return true;
      const handle = record.author.handle;
      return handle ? isHandleOptedOut(db, record.source, handle) : false;
    },

    blocksHandle(source, handle) {
      return isHandleOptedOut(db, source, handle);
    },

    blocksImage({ sha256 }) {
      return isSha256OfRemovedArtwork(db, sha256);
    },

    async holdsArtwork(artworkId) {
      const held = await holdIfNearRemovedArtwork(db, artworkId, TAKEDOWN_NEAR_MATCH_MAX_DISTANCE);
      if (held) await appendTakedownEvents(db, [{ artworkId, action: 'item_held', actor: 'system', detail: { reason: 'near match of a removed work' } }], clock.now());
      return held;
    },
  };
}
