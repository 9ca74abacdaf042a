import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { createCliProgram, describeCliFailure } from '../../scripts/cli-program.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** What a command's process.exit(code) becomes in-process: the run ends with that code. */
class ExitRequested extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

let previousRun: Promise<unknown> = Promise.resolve();

/**
 * `artsift <args>` run in this process, with exactly `env` as its environment (nothing of the
 * developer's, such as MEILI_URL, leaks in), its console output and exit code captured.
 * The commands are the same code as the bin's: only the process start-up (seconds on 2 cores)
 * is skipped. Runs take turns, since each swaps process.env and the console for its duration.
 */
export function runCliInProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  const run = previousRun.then(() => runNow(args, env));
  previousRun = run.catch(() => undefined);
  return run;
}

async function runNow(args: string[], env: Record<string, string>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const toStdout = (...parts: unknown[]) => void (stdout += `${format(...parts)}\n`);
  const toStderr = (...parts: unknown[]) => void (stderr += `${format(...parts)}\n`);
  const spies = [
    vi.spyOn(console, 'log').mockImplementation(toStdout),
    vi.spyOn(console, 'info').mockImplementation(toStdout),
    vi.spyOn(console, 'error').mockImplementation(toStderr),
    vi.spyOn(console, 'warn').mockImplementation(toStderr),
    vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new ExitRequested(Number(code ?? 0));
    }),
  ];
  const ownEnv = process.env;
  process.env = { ...env };
  try {
    const program = new Command().exitOverride().configureOutput({ writeOut: (text) => void (stdout += text), writeErr: (text) => void (stderr += text) });
    await (await createCliProgram(program)).parseAsync(args, { from: 'user' });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof ExitRequested) return { exitCode: error.code, stdout, stderr };
    // Commander has already written its message (unknown command, --help…).
    if (error instanceof CommanderError) return { exitCode: error.exitCode, stdout, stderr };
    // What scripts/cli.ts prints before it exits 1.
    stderr += `${describeCliFailure(error)}\n`;
    return { exitCode: 1, stdout, stderr };
  } finally {
    process.env = ownEnv;
    for (const spy of spies) spy.mockRestore();
  }
}

/** A running `artsift` process: the real bin entry, its own Node process with the tsx loader. */
export function startCliProcess(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `artsift <args>` in its own process, to its exit: for what only a process shows (exit codes, exiting at all). */
export function runCliProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = startCliProcess(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** The environment a CLI needs and nothing more: PATH, HOME and `env`. */
export function cliEnvironment(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'silent', SEED_DEMO: 'never', ...env };
}
