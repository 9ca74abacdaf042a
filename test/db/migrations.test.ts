import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator } from '../../src/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('migrations', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('go all the way down and back up again', async () => {
    const migrator = createMigrator(testDb.db);
    const applied = (await migrator.getMigrations()).filter((m) => m.executedAt);
    expect(applied.length).toBeGreaterThan(0);
    for (let i = 0; i < applied.length; i++) {
      const { error } = await migrator.migrateDown();
      expect(error).toBeUndefined();
    }
    expect((await migrator.getMigrations()).every((m) => !m.executedAt)).toBe(true);
    const { error } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    expect((await migrator.getMigrations()).every((m) => m.executedAt)).toBe(true);
  });
});
