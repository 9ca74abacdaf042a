import { sql, type Kysely } from 'kysely';

/**
 * Usage analytics without personal data (src/analytics): counters by UTC day, queries kept only
 * once 5 different visitors sent them in a day, the candidates for that threshold under keyed
 * tags, today's firsts (visitors, searches that led to an artwork) as keyed hashes, and the day's
 * visitor key (destroyed when the day is over).
 *
 * Sign-ups and completed generations are counted by triggers: they happen on several paths
 * (e-mail, Google, the CLI; the server's or the worker's generation runner), and a trigger counts
 * exactly what was committed, in the same transaction, without the counted row's id.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analytics_daily_counts')
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('metric', 'text', (col) => col.notNull())
    .addColumn('dimension', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('count', 'bigint', (col) => col.notNull().check(sql`count >= 0`))
    .addPrimaryKeyConstraint('analytics_daily_counts_pkey', ['day', 'metric', 'dimension'])
    .execute();

  await db.schema
    .createTable('analytics_daily_queries')
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('query', 'text', (col) => col.notNull())
    .addColumn('searches', 'integer', (col) => col.notNull().check(sql`searches >= 0`))
    .addColumn('zero_result_searches', 'integer', (col) => col.notNull().check(sql`zero_result_searches >= 0`))
    .addPrimaryKeyConstraint('analytics_daily_queries_pkey', ['day', 'query'])
    .execute();

  await db.schema
    .createTable('analytics_query_candidates')
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('query_tag', 'bytea', (col) => col.notNull())
    .addColumn('visitor_tag', 'bytea', (col) => col.notNull())
    .addColumn('searches', 'integer', (col) => col.notNull())
    .addColumn('zero_result_searches', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('analytics_query_candidates_pkey', ['day', 'query_tag', 'visitor_tag'])
    .execute();

  // What today counts once per visitor (the visitor, a search that led to an artwork); deleted with the day's key.
  await db.schema
    .createTable('analytics_day_firsts')
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('metric', 'text', (col) => col.notNull())
    .addColumn('hash', 'bytea', (col) => col.notNull())
    .addPrimaryKeyConstraint('analytics_day_firsts_pkey', ['day', 'metric', 'hash'])
    .execute();

  await db.schema
    .createTable('analytics_visitor_keys')
    .addColumn('day', 'date', (col) => col.primaryKey())
    .addColumn('secret', 'bytea', (col) => col.notNull())
    .execute();

  await sql`create function analytics_count(metric text, dimension text) returns void language sql as $$
    insert into analytics_daily_counts (day, metric, dimension, count)
    values ((now() at time zone 'UTC')::date, metric, dimension, 1)
    on conflict (day, metric, dimension) do update set count = analytics_daily_counts.count + 1
  $$`.execute(db);

  await sql`create function analytics_count_sign_up() returns trigger language plpgsql as $$
    begin
      perform analytics_count('sign_up', '');
      return null;
    end
  $$`.execute(db);
  await sql`create trigger accounts_analytics_sign_up after insert on accounts
    for each row execute function analytics_count_sign_up()`.execute(db);

  // A generation started from an artwork's prompt is told apart from one with the member's own prompt.
  await sql`create function analytics_count_generation() returns trigger language plpgsql as $$
    begin
      perform analytics_count('generation_completed', case when new.artwork_id is null then 'own_prompt' else 'from_artwork' end);
      return null;
    end
  $$`.execute(db);
  await sql`create trigger generations_analytics_completed after update of status on generations
    for each row when (new.status = 'succeeded' and old.status is distinct from 'succeeded')
    execute function analytics_count_generation()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger generations_analytics_completed on generations`.execute(db);
  await sql`drop trigger accounts_analytics_sign_up on accounts`.execute(db);
  await sql`drop function analytics_count_generation()`.execute(db);
  await sql`drop function analytics_count_sign_up()`.execute(db);
  await sql`drop function analytics_count(text, text)`.execute(db);
  await db.schema.dropTable('analytics_visitor_keys').execute();
  await db.schema.dropTable('analytics_day_firsts').execute();
  await db.schema.dropTable('analytics_query_candidates').execute();
  await db.schema.dropTable('analytics_daily_queries').execute();
  await db.schema.dropTable('analytics_daily_counts').execute();
}
