import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';
import type { SearchDocument } from '../search/search-index.ts';
import type {
  AccountRecoveryCodesTable,
  AccountsTable,
  AccountTokensTable,
  RateLimitCountersTable,
  SecurityLogTable,
  SessionsTable,
} from './account-tables.ts';
import type { GalleryItemsTable, GenerationsTable } from '../generation/generation-tables.ts';
import type {
  CreatorClaimsTable,
  TakedownCounterNoticesTable,
  TakedownEventsTable,
  TakedownItemsTable,
  TakedownNoticesTable,
} from '../takedowns/takedown-tables.ts';
import type { MediaObjectKeysTable, StorageMasterKeysTable } from '../media/media-tables.ts';
import type { CreditBalancesTable, CreditEntriesTable, StripeCustomersTable, StripeEventsTable, StripeSubscriptionsTable } from '../credits/credit-tables.ts';

/**
 * The one typed view of the PostgreSQL schema. Keep it in step with migrations/;
 * test/db/schema.test.ts compares the two.
 */
export interface Database {
  artworks: ArtworksTable;
  search_documents: SearchDocumentsTable;
  search_index_state: SearchIndexStateTable;
  crawl_runs: CrawlRunsTable;
  crawl_checkpoints: CrawlCheckpointsTable;
  accounts: AccountsTable;
  account_recovery_codes: AccountRecoveryCodesTable;
  account_tokens: AccountTokensTable;
  sessions: SessionsTable;
  security_log: SecurityLogTable;
  rate_limit_counters: RateLimitCountersTable;
  generations: GenerationsTable;
  gallery_items: GalleryItemsTable;
  takedown_notices: TakedownNoticesTable;
  takedown_items: TakedownItemsTable;
  takedown_counter_notices: TakedownCounterNoticesTable;
  takedown_events: TakedownEventsTable;
  creator_claims: CreatorClaimsTable;
  credit_balances: CreditBalancesTable;
  credit_entries: CreditEntriesTable;
  stripe_customers: StripeCustomersTable;
  stripe_subscriptions: StripeSubscriptionsTable;
  stripe_events: StripeEventsTable;
  storage_master_keys: StorageMasterKeysTable;
  media_object_keys: MediaObjectKeysTable;
}

/** bigint ids come back from pg as strings; we keep them as strings end to end. */
type BigintId = GeneratedAlways<string>;
/** A timestamptz the database fills in by default. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type Aspect = 'square' | 'portrait' | 'landscape';
export type TakedownState = 'none' | 'held' | 'removed';

export interface GenerationParams {
  seed?: number | string;
  steps?: number;
  sampler?: string;
  cfgScale?: number;
  size?: string;
  modelHash?: string;
  [key: string]: string | number | boolean | undefined;
}

export interface ArtworksTable {
  id: BigintId;
  source: string;
  source_id: string;
  post_url: string;
  image_url: string;
  author_handle: string | null;
  author_name: string | null;
  author_url: string | null;
  prompt: Generated<string>;
  negative_prompt: string | null;
  model: string | null;
  params: ColumnType<GenerationParams, string, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  width: number;
  height: number;
  aspect: Aspect;
  nsfw: Generated<boolean>;
  published_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  indexed_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  sha256: string;
  /** 64-bit perceptual hash stored as a signed bigint; pg hands it back as a string. */
  phash: ColumnType<string, string | bigint, string | bigint>;
  placeholder: string;
  thumbnail_key: string | null;
  preview_key: string | null;
  duplicate_of: string | null;
  takedown_state: Generated<TakedownState>;
  prompt_tsv: GeneratedAlways<string>;
}

export type ArtworkRow = Selectable<ArtworksTable>;
export type NewArtworkRow = Insertable<ArtworksTable>;
export type ArtworkRowUpdate = Updateable<ArtworksTable>;

/**
 * The built-in search engine's documents (src/search/postgres): serving processes load them into
 * memory and apply every change with a higher version. Rebuilt from `artworks` at will.
 */
export interface SearchDocumentsTable {
  id: string;
  /** bigint from the search_document_version sequence; pg hands it back as a string. */
  version: ColumnType<string, never, never>;
  /** null: deleted (a tombstone until the next rebuild). */
  document: ColumnType<SearchDocument | null, string | null, string | null>;
  source: string;
  author_handle: string | null;
}

/** One row: the generation of the search_documents table, bumped when a rebuild swaps a new one in. */
export interface SearchIndexStateTable {
  singleton: Generated<boolean>;
  generation: ColumnType<string, never, string>;
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
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
