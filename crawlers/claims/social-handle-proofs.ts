import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import { proveBlueskyHandle } from '../sources/bluesky/bluesky-handle-proof.ts';
import { proveMastodonHandle } from '../sources/mastodon/mastodon-handle-proof.ts';
import { proveXHandle } from '../sources/x/x-handle-proof.ts';
import type { HandleProof, ReadApiJson } from './handle-proof.ts';

const PROOFS: Record<string, { prove: HandleProof; defaultApiBaseUrl: (handle: string) => string }> = {
  x: { prove: proveXHandle, defaultApiBaseUrl: () => 'https://api.x.com' },
  bluesky: { prove: proveBlueskyHandle, defaultApiBaseUrl: () => 'https://public.api.bsky.app' },
  // user@instance: the account's own instance knows it best.
  mastodon: { prove: proveMastodonHandle, defaultApiBaseUrl: (handle) => `https://${handle.slice(handle.lastIndexOf('@') + 1)}` },
};

export interface SocialHandleProofs {
  /** Whether this claim source is a social platform proven through its API, not a profile page. */
  covers(source: string): boolean;
  /** Where the one-time code was found (bio or post), or undefined when it is not there yet. */
  locate(claim: { source: string; handle: string; code: string }): Promise<string | undefined>;
}

/**
 * Creator claims on X, Bluesky and Mastodon handles: the one-time code is looked for in the
 * account's bio, then in its recent posts, through the platform's API (X pages are never
 * scraped). The API asked is the one the handle's posts were crawled from, else the platform's.
 */
export function createSocialHandleProofs({ db, readApiJson, xBearerToken }: { db: Db; readApiJson: ReadApiJson; xBearerToken?: string | undefined }): SocialHandleProofs {
  return {
    covers: (source) => Object.hasOwn(PROOFS, source),

    async locate({ source, handle, code }) {
      const platform = PROOFS[source]!;
      const crawled = await db
        .selectFrom('source_posts')
        .innerJoin('artworks', 'artworks.id', 'source_posts.artwork_id')
        .select('source_posts.api_base_url')
        .where('artworks.source', '=', source)
        .where(sql<string>`lower(artworks.author_handle)`, '=', handle.toLowerCase())
        .orderBy('source_posts.artwork_id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const apiBaseUrl = crawled?.api_base_url ?? platform.defaultApiBaseUrl(handle);
      return platform.prove({ handle, code, apiBaseUrl, readApiJson, xBearerToken });
    },
  };
}
