import { sql, type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations must outlive the app's Database interface.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A counter-notice counts (and mails the claimant) only once its filer confirms their address.
  await sql`alter table takedown_counter_notices drop constraint takedown_counter_notices_status_check`.execute(db);
  await sql`alter table takedown_counter_notices add constraint takedown_counter_notices_status_check check (status in ('unconfirmed', 'waiting', 'restored', 'lawsuit'))`.execute(db);
  await db.schema.alterTable('takedown_counter_notices').addColumn('confirm_token_hash', 'text').addColumn('confirmed_at', 'timestamptz').execute();
  await db.schema.createIndex('takedown_counter_notices_confirm_token_idx').on('takedown_counter_notices').column('confirm_token_hash').unique().where(sql.ref('confirm_token_hash'), 'is not', null).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('takedown_counter_notices').where('status', '=', 'unconfirmed').execute();
  await db.schema.dropIndex('takedown_counter_notices_confirm_token_idx').execute();
  await db.schema.alterTable('takedown_counter_notices').dropColumn('confirm_token_hash').dropColumn('confirmed_at').execute();
  await sql`alter table takedown_counter_notices drop constraint takedown_counter_notices_status_check`.execute(db);
  await sql`alter table takedown_counter_notices add constraint takedown_counter_notices_status_check check (status in ('waiting', 'restored', 'lawsuit'))`.execute(db);
}
