import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, realpath, rename } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { binariesReachableBy, packagedBinaries, ROOT_RUNTIME_DIR, type PostgresBinaries } from './postgres-binaries.ts';
import { initialiseCluster, startServer, syncCluster } from './postgres-process.ts';
import { PostgresStartError } from './postgres-start-error.ts';
import { ensurePostgresSystemUser, reachableBy, type SystemUser } from './postgres-user.ts';

export interface EmbeddedPostgresHandle {
  connectionString: string;
  /** Stops the server if this process started it; leaves a server owned by another process alone. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

interface Placement {
  binaries: PostgresBinaries;
  databaseDir: string;
  runAs?: SystemUser;
  /** Kept outside DATA_DIR (under /var/lib/artsift, found by DATA_DIR's path): it can outlive DATA_DIR. */
  outsideDataDir: boolean;
}

/** PostgreSQL's SQLSTATE for a refused password. */
const INVALID_PASSWORD = '28P01';

/**
 * Starts (or joins) the PostgreSQL server of DATA_DIR (see `clusterPlacement` for where it lives).
 * A server already running on that cluster (the app, while the CLI runs) is reused through the
 * port recorded in its postmaster.pid, so there is never a second one. Every failure is a
 * PostgresStartError whose message says what to do.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  password: string;
  logger: Logger;
  /** Extra `-c name=value` settings for the server. */
  settings?: Record<string, string>;
}): Promise<EmbeddedPostgresHandle> {
  try {
    return await start(options);
  } catch (error) {
    if (error instanceof PostgresStartError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PostgresStartError(`cannot start the embedded PostgreSQL for DATA_DIR=${options.dataDir}: ${reason.replace(/\s*\n\s*/g, ' ')}; check that folder or set DATABASE_URL`, { cause: error });
  }
}

async function start(options: { dataDir: string; password: string; logger: Logger; settings?: Record<string, string> }): Promise<EmbeddedPostgresHandle> {
  await mkdir(options.dataDir, { recursive: true });
  const placement = await clusterPlacement(options.dataDir);
  const { databaseDir } = placement;
  const running = await readRunningServer(databaseDir);
  if (running) {
    options.logger.debug({ port: running.port }, 'joining the embedded PostgreSQL already running');
    return { connectionString: connectionString(running.port, options.password), stop: async () => {} };
  }

  const onLog = (line: string) => options.logger.trace({ postgres: line }, 'postgres');
  const created = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (created) {
    options.logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await mkdir(databaseDir, { recursive: true, mode: 0o700 });
    if (placement.runAs) await chown(databaseDir, placement.runAs.uid, placement.runAs.gid);
    await initialiseCluster({ ...placement, onLog, superuser: SUPERUSER, password: options.password });
  }
  const port = await findFreePort();
  const settings = { listen_addresses: '127.0.0.1', max_connections: '200', ...options.settings };
  const flags = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const server = await startServer({ ...placement, onLog, port, flags });
  if (!created && !(await acceptsPassword(port, options.password))) {
    await server.stop();
    if (!placement.outsideDataDir) {
      throw new PostgresStartError(`the embedded PostgreSQL in ${databaseDir} refuses the password in ${path.join(options.dataDir, 'secrets.json')}: restore that file, or move ${databaseDir} away to start with an empty database`);
    }
    // A cluster kept outside DATA_DIR whose DATA_DIR (and password) was deleted, then made again
    // at the same path (a fresh clone where an old one was): nobody can use it any more. It is
    // set aside, not deleted, and this DATA_DIR gets a cluster of its own.
    const setAside = `${databaseDir}.orphaned-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(databaseDir, setAside);
    options.logger.warn({ setAside }, 'the embedded PostgreSQL of an earlier DATA_DIR at this path does not know this one\'s password: set aside, starting a new one');
    return start(options);
  }
  options.logger.info({ port, databaseDir }, 'embedded PostgreSQL started');
  // A new cluster was written without waiting for the disk; flush it while the app starts serving.
  const flushed = created
    ? syncCluster({ ...placement, onLog }).catch((error: unknown) => options.logger.warn({ err: error }, 'the new PostgreSQL cluster could not be flushed to disk'))
    : Promise.resolve();
  return {
    connectionString: connectionString(port, options.password),
    async stop() {
      await flushed;
      await server.stop();
    },
  };
}

/**
 * Where the cluster lives and who runs it. Not root: `<DATA_DIR>/postgres`, run as the current user.
 * Root: PostgreSQL refuses to run as root, so a dedicated system user runs it, and that user must
 * reach both the binaries and the cluster. When DATA_DIR is reachable the cluster stays in
 * `<DATA_DIR>/postgres`; when it is not (a checkout under root's mode-700 home) the cluster lives
 * in `/var/lib/artsift/clusters/<hash of DATA_DIR's real path>`, one per DATA_DIR, and nobody has
 * to change the permissions of their home.
 */
async function clusterPlacement(dataDir: string): Promise<Placement> {
  const packaged = await packagedBinaries();
  if (userInfo().uid !== 0) return { binaries: packaged, databaseDir: path.join(dataDir, 'postgres'), outsideDataDir: false };

  const runAs = await ensurePostgresSystemUser();
  const binaries = await binariesReachableBy(runAs, packaged);
  const resolvedDataDir = await realpath(dataDir);
  if (reachableBy(runAs, path.dirname(resolvedDataDir))) {
    // The dedicated user only traverses DATA_DIR (x), it cannot list or read the rest of it.
    await chmod(resolvedDataDir, 0o711);
    return { binaries, runAs, databaseDir: path.join(resolvedDataDir, 'postgres'), outsideDataDir: false };
  }
  const key = createHash('sha256').update(resolvedDataDir).digest('hex').slice(0, 16);
  const clustersDir = path.join(ROOT_RUNTIME_DIR, 'clusters');
  await mkdir(clustersDir, { recursive: true, mode: 0o755 });
  await chmod(ROOT_RUNTIME_DIR, 0o755);
  await chmod(clustersDir, 0o755);
  return { binaries, runAs, databaseDir: path.join(clustersDir, key), outsideDataDir: true };
}

function connectionString(port: number, password: string): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** Whether the server takes DATA_DIR's password (any other failure is left to the app's own connection). */
async function acceptsPassword(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: connectionString(port, password) });
  try {
    await client.connect();
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== INVALID_PASSWORD;
  } finally {
    await client.end().catch(() => undefined);
  }
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
