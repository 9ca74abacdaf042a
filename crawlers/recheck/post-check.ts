import type { CrawlHttpClient } from '../net/crawl-http-client.ts';

/** Why a post no longer counts as published at its source. */
export type GoneReason = 'deleted' | 'private' | 'author_suspended';

/** What the source said about one post: still there, gone (and why), or nothing usable this time. */
export type PostState = { state: 'live' } | { state: 'gone'; reason: GoneReason } | { state: 'unknown' };

export interface PostCheckContext {
  http: CrawlHttpClient;
  apiBaseUrl: string;
  secrets: { xBearerToken?: string | undefined };
}

/** Asks a platform about posts by their post keys; every key gets an answer in the map. */
export type PostChecker = (postKeys: string[], context: PostCheckContext) => Promise<Map<string, PostState>>;

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}
