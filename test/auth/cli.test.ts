import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxDir, writeOutboxMessage } from '../../src/mail/outbox.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

describe('CLI: user create and outbox', () => {
  let database: TestDatabase;
  let dataDir: string;
  // Each CLI start costs seconds (tsx, every command module): the runs start together in beforeAll.
  let createdAdmin: Promise<CliRun>;
  let weakPassword: Promise<CliRun>;
  let outbox: Promise<CliRun>;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-auth-cli-'));
    await writeOutboxMessage(outboxDir(dataDir), { from: 'a@b', to: 'first@example.com', subject: 'First', text: 'one' }, new Date('2026-01-01T00:00:00Z'));
    await writeOutboxMessage(outboxDir(dataDir), { from: 'a@b', to: 'second@example.com', subject: 'Second', text: 'two' }, new Date('2026-01-02T00:00:00Z'));
    createdAdmin = runCli(['user', 'create', '--email', 'Admin@Example.com', '--password', 'an admin passphrase', '--admin']);
    weakPassword = runCli(['user', 'create', '--email', 'member@example.com', '--password', 'password123']);
    outbox = runCli(['outbox', '--limit', '1']);
    await Promise.all([createdAdmin, weakPassword, outbox]);
  }, 120_000);
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function runCli(args: string[]): Promise<CliRun> {
    const env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '10' };
    return new Promise((resolve, reject) => {
      const child = spawn(TSX, ['scripts/cli.ts', ...args], { cwd: PROJECT_ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
    });
  }

  it('creates a verified admin and prints its TOTP enrolment and recovery codes', async () => {
    const { exitCode, stdout, stderr } = await createdAdmin;
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
    const { exitCode, stderr } = await weakPassword;
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toMatch(/^invalid password: /);
  });

  it('shows the outbox, newest first', async () => {
    const { exitCode, stdout } = await outbox;
    expect(exitCode).toBe(0);
    expect(stdout).toContain('to second@example.com');
    expect(stdout).toContain('Subject: Second');
    expect(stdout).not.toContain('First');
  });
});
