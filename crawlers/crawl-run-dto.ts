import type { CrawlRunRow } from './crawl-tables.ts';

/**
 * A crawl run as the JSON API shows it: named like the rest of the API, dates as ISO strings,
 * and only these fields (no query helpers such as the per-source rank).
 */
export function toCrawlRunResponse(run: CrawlRunRow) {
  return {
    id: run.id,
    source: run.source,
    trigger: run.trigger,
    status: run.status,
    startedAt: run.started_at.toISOString(),
    finishedAt: run.finished_at?.toISOString() ?? null,
    stopReason: run.stop_reason,
    itemsShown: run.items_shown,
    itemsFetched: run.items_fetched,
    itemsNew: run.items_new,
    itemsUpdated: run.items_updated,
    itemsUnchanged: run.items_unchanged,
    itemsDuplicate: run.items_duplicate,
    itemsFailed: run.items_failed,
    itemsBlocked: run.items_blocked,
    errors: run.errors,
  };
}

export type CrawlRunResponse = ReturnType<typeof toCrawlRunResponse>;
