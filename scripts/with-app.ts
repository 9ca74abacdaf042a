import { openApp, type App, type OpenAppOptions } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { createCliLogger } from '../src/logger.ts';

/**
 * Loads the config, opens the app without listening, runs `command` and always closes the app
 * (and the embedded PostgreSQL, when this process started it rather than joining the server's).
 */
export async function withApp<T>(command: (app: App) => Promise<T>, options: OpenAppOptions = {}): Promise<T> {
  const config = loadConfig();
  const app = await openApp(config, { logger: createCliLogger(config.LOG_LEVEL), ...options });
  try {
    return await command(app);
  } finally {
    await app.close();
  }
}

/** Just the database, for commands that must work before the schema exists (migrations). */
export async function withDatabase<T>(command: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config, createCliLogger(config.LOG_LEVEL));
  try {
    return await command(database.db);
  } finally {
    await database.close();
  }
}
