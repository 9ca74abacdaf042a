import type { ColumnType } from 'kysely';
import type { NullableTimestamp, TableColumns } from '../../src/db/column-types.ts';

export type SocialPlatform = 'x' | 'bluesky' | 'mastodon';

/**
 * One row per artwork crawled from a social platform (migrations/20261128030000_social_sources.ts):
 * where to ask whether its post still exists, and when to ask next. Part of the Database
 * interface in src/db/database.ts.
 */
export interface SourcePostTables {
  source_posts: SourcePostsTable;
}

export interface SourcePostsTable {
  artwork_id: string;
  platform: SocialPlatform;
  /** The id the platform's lookup API takes: a post id, an at:// URI, `<instance host>/<status id>`. */
  post_key: string;
  /** The crawl source that found it: its settings (network allowance, politeness) are used to ask. */
  crawl_source: string;
  api_base_url: string;
  posted_at: NullableTimestamp;
  last_checked_at: NullableTimestamp;
  next_check_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export const sourcePostTableColumns = {
  source_posts: {
    artwork_id: 'not null',
    platform: 'not null',
    post_key: 'not null',
    crawl_source: 'not null',
    api_base_url: 'not null',
    posted_at: 'nullable',
    last_checked_at: 'nullable',
    next_check_at: 'not null',
  },
} as const satisfies TableColumns<SourcePostTables>;
