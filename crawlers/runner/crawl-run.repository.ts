import { sql, type Transaction } from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import type { CrawlRunError, CrawlRunStatus, CrawlStopReason, CrawlTrigger } from '../crawl-tables.ts';
import type { CrawlCounts } from './crawl-counts.ts';
import type { Checkpoint } from './crawl-source.ts';

type DbOrTransaction = Db | Transaction<Database>;

const countColumns = (counts: CrawlCounts) => ({
  items_fetched: counts.fetched,
  items_new: counts.new,
  items_updated: counts.updated,
  items_unchanged: counts.unchanged,
  items_duplicate: counts.duplicate,
  items_failed: counts.failed,
  items_blocked: counts.blocked,
});

export async function insertCrawlRun(db: DbOrTransaction, source: string, trigger: CrawlTrigger): Promise<string> {
  const { id } = await db
    .insertInto('crawl_runs')
    .values({ source, trigger })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Runs still marked running for a source whose lock we now hold belong to a process that died:
 * they are closed as interrupted (their counts are as of their last saved batch).
 */
export async function closeInterruptedRuns(db: DbOrTransaction, source: string, currentRunId: string): Promise<void> {
  await db
    .updateTable('crawl_runs')
    .set({ status: 'interrupted', finished_at: sql<Date>`now()` })
    .where('source', '=', source)
    .where('status', '=', 'running')
    .where('id', '!=', currentRunId)
    .execute();
}

export async function findCheckpoint(db: DbOrTransaction, source: string) {
  return db
    .selectFrom('crawl_checkpoints')
    .select(['checkpoint', 'options_hash'])
    .where('source', '=', source)
    .executeTakeFirst();
}

/** One batch is stored: its counts and the position after it are saved together, or neither. */
export async function saveBatchProgress(
  db: Db,
  progress: { runId: string; source: string; optionsHash: string; checkpoint: Checkpoint; counts: CrawlCounts; errors: CrawlRunError[] },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('crawl_checkpoints')
      .values({
        source: progress.source,
        checkpoint: JSON.stringify(progress.checkpoint),
        options_hash: progress.optionsHash,
        run_id: progress.runId,
      })
      .onConflict((oc) =>
        oc.column('source').doUpdateSet({
          checkpoint: JSON.stringify(progress.checkpoint),
          options_hash: progress.optionsHash,
          run_id: progress.runId,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
    await trx
      .updateTable('crawl_runs')
      .set({ ...countColumns(progress.counts), errors: JSON.stringify(progress.errors) })
      .where('id', '=', progress.runId)
      .execute();
  });
}

export async function finishCrawlRun(
  db: DbOrTransaction,
  runId: string,
  result: {
    status: Exclude<CrawlRunStatus, 'running'>;
    counts: CrawlCounts;
    errors: CrawlRunError[];
    stopReason: CrawlStopReason;
    itemsShown: number | null;
  },
): Promise<void> {
  await db
    .updateTable('crawl_runs')
    .set({
      status: result.status,
      stop_reason: result.stopReason,
      items_shown: result.itemsShown,
      finished_at: sql<Date>`now()`,
      ...countColumns(result.counts),
      errors: JSON.stringify(result.errors),
    })
    .where('id', '=', runId)
    .execute();
}

/** The latest runs of each named source, newest first, for `crawl-status`. */
export async function listRecentRuns(db: DbOrTransaction, sources: string[] | undefined, perSource: number) {
  const ranked = db
    .selectFrom('crawl_runs')
    .selectAll()
    .select(sql<number>`row_number() over (partition by source order by started_at desc, id desc)`.as('rank'))
    .$if(sources !== undefined, (query) => query.where('source', 'in', sources!.length > 0 ? sources! : ['']));
  return db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('rank', '<=', perSource)
    .orderBy('source')
    .orderBy('started_at', 'desc')
    .execute();
}

export async function findCrawlRun(db: DbOrTransaction, runId: string) {
  return db.selectFrom('crawl_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}
