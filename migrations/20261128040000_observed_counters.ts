import { sql, type Kysely } from 'kysely';

/**
 * Counters for /metrics that every process feeds (server, worker, CLI): triggers add to them in
 * the transaction that records the movement, so a scrape reads a few rows instead of summing the
 * ledger or every generation, and a rolled-back movement is never counted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('observed_counters')
    .addColumn('metric', 'text', (col) => col.notNull())
    .addColumn('first_label', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('second_label', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('value', 'double precision', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('observed_counters_pkey', ['metric', 'first_label', 'second_label'])
    .execute();

  // Credit movements by reason and direction: how many, and how many credits.
  await sql`create function observe_credit_entry() returns trigger language plpgsql as $$
    declare direction text := case when new.amount < 0 then 'out' else 'in' end;
    begin
      insert into observed_counters as counter (metric, first_label, second_label, value)
      values ('credit_movements', new.reason, direction, 1), ('credit_amount', new.reason, direction, abs(new.amount))
      on conflict (metric, first_label, second_label) do update set value = counter.value + excluded.value;
      return null;
    end $$`.execute(db);
  await sql`create trigger credit_entries_observed after insert on credit_entries
    for each row execute function observe_credit_entry()`.execute(db);

  // Generations entering each state, by model (mapped to its provider when scraped), and how
  // long each start waited in the queue.
  await sql`create function observe_generation_state() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.status is not distinct from old.status then return null; end if;
      insert into observed_counters as counter (metric, first_label, second_label, value)
      values ('generation_jobs', new.status, new.model, 1)
      on conflict (metric, first_label, second_label) do update set value = counter.value + excluded.value;
      if new.status = 'running' and new.started_at is not null then
        insert into observed_counters as counter (metric, first_label, second_label, value)
        values ('generation_wait_seconds_sum', new.model, '', greatest(0, extract(epoch from new.started_at - new.created_at))),
               ('generation_wait_seconds_count', new.model, '', 1)
        on conflict (metric, first_label, second_label) do update set value = counter.value + excluded.value;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger generations_observed after insert or update of status on generations
    for each row execute function observe_generation_state()`.execute(db);

  // Queue depth and age read only the jobs still waiting or running, at any table size.
  await sql`create index generations_active_idx on generations (status, created_at) where status in ('queued', 'running')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index generations_active_idx`.execute(db);
  await sql`drop trigger generations_observed on generations`.execute(db);
  await sql`drop function observe_generation_state()`.execute(db);
  await sql`drop trigger credit_entries_observed on credit_entries`.execute(db);
  await sql`drop function observe_credit_entry()`.execute(db);
  await db.schema.dropTable('observed_counters').execute();
}
