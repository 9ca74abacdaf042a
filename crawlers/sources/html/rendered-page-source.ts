import type { Browser, BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import type { htmlOptionsSchema } from '../../config/source-config.ts';
import type { CrawlSource, MappedRecord, SourceContext, SourceEvent } from '../../runner/crawl-source.ts';
import type { CrawlStopReason } from '../../runner/stop-reason.ts';
import { sourceIdFor } from '../source-id.ts';
import { routeThroughCrawler, type PageTraffic } from './browser-network.ts';
import { checkItem, countItems, extractItems, nextPageUrl, readPageData, type ExtractedItem } from './extract-items.ts';
import { clickLoadMore, scrollToBottom, waitForPage, type RoundOutcome } from './page-rounds.ts';
import { completeFromPostPage } from './post-detail.ts';
import { itemsFromJsonLd, itemsFromNextData } from './structured-data.ts';

export type HtmlOptions = z.output<typeof htmlOptionsSchema>;

/** The page being read and how many distinct items of it are stored; null page = startUrl. */
const positionSchema = z.object({ pageUrl: z.string().nullable(), skip: z.number().int().min(0), page: z.number().int().min(0) });
type Position = z.infer<typeof positionSchema>;
const START: Position = { pageUrl: null, skip: 0, page: 0 };

/** Why reading one page ended. */
type PageStop = Extract<CrawlStopReason, 'end_of_content' | 'max_scrolls' | 'time_bound' | 'page_request_failed'>;

/** One rendered page being read, with what the source needs to wait for it. */
interface OpenPage {
  page: Page;
  traffic: PageTraffic;
  /** Upper bound on one round's wait, asked each round: robots.txt's Crawl-delay may be known only after the first request. */
  roundTimeoutMs(): number;
  /** When its navigation started: the first round waits for every request since. */
  loadStartedAt: number;
}

/**
 * Gallery pages without an API, rendered in Chromium. Items come from structured data first
 * (a JSON pointer into __NEXT_DATA__, JSON-LD ImageObject/CreativeWork), then from the DOM with
 * CSS selectors. The page is scrolled (or its "load more" button clicked) round after round;
 * each round waits for the page's own requests, not for a fixed time, and a round cut short by
 * its time bound with requests still pending ends the run as partial (the next run resumes at
 * the same item). Then the next-page link is followed. Items are told apart by post link (or
 * image URL), so a page that re-renders or recycles its nodes does not list an item twice.
 */
export function createRenderedPageSource(options: HtmlOptions, artworkSource: string, maxDocumentBytes: number): CrawlSource {
  return {
    async *read(checkpoint, context): AsyncGenerator<SourceEvent> {
      const stored = positionSchema.safeParse(checkpoint);
      let position = stored.success ? stored.data : START;
      const browser = await context.browser();
      const contexts: BrowserContext[] = [];
      let itemsShown = 0;
      try {
        const listing = await openContext(browser, context, maxDocumentBytes, true, contexts);
        const page = await listing.context.newPage();
        page.setDefaultTimeout(options.pageTimeoutMs);
        // Post pages get a context of their own, scripts off: only their HTML is needed.
        const detailPage = options.detail ? await (await openContext(browser, context, maxDocumentBytes, false, contexts)).context.newPage() : undefined;
        for (;;) {
          const pageUrl = position.pageUrl ?? options.startUrl;
          const open: OpenPage = {
            page,
            traffic: listing.traffic,
            roundTimeoutMs: () => options.scrollTimeoutMs ?? context.http.pageRequestAllowanceMs(pageUrl),
            loadStartedAt: Date.now(),
          };
          await page.goto(pageUrl, { waitUntil: 'domcontentloaded', timeout: options.pageTimeoutMs });
          const reading = readPage(open, options, context.signal);
          let step = await reading.next();
          for (; !step.done; step = await reading.next()) {
            const [index, listed] = step.value;
            itemsShown += 1;
            if (index < position.skip) continue;
            const item = detailPage ? await completeFromPostPage(detailPage, listed, options, context.logger) : listed;
            yield { kind: 'item', ref: item.postLink ?? item.image ?? `${pageUrl} #${index}`, record: toRecord(item, artworkSource), checkpointAfter: { ...position, skip: index + 1 } };
          }
          const pageStop = step.value;
          if (pageStop === 'time_bound' || pageStop === 'page_request_failed') {
            // Content is left on this page: the checkpoint stays at the last stored item of it.
            context.logger.warn({ url: pageUrl, stopReason: pageStop }, 'rendered page stopped before its end');
            yield { kind: 'outcome', stopReason: pageStop, itemsShown };
            return;
          }
          const next = await nextPageUrl(page, options.selectors?.nextPage);
          const nextPage = position.page + 1;
          if (!next || next === pageUrl || nextPage >= options.maxPages) {
            yield { kind: 'position', checkpoint: START };
            yield { kind: 'outcome', stopReason: next && next !== pageUrl ? 'max_pages' : pageStop, itemsShown };
            return;
          }
          position = { pageUrl: next, skip: 0, page: nextPage };
          yield { kind: 'position', checkpoint: position };
        }
      } finally {
        for (const opened of contexts) await opened.close().catch(() => undefined);
      }
    },
  };
}

async function openContext(browser: Browser, source: SourceContext, maxBytes: number, javaScriptEnabled: boolean, opened: BrowserContext[]) {
  const context = await browser.newContext({
    userAgent: source.http.userAgent,
    serviceWorkers: 'block',
    acceptDownloads: false,
    javaScriptEnabled,
    viewport: { width: 1280, height: 1600 },
  });
  opened.push(context);
  const traffic = await routeThroughCrawler(context, source.http, { maxBytes, logger: source.logger });
  return { context, traffic };
}

/**
 * Each item of the page once, in order of discovery: structured data first, then the DOM,
 * round after round of scrolling or "load more" while new items keep appearing. Returns why
 * the page ended.
 */
async function* readPage(open: OpenPage, options: HtmlOptions, signal: AbortSignal): AsyncGenerator<[number, ExtractedItem], PageStop> {
  const { page, traffic } = open;
  const seen = new Set<string>();
  function* fresh(items: ExtractedItem[]): Generator<[number, ExtractedItem]> {
    for (const item of items) {
      const key = item.postLink ?? item.image ?? JSON.stringify(item);
      if (seen.has(key)) continue;
      seen.add(key);
      yield [seen.size - 1, item];
    }
  }
  const selectors = options.selectors;
  const wait = (itemSelector: string, knownCount: number, since: number) =>
    waitForPage(page, traffic, { itemSelector, knownCount, since, quietMs: options.scrollSettleMs, timeoutMs: open.roundTimeoutMs(), signal });
  // The first round is the page's own first load: its script may fetch the first items.
  let outcome: RoundOutcome = selectors ? await wait(selectors.item, 0, open.loadStartedAt) : 'settled';
  yield* fresh(await structuredItems(page, options));
  if (!selectors) return 'end_of_content';
  for (let round = 0; ; round += 1) {
    const before = seen.size;
    yield* fresh(await extractItems(page, selectors));
    const foundMore = seen.size > before;
    if (outcome === 'time_bound' || outcome === 'page_request_failed') {
      if (!foundMore) return outcome;
    } else if (outcome === 'settled' && round > 0 && !foundMore) {
      return 'end_of_content';
    }
    if (round >= options.maxScrolls) return 'max_scrolls';
    const knownCount = await countItems(page, selectors.item);
    const since = Date.now();
    const clicked = selectors.loadMore ? await clickLoadMore(page, selectors.loadMore) : false;
    if (!clicked) await scrollToBottom(page);
    outcome = await wait(selectors.item, knownCount, since);
  }
}

/** Items the page embeds as data: __NEXT_DATA__ at the configured pointer, then JSON-LD. */
async function structuredItems(page: Page, options: HtmlOptions): Promise<ExtractedItem[]> {
  if (!options.nextData && !options.jsonLd) return [];
  const data = await readPageData(page);
  const baseUrl = page.url();
  const raw = [];
  if (options.nextData && data.nextData) {
    try {
      raw.push(...itemsFromNextData(JSON.parse(data.nextData), options.nextData, baseUrl));
    } catch {
      // Not JSON: the page has no usable embedded props; the DOM may still have the items.
    }
  }
  if (options.jsonLd) raw.push(...itemsFromJsonLd(data.jsonLd, baseUrl));
  return raw.map(checkItem);
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
      params: item.params,
    },
  };
}
