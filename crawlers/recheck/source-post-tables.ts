import type { ColumnType } from 'kysely';

export type SocialPlatform = 'x' | 'bluesky' | 'mastodon';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/**
 * One row per artwork crawled from a social platform (migrations/20261128030000_social_sources.ts):
 * where to ask whether its post still exists, and when to ask next.
 */
export interface SourcePostsTable {
  artwork_id: string;
  platform: SocialPlatform;
  /** The id the platform's lookup API takes: a post id, an at:// URI, an instance-local status id. */
  post_key: string;
  /** The crawl source that found it: its settings (network allowance, politeness) are used to ask. */
  crawl_source: string;
  api_base_url: string;
  posted_at: NullableTimestamp;
  last_checked_at: NullableTimestamp;
  next_check_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
