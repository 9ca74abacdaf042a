import { createHash } from 'node:crypto';

const MAX_SOURCE_ID_CHARS = 200;

/**
 * A source id from a natural key (a guid, a post URL). Ids are at most 200 characters; longer
 * keys become their SHA-256, which is just as stable from one crawl to the next.
 */
export function sourceIdFor(key: string): string {
  const trimmed = key.trim();
  if (trimmed.length <= MAX_SOURCE_ID_CHARS) return trimmed;
  return `sha256:${createHash('sha256').update(trimmed).digest('hex')}`;
}
