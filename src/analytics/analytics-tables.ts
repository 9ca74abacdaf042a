import type { ColumnType } from 'kysely';
import type { Bigint, TableColumns } from '../db/column-types.ts';

/**
 * Tables of usage analytics (migrations/20261128050000_analytics.ts), part of the Database
 * interface in src/db/database.ts. None holds an address, a user agent, an account id or a cookie.
 */
export interface AnalyticsTables {
  analytics_daily_counts: AnalyticsDailyCountsTable;
  analytics_daily_queries: AnalyticsDailyQueriesTable;
  analytics_query_candidates: AnalyticsQueryCandidatesTable;
  analytics_day_firsts: AnalyticsDayFirstsTable;
  analytics_visitor_keys: AnalyticsVisitorKeysTable;
}

/**
 * A UTC day, compared and written as 'YYYY-MM-DD'. pg would parse a selected date into a Date at
 * local midnight, so queries read it with dayText() (analytics-day.ts), never raw.
 */
type Day = ColumnType<string, string, string>;

export interface AnalyticsDailyCountsTable {
  day: Day;
  metric: string;
  /** The page kind of a page view, where a generation's prompt came from; '' when the metric has none. */
  dimension: ColumnType<string, string | undefined, string>;
  count: Bigint;
}

/** Queries that 5 different visitors sent on that day, normalised; nothing rarer is ever written here. */
export interface AnalyticsDailyQueriesTable {
  day: Day;
  query: string;
  searches: number;
  zero_result_searches: number;
}

/** A visitor's searches of one not-yet-common query, under keyed tags (src/analytics/query-threshold.ts). */
export interface AnalyticsQueryCandidatesTable {
  day: Day;
  query_tag: Buffer;
  visitor_tag: Buffer;
  searches: number;
  zero_result_searches: number;
}

/**
 * What today counts once per visitor, as keyed hashes of address and user agent (and the query,
 * for a search that led to an artwork); deleted with the day's key.
 */
export interface AnalyticsDayFirstsTable {
  day: Day;
  metric: string;
  hash: Buffer;
}

/** The key of the day's visitor hashes; a day's row is deleted once the day is over. */
export interface AnalyticsVisitorKeysTable {
  day: Day;
  secret: Buffer;
}

export const analyticsTableColumns: TableColumns<AnalyticsTables> = {
  analytics_daily_counts: { day: 'not null', metric: 'not null', dimension: 'not null', count: 'not null' },
  analytics_daily_queries: { day: 'not null', query: 'not null', searches: 'not null', zero_result_searches: 'not null' },
  analytics_query_candidates: { day: 'not null', query_tag: 'not null', visitor_tag: 'not null', searches: 'not null', zero_result_searches: 'not null' },
  analytics_day_firsts: { day: 'not null', metric: 'not null', hash: 'not null' },
  analytics_visitor_keys: { day: 'not null', secret: 'not null' },
};
