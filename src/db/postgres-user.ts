import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { PostgresStartError } from './postgres-start-error.ts';

const run = promisify(execFile);

/** PostgreSQL refuses to run as root; as root the server runs as this dedicated system user. */
export const POSTGRES_SYSTEM_USER = 'postgres';

export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** The dedicated user, created (as a system user without a login) when it does not exist yet. */
export async function ensurePostgresSystemUser(): Promise<SystemUser> {
  const existing = await lookUp(POSTGRES_SYSTEM_USER);
  if (existing) return existing;
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_SYSTEM_USER]);
  } catch (error) {
    // Two processes starting at once: the other one created it.
    const created = await lookUp(POSTGRES_SYSTEM_USER);
    if (created) return created;
    throw new PostgresStartError(
      `cannot start the embedded PostgreSQL: running as root needs a system user "${POSTGRES_SYSTEM_USER}" and "useradd" failed (${oneLine(error)}); create that user, run artsift as a normal user, or set DATABASE_URL`,
      { cause: error },
    );
  }
  const created = await lookUp(POSTGRES_SYSTEM_USER);
  if (!created) throw new PostgresStartError(`cannot start the embedded PostgreSQL: the system user "${POSTGRES_SYSTEM_USER}" was created but cannot be found; set DATABASE_URL or run artsift as a normal user`);
  return created;
}

async function lookUp(name: string): Promise<SystemUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Whether `user` may search (`x`) every folder on the way to `target` and, with `mode: 'rx'`, read it.
 * Asked of the kernel by running test(1) as that user, so ACLs and group membership count too.
 */
export function reachableBy(user: SystemUser, target: string, mode: 'x' | 'rx' = 'x'): boolean {
  const check = mode === 'x' ? ['-x', target] : ['-r', target, '-a', '-x', target];
  const result = spawnSync('test', check, { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' });
  return result.status === 0;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? ((error as { stderr?: string }).stderr || error.message) : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
