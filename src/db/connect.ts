import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

export type Db = Kysely<Database>;

const pools = new WeakMap<Db, pg.Pool>();

/** The pool behind a Db, for /metrics' connection gauges. */
export function poolOf(db: Db): pg.Pool | undefined {
  return pools.get(db);
}

// Keep timestamps as Date and bigint ids as strings (pg's default for int8), explicitly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export function connectDatabase(connectionString: string, options: { max?: number; onIdleClientError?: (error: Error) => void } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client cut off by the server (restart, shutdown: 57P01) must not crash the process;
  // the pool drops it and the next query opens a fresh connection.
  pool.on('error', (error) => options.onIdleClientError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}
