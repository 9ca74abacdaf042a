import { createHash } from 'node:crypto';

/**
 * Storage keys are content-addressed: `<kind>/<first two hex digits>/<sha256 of the stored bytes>.webp`.
 * An object under a key never changes, which is what lets /media responses be cached forever,
 * and the two-digit directory keeps any one folder of the local disk store small.
 */
export const MEDIA_KINDS = ['thumb', 'preview', 'user', 'private'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * Kinds anyone may fetch from /media. `private` holds users' own images (generations,
 * reference images): those are served only through routes that check ownership.
 */
export const PUBLIC_MEDIA_KINDS: readonly MediaKind[] = ['thumb', 'preview', 'user'];

/** Every stored derivative is WebP, so the extension (and the content type) is fixed. */
export const MEDIA_CONTENT_TYPE = 'image/webp';

export const MEDIA_URL_PREFIX = '/media/';

// The back-reference \2 makes the directory agree with the hash. Only [a-z0-9/.] can match,
// so a valid key can never climb out of a storage root.
const MEDIA_KEY_PATTERN = new RegExp(`^(${MEDIA_KINDS.join('|')})/([0-9a-f]{2})/(\\2[0-9a-f]{62})\\.webp$`);

export interface ParsedMediaKey {
  kind: MediaKind;
  /** SHA-256 (hex) of the stored bytes: also the object's strong ETag. */
  sha256: string;
}

export function mediaKeyFor(kind: MediaKind, storedBytes: Buffer): string {
  const sha256 = createHash('sha256').update(storedBytes).digest('hex');
  return `${kind}/${sha256.slice(0, 2)}/${sha256}.webp`;
}

/** The key's parts, or undefined for anything that is not exactly a media key (the check for untrusted input). */
export function parseMediaKey(key: string): ParsedMediaKey | undefined {
  const match = MEDIA_KEY_PATTERN.exec(key);
  if (!match) return undefined;
  return { kind: match[1] as MediaKind, sha256: match[3] as string };
}

/** For storage adapters: a malformed key there is a programming error, never a path to follow. */
export function assertMediaKey(key: string): void {
  if (!MEDIA_KEY_PATTERN.test(key)) throw new Error(`Not a media key: ${JSON.stringify(key.slice(0, 200))}`);
}

/** Site-relative URL under which src/http/routes/site/media.routes.ts serves a key. */
export function mediaUrl(key: string): string {
  return `${MEDIA_URL_PREFIX}${key}`;
}
