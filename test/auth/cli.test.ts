import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxDir, writeOutboxMessage } from '../../src/mail/outbox.ts';
import { cliEnvironment, runCliInProcess } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('CLI: user create and outbox', () => {
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-auth-cli-'));
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const runCli = (args: string[]) => runCliInProcess(args, cliEnvironment({ DATABASE_URL: database.url, DATA_DIR: dataDir, PASSWORD_HASH_COST: '10' }));

  it('creates a verified admin and prints its TOTP enrolment and recovery codes', async () => {
    const { exitCode, stdout, stderr } = await runCli(['user', 'create', '--email', 'Admin@Example.com', '--password', 'an admin passphrase', '--admin']);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/created admin account \d+ \(admin@example\.com\), email verified/);
    expect(stdout).toMatch(/otpauth:\/\/totp\/artsift:admin%40example\.com\?secret=[A-Z2-7]+/);
    expect(stdout.match(/^ {2}[a-z2-9]{5}-[a-z2-9]{5}$/gm)).toHaveLength(10);
    const row = await database.db.selectFrom('accounts').select(['role', 'email_verified_at', 'totp_secret']).where('email', '=', 'admin@example.com').executeTakeFirstOrThrow();
    expect(row.role).toBe('admin');
    expect(row.email_verified_at).not.toBeNull();
    expect(row.totp_secret).not.toBeNull();
  });

  it('refuses a weak password with one line', async () => {
    const { exitCode, stderr } = await runCli(['user', 'create', '--email', 'member@example.com', '--password', 'password123']);
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toMatch(/^invalid password: /);
    expect(await database.db.selectFrom('accounts').select('id').where('email', '=', 'member@example.com').execute()).toEqual([]);
  });

  it('shows the outbox, newest first', async () => {
    const outbox = outboxDir(path.join(dataDir, 'outbox-test'));
    await writeOutboxMessage(outbox, { from: 'a@b', to: 'first@example.com', subject: 'First', text: 'one' }, new Date('2026-01-01T00:00:00Z'));
    await writeOutboxMessage(outbox, { from: 'a@b', to: 'second@example.com', subject: 'Second', text: 'two' }, new Date('2026-01-02T00:00:00Z'));
    const { exitCode, stdout } = await runCliInProcess(['outbox', '--limit', '1'], cliEnvironment({ DATABASE_URL: database.url, DATA_DIR: path.join(dataDir, 'outbox-test') }));
    expect(exitCode).toBe(0);
    expect(stdout).toContain('to second@example.com');
    expect(stdout).toContain('Subject: Second');
    expect(stdout).not.toContain('First');
  });
});
