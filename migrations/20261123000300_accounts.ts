import { sql, type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations must outlive the app's Database interface.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    // Stored normalised (trimmed, lower case) so the unique constraint means "one account per address".
    .addColumn('email', 'text', (col) => col.notNull().unique().check(sql`email = lower(btrim(email))`))
    .addColumn('username', 'text', (col) => col.unique().check(sql`username ~ '^[a-z0-9_]{3,30}$'`))
    // Null for accounts that only sign in with Google.
    .addColumn('password_hash', 'text')
    .addColumn('email_verified_at', 'timestamptz')
    .addColumn('google_sub', 'text', (col) => col.unique())
    .addColumn('role', 'text', (col) => col.notNull().defaultTo('user').check(sql`role in ('user', 'admin')`))
    // Encrypted with a key from DATA_DIR/secrets.json; a database dump alone cannot mint codes.
    .addColumn('totp_secret', 'text')
    // The last accepted TOTP time step: a code is never accepted twice.
    .addColumn('totp_last_step', 'bigint')
    .addColumn('avatar_key', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('account_recovery_codes')
    .addColumn('account_id', 'bigint', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .addPrimaryKeyConstraint('account_recovery_codes_pkey', ['account_id', 'code_hash'])
    .execute();

  // Single-use links sent by email; only the SHA-256 of the token is kept.
  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'bigint', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (col) => col.notNull().check(sql`purpose in ('verify_email', 'reset_password')`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('account_tokens_account_idx').on('account_tokens').columns(['account_id', 'purpose']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('sid', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'bigint', (col) => col.references('accounts.id').onDelete('cascade'))
    .addColumn('data', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('security_log')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('occurred_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('event', 'text', (col) => col.notNull())
    .addColumn('account_id', 'bigint', (col) => col.references('accounts.id').onDelete('set null'))
    // Set when the account is deleted: its events stay correlated without naming anyone.
    .addColumn('anonymous_subject', 'uuid')
    // HMAC of the client IP with a generated key: lets us see "same address" without storing it.
    .addColumn('ip_hash', 'text')
    .addColumn('details', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('security_log_occurred_idx').on('security_log').column('occurred_at').execute();
  await db.schema.createIndex('security_log_account_idx').on('security_log').column('account_id').execute();

  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .addColumn('window_ends_at', 'timestamptz', (col) => col.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rate_limit_counters', 'security_log', 'sessions', 'account_tokens', 'account_recovery_codes', 'accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
