import { z } from 'zod';
import { InvalidResponseError } from '../../net/fetch-errors.ts';
import type { Checkpoint, CrawlSource, SourceEvent } from '../../runner/crawl-source.ts';
import { socialPostItems } from '../social-post.ts';
import { toSocialPost, X_SEARCH_FIELDS, xPostsPageSchema } from './x-api.ts';
import type { xOptionsSchema } from './x-options.ts';

export type XOptions = z.output<typeof xOptionsSchema>;

/** The operator has no X API access configured. */
export class MissingXTokenError extends Error {
  override name = 'MissingXTokenError';
}

/**
 * A sweep of X's recent search. Results come newest first; `since_id` (the newest post of the
 * previous complete sweep) makes each run fetch only what is new, and `next_token` + `skip`
 * locate the next unstored post inside an unfinished sweep.
 */
const sweepSchema = z.object({
  nextToken: z.string().nullable(),
  skip: z.number().int().min(0),
  sinceId: z.string().regex(/^\d+$/).nullable(),
  sweepNewestId: z.string().regex(/^\d+$/).nullable(),
});
type Sweep = z.infer<typeof sweepSchema>;

const FRESH_SWEEP: Sweep = { nextToken: null, skip: 0, sinceId: null, sweepNewestId: null };

const newer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b);

export function createXSource(options: XOptions, artworkSource: string, bearerToken: string | undefined): CrawlSource {
  const site = { siteUrl: options.siteUrl, source: artworkSource };
  const query = /\bhas:images\b/.test(options.query) ? options.query : `${options.query} has:images`;

  function pageUrl(sweep: Sweep): string {
    const url = new URL('/2/tweets/search/recent', options.apiBaseUrl);
    url.searchParams.set('query', query);
    url.searchParams.set('max_results', String(options.pageSize));
    for (const [name, value] of Object.entries(X_SEARCH_FIELDS)) url.searchParams.set(name, value);
    if (sweep.sinceId) url.searchParams.set('since_id', sweep.sinceId);
    if (sweep.nextToken) url.searchParams.set('next_token', sweep.nextToken);
    return url.href;
  }

  return {
    async *read(checkpoint, { http }): AsyncGenerator<SourceEvent> {
      if (!bearerToken) throw new MissingXTokenError('X_BEARER_TOKEN is not set: X sources need the API bearer token of the operator’s X app');
      const headers = { authorization: `Bearer ${bearerToken}` };
      const stored = sweepSchema.safeParse(checkpoint);
      let sweep: Sweep = stored.success ? stored.data : FRESH_SWEEP;
      const finished = (): Checkpoint => ({ ...FRESH_SWEEP, sinceId: sweep.sweepNewestId ?? sweep.sinceId });

      for (;;) {
        const page = await http.getJson(pageUrl(sweep), xPostsPageSchema, headers);
        const posts = page.data ?? [];
        for (const [index, post] of posts.entries()) {
          if (index < sweep.skip) continue;
          // since_id already filters; this guards against a server that ignores it.
          if (!newer(post.id, sweep.sinceId)) continue;
          if (newer(post.id, sweep.sweepNewestId)) sweep = { ...sweep, sweepNewestId: post.id };
          const social = toSocialPost(post, page, site);
          yield* socialPostItems(social, { ...sweep, skip: index }, { ...sweep, skip: index + 1 });
        }
        const next = page.meta?.next_token;
        if (!next || posts.length === 0) {
          yield { kind: 'position', checkpoint: finished() };
          return;
        }
        if (next === sweep.nextToken) throw new InvalidResponseError('The API returned the same next_token again', pageUrl(sweep));
        sweep = { ...sweep, nextToken: next, skip: 0 };
        yield { kind: 'position', checkpoint: sweep };
      }
    },
  };
}
