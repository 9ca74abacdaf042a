import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { assertMigrated, createMigrator } from '../../src/db/migrator.ts';
import { createLogger } from '../../src/logger.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string to the server's maintenance database, for CREATE DATABASE. */
    adminDatabaseUrl: string;
    /** A fully migrated database that each test file clones. */
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the whole run: the real server from embedded-postgres (or DATABASE_URL),
 * migrated once into a template that every test file clones into its own database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createLogger('warn');
  let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let stopServer = async () => {};
  let scratch: string | undefined;
  if (!adminUrl) {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-test-'));
    const server = await startEmbeddedPostgres({ dataDir: scratch, password: 'test', logger });
    adminUrl = server.connectionString;
    stopServer = server.stop;
    await skipDurability(adminUrl);
  }

  const templateDatabase = `artsift_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);

  const templateUrl = withDatabase(adminUrl, templateDatabase);
  const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: templateUrl, max: 1 }) }) });
  assertMigrated(await createMigrator(db).migrateToLatest());
  await db.destroy();

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await stopServer();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };
}

/**
 * A scratch server thrown away after the run needs no crash safety: without flushing to disk,
 * CREATE DATABASE per test file and every commit cost a fraction of the time. All three settings
 * apply on reload, so the server started by the app's own code stays as it is otherwise.
 */
async function skipDurability(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes']) await client.query(`ALTER SYSTEM SET ${setting} = off`);
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
