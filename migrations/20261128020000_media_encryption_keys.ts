import { sql, type Kysely } from 'kysely';

/**
 * Users' private files are encrypted at rest, each with its own data key. The data keys are kept
 * here, wrapped by a storage master key that never enters the database: deleting a row destroys
 * the file's key, and rotating the master key rewrites only these rows, never the files.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  // The master keys rows may be wrapped by (by fingerprint only). A rotation deletes the old one,
  // so a process still holding it fails on the foreign key instead of wrapping with a retired key.
  await db.schema
    .createTable('storage_master_keys')
    .addColumn('id', 'text', (col) => col.primaryKey().check(sql`id ~ '^[0-9a-f]{16}$'`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('media_object_keys')
    .addColumn('media_key', 'text', (col) => col.primaryKey())
    .addColumn('master_key_id', 'text', (col) => col.notNull().references('storage_master_keys.id'))
    .addColumn('wrapped_key', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('media_object_keys_master_key_idx').on('media_object_keys').column('master_key_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media_object_keys').execute();
  await db.schema.dropTable('storage_master_keys').execute();
}
