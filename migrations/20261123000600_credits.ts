import { sql, type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations must outlive the app's Database interface.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The running balance beside the ledger. The CHECK is the overspending guard: concurrent
  // spends serialize on this row and the one that would go below zero fails.
  await db.schema
    .createTable('credit_balances')
    .addColumn('account_id', 'bigint', (col) => col.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('balance', 'integer', (col) => col.notNull().check(sql`balance >= 0`))
    // Set when a refund or dispute claimed back more than the account still had.
    .addColumn('flagged_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // Append-only: every movement, kept after the account is deleted (account_id then replaced by
  // the deletion's anonymous id). Only Stripe ids, amounts, currency and status; never card data.
  await db.schema
    .createTable('credit_entries')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'bigint', (col) => col.references('accounts.id'))
    .addColumn('anonymous_account', 'text')
    .addColumn('amount', 'integer', (col) => col.notNull())
    .addColumn('reason', 'text', (col) =>
      col.notNull().check(sql`reason in ('signup_grant', 'generation_reserved', 'generation_settled', 'generation_refunded', 'pack_purchased', 'plan_grant', 'payment_refunded', 'payment_disputed', 'admin_adjustment')`),
    )
    // Exactly-once: one reservation and one settle-or-refund per generation, one grant per
    // checkout session and per subscription period, one claw-back per refund or dispute.
    .addColumn('idempotency_key', 'text', (col) => col.unique())
    .addColumn('generation_id', 'uuid')
    .addColumn('stripe_object_id', 'text')
    .addColumn('stripe_payment_intent_id', 'text')
    .addColumn('paid_amount', 'integer')
    .addColumn('currency', 'text')
    .addColumn('admin_account_id', 'bigint')
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('credit_entries_one_owner', sql`(account_id is null) <> (anonymous_account is null)`)
    .addCheckConstraint('credit_entries_amount', sql`amount <> 0 or reason = 'generation_settled'`)
    .execute();
  await db.schema.createIndex('credit_entries_account_idx').on('credit_entries').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('credit_entries_payment_intent_idx').on('credit_entries').column('stripe_payment_intent_id').execute();
  await sql`
    create function credit_entries_append_only() returns trigger language plpgsql as $$
    begin
      -- The one allowed change: account deletion swapping the account for its anonymous id.
      if tg_op = 'UPDATE' and old.account_id is not null and new.account_id is null
         and old.anonymous_account is null and new.anonymous_account is not null
         and (to_jsonb(new) - 'account_id' - 'anonymous_account') = (to_jsonb(old) - 'account_id' - 'anonymous_account') then
        return new;
      end if;
      raise exception 'credit_entries is append-only (% refused)', tg_op;
    end $$`.execute(db);
  await sql`create trigger credit_entries_append_only before update or delete on credit_entries for each row execute function credit_entries_append_only()`.execute(db);

  await db.schema
    .createTable('stripe_customers')
    .addColumn('account_id', 'bigint', (col) => col.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('stripe_customer_id', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('stripe_subscriptions')
    .addColumn('stripe_subscription_id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'bigint', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('plan', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    // Stripe may deliver events out of order: an older event never overwrites a newer state.
    .addColumn('event_created_at', 'timestamptz', (col) => col.notNull())
    .execute();

  // Each webhook event id once: a replayed or duplicated event changes nothing.
  await db.schema
    .createTable('stripe_events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stripe_events').execute();
  await db.schema.dropTable('stripe_subscriptions').execute();
  await db.schema.dropTable('stripe_customers').execute();
  await db.schema.dropTable('credit_entries').execute();
  await sql`drop function credit_entries_append_only()`.execute(db);
  await db.schema.dropTable('credit_balances').execute();
}
