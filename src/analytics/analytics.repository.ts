import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { QUERY_VISITOR_THRESHOLD } from './query-threshold.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface DailyCountIncrement {
  day: string;
  metric: string;
  dimension: string;
  count: number;
}

/** One visitor's searches of one query on one day, already tagged (query-threshold.ts). */
export interface CandidateIncrement {
  day: string;
  queryTag: Buffer;
  visitorTag: Buffer;
  searches: number;
  zeroResultSearches: number;
}

export interface QueryIncrement {
  day: string;
  query: string;
  searches: number;
  zeroResultSearches: number;
}

/** Serialises analytics flushes of every process for the rest of the transaction. */
export async function lockAnalyticsWrites(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended('analytics:flush', 0))`.execute(trx);
}

export async function addDailyCounts(db: Executor, increments: DailyCountIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  await db
    .insertInto('analytics_daily_counts')
    .values(increments.map(({ day, metric, dimension, count }) => ({ day, metric, dimension, count })))
    .onConflict((conflict) => conflict.columns(['day', 'metric', 'dimension']).doUpdateSet({ count: sql`analytics_daily_counts.count + excluded.count` }))
    .execute();
}

/** Adds to queries already past the threshold that day, in one statement; returns the ones it found ("day\0query"). */
export async function addToKnownQueries(db: Executor, increments: QueryIncrement[]): Promise<Set<string>> {
  if (increments.length === 0) return new Set();
  const rows = increments.map(({ day, query, searches, zeroResultSearches }) => sql`(${day}::date, ${query}::text, ${searches}::int, ${zeroResultSearches}::int)`);
  const { rows: updated } = await sql<{ day: string; query: string }>`
    update analytics_daily_queries as stored
    set searches = stored.searches + batch.searches, zero_result_searches = stored.zero_result_searches + batch.zero_result_searches
    from (values ${sql.join(rows)}) as batch (day, query, searches, zero_result_searches)
    where stored.day = batch.day and stored.query = batch.query
    returning to_char(stored.day, 'YYYY-MM-DD') as day, stored.query`.execute(db);
  return new Set(updated.map(({ day, query }) => `${day}\0${query}`));
}

/** Adds each (query tag, visitor tag) pair's searches, in one statement; the pairs must be distinct. */
export async function addCandidates(db: Executor, candidates: CandidateIncrement[]): Promise<void> {
  if (candidates.length === 0) return;
  await db
    .insertInto('analytics_query_candidates')
    .values(candidates.map((candidate) => ({ day: candidate.day, query_tag: candidate.queryTag, visitor_tag: candidate.visitorTag, searches: candidate.searches, zero_result_searches: candidate.zeroResultSearches })))
    .onConflict((conflict) =>
      conflict.columns(['day', 'query_tag', 'visitor_tag']).doUpdateSet({
        searches: sql`analytics_query_candidates.searches + excluded.searches`,
        zero_result_searches: sql`analytics_query_candidates.zero_result_searches + excluded.zero_result_searches`,
      }),
    )
    .execute();
}

/** Of these query tags, those with at least the threshold of distinct visitors on the day. */
export async function queryTagsAtThreshold(db: Executor, day: string, queryTags: Buffer[]): Promise<Buffer[]> {
  if (queryTags.length === 0) return [];
  const rows = await db
    .selectFrom('analytics_query_candidates')
    .select('query_tag')
    .where('day', '=', day)
    .where('query_tag', 'in', queryTags)
    .groupBy('query_tag')
    .having((eb) => eb.fn.countAll(), '>=', QUERY_VISITOR_THRESHOLD)
    .execute();
  return rows.map((row) => row.query_tag);
}

/** Moves a query tag's candidate counters onto the query, now in clear, and deletes the candidates. */
export async function promoteQuery(db: Executor, { day, queryTag, query }: { day: string; queryTag: Buffer; query: string }): Promise<void> {
  const moved = await db.deleteFrom('analytics_query_candidates').where('day', '=', day).where('query_tag', '=', queryTag).returning(['searches', 'zero_result_searches']).execute();
  await db
    .insertInto('analytics_daily_queries')
    .values({
      day,
      query,
      searches: moved.reduce((sum, row) => sum + row.searches, 0),
      zero_result_searches: moved.reduce((sum, row) => sum + row.zero_result_searches, 0),
    })
    .execute();
}

/** Adds what was not yet seen today; returns how many of each metric were new. */
export async function addDayFirsts(db: Executor, day: string, firsts: { metric: string; hash: Buffer }[]): Promise<Map<string, number>> {
  const added = new Map<string, number>();
  if (firsts.length === 0) return added;
  const rows = await db
    .insertInto('analytics_day_firsts')
    .values(firsts.map(({ metric, hash }) => ({ day, metric, hash })))
    .onConflict((conflict) => conflict.columns(['day', 'metric', 'hash']).doNothing())
    .returning('metric')
    .execute();
  for (const { metric } of rows) added.set(metric, (added.get(metric) ?? 0) + 1);
  return added;
}

/** The day's visitor key, made on first use: every process of the deployment shares it. */
export async function visitorKeyOf(db: Executor, day: string): Promise<Buffer> {
  await db.insertInto('analytics_visitor_keys').values({ day, secret: randomBytes(32) }).onConflict((conflict) => conflict.column('day').doNothing()).execute();
  const { secret } = await db.selectFrom('analytics_visitor_keys').select('secret').where('day', '=', day).executeTakeFirstOrThrow();
  return secret;
}

/**
 * Deletes the visitor keys of days before `today` and every candidate row of those days: once
 * a day's key is gone its tags can no longer be tested against any guess, and nothing of that
 * day's visitors or below-threshold queries is left. (PostgreSQL frees deleted rows' space when
 * autovacuum passes; until then the bytes sit unreachable in the table file.)
 */
export async function destroyVisitorKeysBefore(db: Executor, today: string): Promise<void> {
  await db.deleteFrom('analytics_query_candidates').where('day', '<', today).execute();
  await db.deleteFrom('analytics_day_firsts').where('day', '<', today).execute();
  await db.deleteFrom('analytics_visitor_keys').where('day', '<', today).execute();
}

/** Deletes counts and queries of days before `firstKeptDay`; returns the rows deleted. */
export async function purgeAnalyticsBefore(db: Executor, firstKeptDay: string): Promise<number> {
  const counts = await db.deleteFrom('analytics_daily_counts').where('day', '<', firstKeptDay).executeTakeFirst();
  const queries = await db.deleteFrom('analytics_daily_queries').where('day', '<', firstKeptDay).executeTakeFirst();
  return Number(counts.numDeletedRows) + Number(queries.numDeletedRows);
}
