import type { ArtworkService } from '../../src/artworks/artwork.service.ts';
import type { Db } from '../../src/db/connect.ts';
import type { SourceConfig } from '../config/source-config.ts';
import { postKeyOfSourceId } from '../sources/social-post.ts';
import { registerSourcePost } from './source-post.repository.ts';

type Ingest = Pick<ArtworkService, 'ingest' | 'syncSearchIndex'>;

/** Where each platform's lookups are asked. */
function apiBaseOf(source: SourceConfig): string | undefined {
  if (source.type === 'x' || source.type === 'bluesky') return source.options.apiBaseUrl;
  if (source.type === 'mastodon') return source.options.instanceUrl;
  return undefined;
}

/**
 * For social sources: every stored artwork's post is registered for re-checks at its source
 * (crawlers/recheck), so a post deleted there is removed here too. Other sources pass through.
 */
export function recordingSourcePosts(artworks: Ingest, db: Db, source: SourceConfig, now: () => Date = () => new Date()): Ingest {
  const apiBaseUrl = apiBaseOf(source);
  if (apiBaseUrl === undefined || (source.type !== 'x' && source.type !== 'bluesky' && source.type !== 'mastodon')) return artworks;
  const platform = source.type;
  return {
    ...artworks,
    async ingest(input, imageBytes, options) {
      const result = await artworks.ingest(input, imageBytes, options);
      const raw = input.publishedAt;
      const publishedAt = raw instanceof Date ? raw : raw ? new Date(String(raw)) : null;
      await registerSourcePost(
        db,
        {
          artworkId: result.id,
          platform,
          postKey: postKeyOfSourceId(input.sourceId),
          crawlSource: source.name,
          apiBaseUrl,
          postedAt: publishedAt && !Number.isNaN(publishedAt.getTime()) ? publishedAt : null,
        },
        now(),
      );
      return result;
    },
  };
}
