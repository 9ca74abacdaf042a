import type { Page } from 'playwright-core';
import { z } from 'zod';
import type { htmlOptionsSchema } from '../../config/source-config.ts';
import type { CrawlSource, MappedRecord, SourceEvent } from '../../runner/crawl-source.ts';
import { sourceIdFor } from '../source-id.ts';
import { routeThroughCrawler } from './browser-network.ts';
import { extractItems, nextPageUrl, scrollForMore, type ExtractedItem } from './extract-items.ts';

export type HtmlOptions = z.output<typeof htmlOptionsSchema>;

/** The page being read and how many distinct items of it are stored; null page = startUrl. */
const positionSchema = z.object({ pageUrl: z.string().nullable(), skip: z.number().int().min(0), page: z.number().int().min(0) });
type Position = z.infer<typeof positionSchema>;
const START: Position = { pageUrl: null, skip: 0, page: 0 };

/**
 * Gallery pages without an API, rendered in Chromium: items are read with CSS selectors, the
 * page is scrolled until no new items appear (infinite scroll), then the next-page link is
 * followed. Items are told apart by post link (or image URL), so a page that re-renders or
 * recycles its nodes does not list an item twice.
 */
export function createRenderedPageSource(options: HtmlOptions, artworkSource: string, maxDocumentBytes: number): CrawlSource {
  return {
    async *read(checkpoint, context): AsyncGenerator<SourceEvent> {
      const stored = positionSchema.safeParse(checkpoint);
      let position = stored.success ? stored.data : START;
      const browser = await context.browser();
      const browserContext = await browser.newContext({
        userAgent: context.http.userAgent,
        serviceWorkers: 'block',
        acceptDownloads: false,
        viewport: { width: 1280, height: 1600 },
      });
      try {
        await routeThroughCrawler(browserContext, context.http, { maxBytes: maxDocumentBytes, logger: context.logger });
        const page = await browserContext.newPage();
        page.setDefaultTimeout(options.pageTimeoutMs);
        for (;;) {
          const pageUrl = position.pageUrl ?? options.startUrl;
          await page.goto(pageUrl, { waitUntil: 'domcontentloaded', timeout: options.pageTimeoutMs });
          await page.waitForSelector(options.selectors.item, { state: 'attached', timeout: options.pageTimeoutMs }).catch(() => undefined);
          for await (const [index, item] of distinctItems(page, options)) {
            if (index < position.skip) continue;
            yield { kind: 'item', ref: item.postLink ?? item.image ?? `${pageUrl} #${index}`, record: toRecord(item, artworkSource), checkpointAfter: { ...position, skip: index + 1 } };
          }
          const next = await nextPageUrl(page, options.selectors.nextPage);
          const nextPage = position.page + 1;
          if (!next || next === pageUrl || nextPage >= options.maxPages) {
            yield { kind: 'position', checkpoint: START };
            return;
          }
          position = { pageUrl: next, skip: 0, page: nextPage };
          yield { kind: 'position', checkpoint: position };
        }
      } finally {
        await browserContext.close().catch(() => undefined);
      }
    },
  };
}

/** Each item once, in order of discovery, scrolling for more while new ones keep appearing. */
async function* distinctItems(page: Page, options: HtmlOptions): AsyncGenerator<[number, ExtractedItem]> {
  const seen = new Set<string>();
  for (let scrolls = 0; ; scrolls += 1) {
    const items = await extractItems(page, options.selectors);
    for (const item of items) {
      const key = item.postLink ?? item.image ?? JSON.stringify(item);
      if (seen.has(key)) continue;
      seen.add(key);
      yield [seen.size - 1, item];
    }
    if (scrolls >= options.maxScrolls) return;
    if (!(await scrollForMore(page, options.selectors.item, items.length, options.scrollSettleMs))) return;
  }
}

function toRecord(item: ExtractedItem, artworkSource: string): MappedRecord {
  if (!item.image) return { ok: false, error: 'no image found in the item' };
  const postUrl = item.postLink ?? item.image;
  return {
    ok: true,
    input: {
      source: artworkSource,
      sourceId: sourceIdFor(postUrl),
      postUrl,
      imageUrl: item.image,
      author: { handle: item.author, name: item.author, url: item.authorLink },
      prompt: item.prompt ?? '',
      negativePrompt: item.negativePrompt,
      model: item.model,
    },
  };
}
