import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { loadSecret } from '../secrets.ts';
import { connectDatabase, type Db } from './connect.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

export interface OpenDatabase {
  db: Db;
  connectionString: string;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'artsift';

/** DATABASE_URL when given; otherwise the embedded PostgreSQL kept in DATA_DIR. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const poolOptions = {
    onIdleClientError: (error: Error & { code?: string }) =>
      logger.warn({ code: error.code, message: error.message }, 'idle database connection lost'),
  };
  if (config.DATABASE_URL) {
    const db = connectDatabase(config.DATABASE_URL, poolOptions);
    return { db, connectionString: config.DATABASE_URL, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    password: await loadSecret(config.DATA_DIR, 'postgresPassword'),
    logger,
  });
  const url = new URL(server.connectionString);
  await ensureDatabaseExists(server.connectionString, EMBEDDED_DATABASE);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  const db = connectDatabase(url.toString(), poolOptions);
  return {
    db,
    connectionString: url.toString(),
    async close() {
      await db.destroy();
      await server.stop();
    },
  };
}

async function ensureDatabaseExists(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } catch (error) {
    // Two processes starting at once may both try; the loser sees duplicate_database.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}
