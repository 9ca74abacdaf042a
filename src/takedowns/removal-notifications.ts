import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/connect.ts';
import { openListenConnection, type ListenConnection } from '../db/listen-connection.ts';
import type { Logger } from '../logger.ts';

/**
 * Removals made in another process (the CLI, a worker) reach a serving process's search cache
 * through PostgreSQL LISTEN/NOTIFY: the notification is sent when the removing transaction
 * commits, and the listener drops the ids from its (cached) index at once, instead of after
 * SEARCH_CACHE_SECONDS.
 */
export const REMOVAL_CHANNEL = 'artsift_takedown_removals';

/** NOTIFY payloads are capped at 8000 bytes; ids are at most 19 characters. */
const IDS_PER_NOTIFICATION = 300;

const payloadSchema = z.array(z.string().regex(/^\d{1,19}$/)).max(IDS_PER_NOTIFICATION);

export async function publishRemovals(db: Db, ids: string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += IDS_PER_NOTIFICATION) {
    const payload = JSON.stringify(ids.slice(start, start + IDS_PER_NOTIFICATION));
    await sql`select pg_notify(${REMOVAL_CHANNEL}, ${payload})`.execute(db);
  }
}

export interface RemovalListener {
  close(): Promise<void>;
}

const RECONNECT_DELAY_MS = 5_000;

/** One dedicated connection LISTENing; reconnects after a lost connection. */
export function listenForRemovals(connectionString: string, onRemoved: (ids: string[]) => Promise<void>, logger: Logger): RemovalListener {
  let client: ListenConnection | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    client = await openListenConnection(connectionString, REMOVAL_CHANNEL, {
      notification(payload) {
        const parsed = payloadSchema.safeParse(safeJson(payload));
        if (!parsed.success) return;
        onRemoved(parsed.data).catch((error: unknown) => logger.error({ err: error }, 'could not apply a removal from another process'));
      },
      error: (error) => logger.warn({ message: error.message }, 'removal listener connection error'),
      end() {
        if (!closed) retry = setTimeout(() => void start(), RECONNECT_DELAY_MS);
      },
    });
  }

  async function start(): Promise<void> {
    try {
      await connect();
    } catch (error) {
      logger.warn({ err: error }, 'removal listener could not connect; retrying');
      if (!closed) retry = setTimeout(() => void start(), RECONNECT_DELAY_MS);
    }
  }

  void start();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
