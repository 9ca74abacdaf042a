import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

export type Db = Kysely<Database>;

// Keep timestamps as Date and bigint ids as strings (pg's default for int8), explicitly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export function connectDatabase(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
