import { sql, type Kysely, type RawBuilder } from 'kysely';
import { addDays, dayText } from '../analytics/analytics-day.ts';
import type { Database } from '../db/database.ts';

type Db = Kysely<Database>;

/** Inclusive UTC days, 'YYYY-MM-DD'. */
export interface DayRange {
  from: string;
  to: string;
}

const startOf = (day: string) => new Date(`${day}T00:00:00Z`);
/** The UTC day of a timestamptz column, as text. */
const utcDayOf = (column: string): RawBuilder<string> => sql<string>`to_char((${sql.ref(column)} at time zone 'UTC')::date, 'YYYY-MM-DD')`;

export async function dailyCountsIn(db: Db, { from, to }: DayRange, metrics: string[]) {
  const rows = await db
    .selectFrom('analytics_daily_counts')
    .select([dayText('day').as('day'), 'metric', 'dimension', 'count'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('metric', 'in', metrics)
    .execute();
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** Queries stored (5+ visitors a day) in the range, by searches or by searches that found nothing. */
export async function topQueriesIn(db: Db, { from, to }: DayRange, by: 'searches' | 'zero_result_searches', limit: number) {
  const rows = await db
    .selectFrom('analytics_daily_queries')
    .select((eb) => ['query', eb.fn.sum<string>('searches').as('searches'), eb.fn.sum<string>('zero_result_searches').as('zero_result_searches')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('query')
    .having((eb) => eb.fn.sum(by), '>', 0)
    .orderBy(by === 'searches' ? sql`sum(searches)` : sql`sum(zero_result_searches)`, 'desc')
    // Byte order, not the locale's (which skips punctuation): the same list on every server.
    .orderBy(sql`query collate "C"`)
    .limit(limit)
    .execute();
  return rows.map((row) => ({ query: row.query, searches: Number(row.searches), zeroResultSearches: Number(row.zero_result_searches) }));
}

export async function crawlItemsIn(db: Db, { from, to }: DayRange) {
  const rows = await db
    .selectFrom('crawl_runs')
    .select((eb) => [
      utcDayOf('started_at').as('day'),
      'source',
      eb.fn.sum<string>('items_fetched').as('fetched'),
      eb.fn.sum<string>('items_failed').as('failed'),
      sql<string>`count(*) filter (where status = 'failed')`.as('failed_runs'),
    ])
    .where('started_at', '>=', startOf(from))
    .where('started_at', '<', startOf(addDays(to, 1)))
    .groupBy([sql`1`, 'source'])
    .orderBy(sql`1`)
    .orderBy('source')
    .execute();
  return rows.map((row) => ({ day: row.day, source: row.source, fetched: Number(row.fetched), failed: Number(row.failed), failedRuns: Number(row.failed_runs) }));
}

/** Generations by the day they finished. */
export async function generationsIn(db: Db, { from, to }: DayRange) {
  const rows = await db
    .selectFrom('generations')
    .select([
      utcDayOf('finished_at').as('day'),
      sql<string>`count(*) filter (where status = 'succeeded')`.as('succeeded'),
      sql<string>`count(*) filter (where status = 'failed')`.as('failed'),
    ])
    .where('finished_at', '>=', startOf(from))
    .where('finished_at', '<', startOf(addDays(to, 1)))
    .where('status', 'in', ['succeeded', 'failed'])
    .groupBy(sql`1`)
    .execute();
  return rows.map((row) => ({ day: row.day, succeeded: Number(row.succeeded), failed: Number(row.failed) }));
}

/**
 * Credits sold (packs and plan grants) and spent on generation (reservations less refunds) per
 * day, from the ledger. Sign-up grants and admin adjustments are neither.
 */
export async function creditsIn(db: Db, { from, to }: DayRange) {
  const rows = await db
    .selectFrom('credit_entries')
    .select([
      utcDayOf('created_at').as('day'),
      sql<string>`coalesce(sum(amount) filter (where reason in ('pack_purchased', 'plan_grant')), 0)`.as('sold'),
      sql<string>`coalesce(-sum(amount) filter (where reason in ('generation_reserved', 'generation_settled', 'generation_refunded')), 0)`.as('spent'),
    ])
    .where('created_at', '>=', startOf(from))
    .where('created_at', '<', startOf(addDays(to, 1)))
    .groupBy(sql`1`)
    .execute();
  return rows.map((row) => ({ day: row.day, sold: Number(row.sold), spent: Number(row.spent) }));
}

/** Notices received (confirmed by their sender) per day. */
export async function takedownsReceivedIn(db: Db, { from, to }: DayRange) {
  const rows = await db
    .selectFrom('takedown_notices')
    .select([utcDayOf('confirmed_at').as('day'), sql<string>`count(*)`.as('received')])
    .where('confirmed_at', '>=', startOf(from))
    .where('confirmed_at', '<', startOf(addDays(to, 1)))
    .groupBy(sql`1`)
    .execute();
  return rows.map((row) => ({ day: row.day, received: Number(row.received) }));
}

/** Notices decided per day, with the median hours from receipt to decision. */
export async function takedownDecisionsIn(db: Db, { from, to }: DayRange) {
  const rows = await db
    .selectFrom('takedown_notices')
    .select([
      utcDayOf('decided_at').as('day'),
      sql<string>`count(*)`.as('decided'),
      sql<number>`percentile_cont(0.5) within group (order by extract(epoch from decided_at - confirmed_at)) / 3600`.as('median_hours'),
    ])
    .where('decided_at', '>=', startOf(from))
    .where('decided_at', '<', startOf(addDays(to, 1)))
    .where('confirmed_at', 'is not', null)
    .groupBy(sql`1`)
    .execute();
  return rows.map((row) => ({ day: row.day, decided: Number(row.decided), medianHours: Number(row.median_hours) }));
}
