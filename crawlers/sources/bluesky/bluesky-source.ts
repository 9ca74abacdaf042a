import { z } from 'zod';
import { InvalidResponseError } from '../../net/fetch-errors.ts';
import type { Checkpoint, CrawlSource, SourceEvent } from '../../runner/crawl-source.ts';
import { socialPostItems } from '../social-post.ts';
import { authorFeedSchema, searchPostsSchema, sortAtOf, toSocialPost, type BlueskyPostView } from './bluesky-api.ts';
import type { blueskyOptionsSchema } from './bluesky-options.ts';

export type BlueskyOptions = z.output<typeof blueskyOptionsSchema>;

/**
 * A sweep, newest first, back to the newest post of the previous complete sweep (`sinceAt`, an
 * ISO time; searchPosts is also told `since`). `cursor` + `skip` locate the next unstored post.
 */
const sweepSchema = z.object({
  cursor: z.string().nullable(),
  skip: z.number().int().min(0),
  sinceAt: z.string().nullable(),
  sweepNewestAt: z.string().nullable(),
});
type Sweep = z.infer<typeof sweepSchema>;

const FRESH_SWEEP: Sweep = { cursor: null, skip: 0, sinceAt: null, sweepNewestAt: null };

export function createBlueskySource(options: BlueskyOptions, artworkSource: string): CrawlSource {
  const site = { siteUrl: options.siteUrl, source: artworkSource };

  function pageUrl(sweep: Sweep): string {
    const method = options.query !== undefined ? 'app.bsky.feed.searchPosts' : 'app.bsky.feed.getAuthorFeed';
    const url = new URL(`/xrpc/${method}`, options.apiBaseUrl);
    if (options.query !== undefined) {
      url.searchParams.set('q', options.query);
      url.searchParams.set('sort', 'latest');
      if (sweep.sinceAt) url.searchParams.set('since', sweep.sinceAt);
    } else {
      url.searchParams.set('actor', options.author!);
      url.searchParams.set('filter', 'posts_with_media');
    }
    url.searchParams.set('limit', String(options.pageSize));
    if (sweep.cursor) url.searchParams.set('cursor', sweep.cursor);
    return url.href;
  }

  async function readPage(http: Parameters<CrawlSource['read']>[1]['http'], sweep: Sweep): Promise<{ posts: BlueskyPostView[]; cursor?: string | undefined }> {
    if (options.query !== undefined) return http.getJson(pageUrl(sweep), searchPostsSchema);
    const page = await http.getJson(pageUrl(sweep), authorFeedSchema);
    return { cursor: page.cursor, posts: page.feed.filter((entry) => entry.reason === undefined).map((entry) => entry.post) };
  }

  return {
    async *read(checkpoint, { http, isOptedOut }): AsyncGenerator<SourceEvent> {
      // An author who opted out is not read at all, not even their feed's listing.
      if (options.author !== undefined && (await isOptedOut?.(artworkSource, options.author.replace(/^@/, '')))) return;
      const stored = sweepSchema.safeParse(checkpoint);
      let sweep: Sweep = stored.success ? stored.data : FRESH_SWEEP;
      const finished = (): Checkpoint => ({ ...FRESH_SWEEP, sinceAt: sweep.sweepNewestAt ?? sweep.sinceAt });

      for (;;) {
        const page = await readPage(http, sweep);
        for (const [index, post] of page.posts.entries()) {
          if (index < sweep.skip) continue;
          const sortAt = sortAtOf(post);
          if (sweep.sinceAt !== null && sortAt < sweep.sinceAt) {
            yield { kind: 'position', checkpoint: finished() };
            return;
          }
          if (sweep.sweepNewestAt === null || sortAt > sweep.sweepNewestAt) sweep = { ...sweep, sweepNewestAt: sortAt };
          yield* socialPostItems(toSocialPost(post, site), { ...sweep, skip: index }, { ...sweep, skip: index + 1 });
        }
        if (!page.cursor || page.posts.length === 0) {
          yield { kind: 'position', checkpoint: finished() };
          return;
        }
        if (page.cursor === sweep.cursor) throw new InvalidResponseError('The API returned the same cursor again', pageUrl(sweep));
        sweep = { ...sweep, cursor: page.cursor, skip: 0 };
        yield { kind: 'position', checkpoint: sweep };
      }
    },
  };
}
