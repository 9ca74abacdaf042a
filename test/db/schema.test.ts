import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseColumns } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** Kysely's own bookkeeping, not part of the app's schema. */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

describe('the Database interface', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('names every table and column of the migrated database, nullable exactly where the database allows null', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
      select c.table_name, c.column_name, c.is_nullable
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    `.execute(testDb.db);
    const migrated: Record<string, Record<string, string>> = {};
    for (const row of rows) {
      if (MIGRATOR_TABLES.has(row.table_name)) continue;
      (migrated[row.table_name] ??= {})[row.column_name] = row.is_nullable === 'YES' ? 'nullable' : 'not null';
    }
    expect(Object.keys(migrated).length).toBeGreaterThan(0);
    expect(migrated).toEqual(databaseColumns);
  });
});
