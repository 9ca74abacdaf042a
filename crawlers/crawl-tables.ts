import type { ColumnType, Generated, Selectable } from 'kysely';
import type { BigintId, DefaultedTimestamp, NullableTimestamp, TableColumns } from '../src/db/column-types.ts';

/**
 * Crawl runs and resume points (migrations/20261123000200_crawls.ts), part of the Database
 * interface in src/db/database.ts.
 */
export interface CrawlTables {
  crawl_runs: CrawlRunsTable;
  crawl_checkpoints: CrawlCheckpointsTable;
}

/** 'partial': the run stopped with content left behind (see CrawlStopReason); the next run resumes. */
export type CrawlRunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'aborted' | 'interrupted';

/**
 * Why a run stopped listing: it ran out ('end_of_content'), hit one of its limits, ran out of
 * time while the page's requests were still pending ('time_bound'), saw the page's requests
 * fail ('page_request_failed'), was stopped ('aborted') or failed ('error').
 */
export type CrawlStopReason =
  | 'end_of_content'
  | 'max_scrolls'
  | 'max_pages'
  | 'max_items'
  | 'time_bound'
  | 'page_request_failed'
  | 'aborted'
  | 'error';
export type CrawlTrigger = 'cli' | 'schedule';

/** One bounded entry of crawl_runs.errors: what went wrong, for which item or URL. */
export interface CrawlRunError {
  at: string;
  message: string;
  item?: string;
  url?: string;
}

/** One row per crawl run (crawlers/runner): counts and errors as of its last saved batch. */
export interface CrawlRunsTable {
  id: BigintId;
  source: string;
  trigger: CrawlTrigger;
  status: Generated<CrawlRunStatus>;
  started_at: DefaultedTimestamp;
  finished_at: NullableTimestamp;
  items_fetched: Generated<number>;
  items_new: Generated<number>;
  items_updated: Generated<number>;
  items_unchanged: Generated<number>;
  items_duplicate: Generated<number>;
  items_failed: Generated<number>;
  items_blocked: Generated<number>;
  errors: ColumnType<CrawlRunError[], string | undefined, string>;
  /** Null while running, and for runs recorded before stop reasons existed. */
  stop_reason: ColumnType<CrawlStopReason | null, CrawlStopReason | null | undefined, CrawlStopReason | null>;
  /** Distinct items the pages showed (rendered-page sources); null where the source does not count them. */
  items_shown: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Where each source resumes: saved with the run's counts after every stored batch. */
export interface CrawlCheckpointsTable {
  source: string;
  /** Source-specific JSON, validated by the source's own schema when read back. */
  checkpoint: ColumnType<unknown, string, string>;
  /** Fingerprint of the source options the checkpoint belongs to; a changed source starts over. */
  options_hash: string;
  run_id: string | null;
  updated_at: DefaultedTimestamp;
}

export type CrawlRunRow = Selectable<CrawlRunsTable>;

export const crawlTableColumns = {
  crawl_runs: {
    id: 'not null',
    source: 'not null',
    trigger: 'not null',
    status: 'not null',
    started_at: 'not null',
    finished_at: 'nullable',
    items_fetched: 'not null',
    items_new: 'not null',
    items_updated: 'not null',
    items_unchanged: 'not null',
    items_duplicate: 'not null',
    items_failed: 'not null',
    items_blocked: 'not null',
    errors: 'not null',
    stop_reason: 'nullable',
    items_shown: 'nullable',
  },
  crawl_checkpoints: {
    source: 'not null',
    checkpoint: 'not null',
    options_hash: 'not null',
    run_id: 'nullable',
    updated_at: 'not null',
  },
} as const satisfies TableColumns<CrawlTables>;
