import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

/**
 * What a scrape reads from PostgreSQL. Each query is bounded whatever the data grows to:
 * crawl_runs has one row per run, observed_counters a few rows per label, and the queue
 * questions read only queued/running rows through partial or status indexes.
 */
export async function readMetricsSnapshot(db: Db) {
  return db.transaction().execute(async (trx) => {
    // A scrape never holds a connection for long, even on a database in trouble.
    await sql`set local statement_timeout = '2s'`.execute(trx);
    const crawlRuns = await trx
      .selectFrom('crawl_runs')
      .select((eb) => [
        'source',
        'status',
        eb.fn.countAll<string>().as('runs'),
        eb.fn.sum<string>('items_fetched').as('fetched'),
        eb.fn.sum<string>('items_new').as('new'),
        eb.fn.sum<string>('items_updated').as('updated'),
        eb.fn.sum<string>('items_unchanged').as('unchanged'),
        eb.fn.sum<string>('items_duplicate').as('duplicate'),
        eb.fn.sum<string>('items_failed').as('failed'),
        eb.fn.sum<string>('items_blocked').as('blocked'),
      ])
      .groupBy(['source', 'status'])
      .execute();
    const counters = await trx.selectFrom('observed_counters').select(['metric', 'first_label', 'second_label', 'value']).execute();
    const activeGenerations = await trx
      .selectFrom('generations')
      .where('status', 'in', ['queued', 'running'])
      .select((eb) => ['status', 'model', eb.fn.countAll<string>().as('jobs'), sql<number | null>`extract(epoch from now() - min(created_at))::float8`.as('oldest_seconds')])
      .groupBy(['status', 'model'])
      .execute();
    const takedownQueue = await trx
      .selectFrom('takedown_notices')
      .where('status', '=', 'queued')
      .select((eb) => [eb.fn.countAll<string>().as('notices'), sql<number | null>`extract(epoch from now() - min(coalesce(confirmed_at, created_at)))::float8`.as('oldest_seconds')])
      .executeTakeFirstOrThrow();
    return { crawlRuns, counters, activeGenerations, takedownQueue };
  });
}

export type MetricsSnapshot = Awaited<ReturnType<typeof readMetricsSnapshot>>;
