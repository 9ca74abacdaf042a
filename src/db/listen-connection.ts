import pg from 'pg';

/** A dedicated connection LISTENing on one channel; its owner decides what to do when it ends. */
export interface ListenConnection {
  end(): Promise<void>;
}

export interface ListenHandlers {
  /** Each NOTIFY on the channel, with its payload (if any). */
  notification(payload: string | undefined): void;
  error(error: Error): void;
  /** The connection ended: closed by end() or lost. */
  end(): void;
}

/**
 * LISTEN needs a connection of its own for as long as it listens, outside Kysely's pool: this is
 * the one place that opens such a connection, so services stay on Kysely and never see `pg`.
 * Resolves once the LISTEN is in place; rejects if connecting or listening fails.
 */
export async function openListenConnection(connectionString: string, channel: string, on: ListenHandlers): Promise<ListenConnection> {
  const client = new pg.Client({ connectionString });
  client.on('notification', (message) => on.notification(message.payload));
  client.on('error', (error) => on.error(error));
  client.on('end', () => on.end());
  await client.connect();
  await client.query(`listen ${channel}`);
  return { end: () => client.end() };
}
