import type { Command } from 'commander';
import type { MigrationResultSet } from 'kysely';
import { z } from 'zod';
import { assertMigrated, createMigrator } from '../../src/db/migrator.ts';
import { parseCliArguments } from '../cli-arguments.ts';
import { withDatabase } from '../with-app.ts';

const migrateArguments = z.object({
  direction: z.enum(['up', 'down', 'status'], { error: 'expected up, down or status' }).default('up'),
});

export function registerCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply, roll back or list the database migrations')
    .argument('[direction]', '"up" applies every pending migration, "down" rolls back the last one, "status" lists them', 'up')
    .action(async (direction: string) => {
      const args = parseCliArguments(migrateArguments, { direction });
      await withDatabase(async (db) => {
        const migrator = createMigrator(db);
        switch (args.direction) {
          case 'up':
            return report(await migrator.migrateToLatest(), 'applied', 'already up to date');
          case 'down':
            return report(await migrator.migrateDown(), 'rolled back', 'nothing to roll back');
          case 'status': {
            for (const migration of await migrator.getMigrations()) {
              const state = migration.executedAt ? `applied  ${migration.executedAt.toISOString()}` : `pending  ${' '.repeat(24)}`;
              console.log(`${state}  ${migration.name}`);
            }
            return;
          }
        }
      });
    });
}

/** Prints what ran, then fails with the migration's own error if one did not. */
function report(resultSet: MigrationResultSet, verb: string, nothingToDo: string): void {
  const results = resultSet.results ?? [];
  if (results.length === 0 && !resultSet.error) console.log(nothingToDo);
  for (const result of results) if (result.status === 'Success') console.log(`${verb} ${result.migrationName}`);
  assertMigrated(resultSet);
}
