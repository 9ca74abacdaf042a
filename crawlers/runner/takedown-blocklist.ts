import type { NormalizedArtworkInput } from '../../src/artworks/artwork-input.ts';

/**
 * What the runner asks before storing anything: is this a work that was taken down? The
 * takedowns feature supplies the rule (src/takedowns/crawl-blocklist.ts); the runner only
 * knows this interface.
 */
export interface TakedownBlocklist {
  /** Before download: the item's identity or URLs belong to a removed work. */
  blocksRecord(record: NormalizedArtworkInput): Promise<boolean>;
  /** After download, before the media pipeline: the bytes are those of a removed work. */
  blocksImage(image: { sha256: string; bytes: Buffer }): Promise<boolean>;
  /** After storing, before indexing: holds the stored artwork back if it looks like a removed work. Resolves true when held. */
  holdsArtwork?(artworkId: string): Promise<boolean>;
  /** Before listing one author's feed: the author of this handle opted out (nothing of theirs is fetched). */
  blocksHandle?(source: string, handle: string): Promise<boolean>;
}
