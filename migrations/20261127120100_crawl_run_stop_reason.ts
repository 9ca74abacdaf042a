import { sql, type Kysely } from 'kysely';

/**
 * Runs say why they stopped and how many items the pages showed, and a run that stopped with
 * content left behind (time bound ran out while page requests were pending) is 'partial'
 * rather than 'succeeded'. Older runs keep null: nobody recorded why they stopped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table crawl_runs drop constraint crawl_runs_status_check`.execute(db);
  await sql`alter table crawl_runs add constraint crawl_runs_status_check
    check (status in ('running', 'succeeded', 'partial', 'failed', 'aborted', 'interrupted'))`.execute(db);
  await db.schema
    .alterTable('crawl_runs')
    .addColumn('stop_reason', 'text', (col) =>
      col.check(
        sql`stop_reason in ('end_of_content', 'max_scrolls', 'max_pages', 'max_items', 'time_bound', 'page_request_failed', 'aborted', 'error')`,
      ),
    )
    .addColumn('items_shown', 'integer', (col) => col.check(sql`items_shown >= 0`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('crawl_runs').dropColumn('items_shown').dropColumn('stop_reason').execute();
  await sql`update crawl_runs set status = 'succeeded' where status = 'partial'`.execute(db);
  await sql`alter table crawl_runs drop constraint crawl_runs_status_check`.execute(db);
  await sql`alter table crawl_runs add constraint crawl_runs_status_check
    check (status in ('running', 'succeeded', 'failed', 'aborted', 'interrupted'))`.execute(db);
}
