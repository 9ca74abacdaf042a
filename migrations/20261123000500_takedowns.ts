import { sql, type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations must outlive the app's Database interface.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('takedown_notices')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('reference', 'text', (col) => col.notNull().unique())
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('unconfirmed').check(sql`status in ('unconfirmed', 'queued', 'approved', 'partial', 'rejected')`),
    )
    .addColumn('claimant_name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('copyrighted_work', 'text', (col) => col.notNull())
    .addColumn('signature', 'text', (col) => col.notNull())
    .addColumn('good_faith', 'boolean', (col) => col.notNull())
    .addColumn('accurate_under_penalty_of_perjury', 'boolean', (col) => col.notNull())
    .addColumn('unresolved_items', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('confirm_token_hash', 'text')
    // Same claimant and same set of artworks: a resubmission merges into the open notice.
    .addColumn('dedupe_key', 'text', (col) => col.notNull())
    .addColumn('assignee_id', 'bigint', (col) => col.references('accounts.id').onDelete('set null'))
    .addColumn('internal_notes', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('decision_reason', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('takedown_notices_status_idx').on('takedown_notices').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('takedown_notices_dedupe_idx').on('takedown_notices').column('dedupe_key').execute();
  await db.schema.createIndex('takedown_notices_confirm_idx').on('takedown_notices').column('confirm_token_hash').execute();

  await db.schema
    .createTable('takedown_items')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('notice_id', 'bigint', (col) => col.notNull().references('takedown_notices.id').onDelete('cascade'))
    .addColumn('artwork_id', 'bigint', (col) => col.notNull().references('artworks.id').onDelete('cascade'))
    // Kept from the artwork when the notice arrives: strikes per source and author, and who may counter.
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('author_handle', 'text')
    .addColumn('decision', 'text', (col) => col.notNull().defaultTo('pending').check(sql`decision in ('pending', 'keep', 'remove')`))
    .addColumn('removed_at', 'timestamptz')
    // The text dropped from the artwork row, kept only so a successful counter-notice can restore it.
    .addColumn('restore_snapshot', 'jsonb')
    .addUniqueConstraint('takedown_items_notice_artwork_key', ['notice_id', 'artwork_id'])
    .execute();
  await db.schema.createIndex('takedown_items_artwork_idx').on('takedown_items').column('artwork_id').execute();

  await db.schema
    .createTable('takedown_counter_notices')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('item_id', 'bigint', (col) => col.notNull().references('takedown_items.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('waiting').check(sql`status in ('waiting', 'restored', 'lawsuit')`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('phone', 'text')
    .addColumn('statement', 'text', (col) => col.notNull())
    .addColumn('signature', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('restore_at', 'timestamptz', (col) => col.notNull())
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('takedown_counter_notices_due_idx').on('takedown_counter_notices').columns(['status', 'restore_at']).execute();

  await db.schema
    .createTable('takedown_events')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('notice_id', 'bigint')
    .addColumn('artwork_id', 'bigint')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('detail', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('takedown_events_notice_idx').on('takedown_events').column('notice_id').execute();
  await db.schema.createIndex('takedown_events_action_created_idx').on('takedown_events').columns(['action', 'created_at']).execute();
  // The record is append-only: the database itself refuses to change or delete an entry.
  await sql`
    create function takedown_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'takedown_events is append-only';
    end $$`.execute(db);
  await sql`
    create trigger takedown_events_no_change before update or delete on takedown_events
    for each row execute function takedown_events_append_only()`.execute(db);

  await db.schema
    .createTable('creator_claims')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'bigint', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('handle', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('verified_at', 'timestamptz')
    .addColumn('opted_out', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('creator_claims_account_handle_key')
    .on('creator_claims')
    .unique()
    .expression(sql`account_id, source, lower(handle)`)
    .execute();
  // What the crawler asks on every item: is this handle opted out on this source?
  await db.schema
    .createIndex('creator_claims_opted_out_idx')
    .on('creator_claims')
    .expression(sql`source, lower(handle)`)
    .where(sql.ref('opted_out'), '=', true)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('creator_claims').execute();
  await db.schema.dropTable('takedown_events').execute();
  await sql`drop function takedown_events_append_only()`.execute(db);
  await db.schema.dropTable('takedown_counter_notices').execute();
  await db.schema.dropTable('takedown_items').execute();
  await db.schema.dropTable('takedown_notices').execute();
}
