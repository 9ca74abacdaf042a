import type { CrawlStopReason } from '../crawl-tables.ts';

export type { CrawlStopReason };

/** Reasons that leave content behind which the next run picks up: the run is 'partial', not 'succeeded'. */
export const PARTIAL_STOP_REASONS: ReadonlySet<CrawlStopReason> = new Set(['time_bound', 'page_request_failed']);

const DESCRIPTIONS: Record<CrawlStopReason, string> = {
  end_of_content: 'end of content',
  max_scrolls: 'maxScrolls reached',
  max_pages: 'maxPages reached',
  max_items: 'item limit reached',
  time_bound: "time bound ran out with the page's requests still pending",
  page_request_failed: "the page's requests for more items failed",
  aborted: 'stopped by the operator',
  error: 'error',
};

/** How the CLI and /admin/crawls say why a run stopped. */
export function describeStopReason(reason: CrawlStopReason): string {
  return DESCRIPTIONS[reason];
}

/** "stopped: end of content; items shown 24, read 24" (shown only where the source counts them). */
export function formatStop(run: { stopReason: CrawlStopReason; itemsShown: number | null; itemsRead: number }): string {
  const shown = run.itemsShown === null ? '' : `; items shown ${run.itemsShown}, read ${run.itemsRead}`;
  return `stopped: ${describeStopReason(run.stopReason)}${shown}`;
}
