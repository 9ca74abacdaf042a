import { z } from 'zod';
import type { feedOptionsSchema } from '../../config/source-config.ts';
import { InvalidResponseError } from '../../net/fetch-errors.ts';
import type { CrawlSource, SourceEvent } from '../../runner/crawl-source.ts';
import { mapFeedEntry, type FeedPage } from './feed-entry.ts';
import { parseJsonFeed } from './json-feed.ts';
import { parseXmlFeed } from './xml-feed.ts';

export type FeedOptions = z.output<typeof feedOptionsSchema>;

const FEED_ACCEPT = 'application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1';

/** The page being read and how many of its items are stored; null page = the feed's own URL. */
const positionSchema = z.object({ pageUrl: z.string().nullable(), skip: z.number().int().min(0), page: z.number().int().min(0) });
type Position = z.infer<typeof positionSchema>;
const START: Position = { pageUrl: null, skip: 0, page: 0 };

/**
 * RSS 2.0, Atom and JSON Feed. Each run reads the feed from its head (items already stored are
 * recognised by the runner and not downloaded again) and follows next-page links up to maxPages.
 */
export function createFeedSource(options: FeedOptions, artworkSource: string): CrawlSource {
  return {
    async *read(checkpoint, { http }): AsyncGenerator<SourceEvent> {
      const stored = positionSchema.safeParse(checkpoint);
      let position = stored.success ? stored.data : START;
      for (;;) {
        const pageUrl = position.pageUrl ?? options.url;
        const response = await http.getText(pageUrl, FEED_ACCEPT);
        const page = parseFeed(response.text, response.url);
        for (const [index, parsed] of page.entries.entries()) {
          if (index < position.skip) continue;
          yield {
            kind: 'item',
            ref: parsed.ok ? (parsed.entry.id ?? parsed.entry.link ?? `${pageUrl} #${index}`) : `${pageUrl} #${index}`,
            record: parsed.ok ? mapFeedEntry(parsed.entry, response.url, artworkSource) : parsed,
            checkpointAfter: { ...position, skip: index + 1 },
          };
        }
        const nextPage = position.page + 1;
        if (!page.nextUrl || page.nextUrl === pageUrl || nextPage >= options.maxPages) {
          yield { kind: 'position', checkpoint: START };
          return;
        }
        position = { pageUrl: page.nextUrl, skip: 0, page: nextPage };
        yield { kind: 'position', checkpoint: position };
      }
    },
  };
}

/** JSON Feed when the body is a JSON object, RSS or Atom otherwise. */
export function parseFeed(body: string, url: string): FeedPage {
  const trimmed = body.trimStart();
  try {
    if (trimmed.startsWith('{')) return parseJsonFeed(JSON.parse(trimmed), url);
    return parseXmlFeed(trimmed, url);
  } catch (error) {
    const reason = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'unexpected shape') : (error as Error).message;
    throw new InvalidResponseError(`Not a feed (RSS 2.0, Atom or JSON Feed): ${reason}`, url);
  }
}
