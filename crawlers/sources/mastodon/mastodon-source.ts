import { z } from 'zod';
import { InvalidResponseError } from '../../net/fetch-errors.ts';
import type { Checkpoint, CrawlSource, SourceEvent } from '../../runner/crawl-source.ts';
import { socialPostItems } from '../social-post.ts';
import { nextMaxId, tagTimelineSchema, toSocialPost } from './mastodon-api.ts';
import type { mastodonOptionsSchema } from './mastodon-options.ts';

export type MastodonOptions = z.output<typeof mastodonOptionsSchema>;

/**
 * A sweep of the hashtag timeline, newest first: `since_id` (the newest status of the previous
 * complete sweep) keeps each run to what is new; `max_id` from the Link header's next page
 * and `skip` locate the next unstored status inside an unfinished sweep.
 */
const sweepSchema = z.object({
  maxId: z.string().regex(/^\d+$/).nullable(),
  skip: z.number().int().min(0),
  sinceId: z.string().regex(/^\d+$/).nullable(),
  sweepNewestId: z.string().regex(/^\d+$/).nullable(),
});
type Sweep = z.infer<typeof sweepSchema>;

const FRESH_SWEEP: Sweep = { maxId: null, skip: 0, sinceId: null, sweepNewestId: null };
const PUBLIC = new Set(['public', 'unlisted']);

const newer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b);

export function createMastodonSource(options: MastodonOptions, artworkSource: string): CrawlSource {
  const site = { instanceUrl: options.instanceUrl, source: artworkSource };

  function pageUrl(sweep: Sweep): string {
    const url = new URL(`/api/v1/timelines/tag/${encodeURIComponent(options.tag)}`, options.instanceUrl);
    url.searchParams.set('limit', String(options.pageSize));
    url.searchParams.set('only_media', 'true');
    if (sweep.sinceId) url.searchParams.set('since_id', sweep.sinceId);
    if (sweep.maxId) url.searchParams.set('max_id', sweep.maxId);
    return url.href;
  }

  return {
    async *read(checkpoint, { http }): AsyncGenerator<SourceEvent> {
      const stored = sweepSchema.safeParse(checkpoint);
      let sweep: Sweep = stored.success ? stored.data : FRESH_SWEEP;
      const finished = (): Checkpoint => ({ ...FRESH_SWEEP, sinceId: sweep.sweepNewestId ?? sweep.sinceId });

      for (;;) {
        const { body: statuses, headers } = await http.getJsonResponse(pageUrl(sweep), tagTimelineSchema);
        for (const [index, status] of statuses.entries()) {
          if (index < sweep.skip) continue;
          if (!newer(status.id, sweep.sinceId)) continue;
          if (newer(status.id, sweep.sweepNewestId)) sweep = { ...sweep, sweepNewestId: status.id };
          if (status.reblog || (status.visibility !== undefined && !PUBLIC.has(status.visibility))) continue;
          yield* socialPostItems(toSocialPost(status, site), { ...sweep, skip: index }, { ...sweep, skip: index + 1 });
        }
        // The Link header decides when there is one; without it, a full page suggests more (max_id paging).
        const next = headers.link !== undefined ? nextMaxId(headers.link) : statuses.length >= options.pageSize ? statuses.at(-1)?.id : undefined;
        if (!next || statuses.length === 0) {
          yield { kind: 'position', checkpoint: finished() };
          return;
        }
        if (next === sweep.maxId) throw new InvalidResponseError('The instance returned the same page again', pageUrl(sweep));
        sweep = { ...sweep, maxId: next, skip: 0 };
        yield { kind: 'position', checkpoint: sweep };
      }
    },
  };
}
