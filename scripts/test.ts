/**
 * `npm test`: typecheck, lint and every test, in that order, stopping at the first failure.
 * Installs what the tests need and cannot install themselves (Chromium for Playwright)
 * when it is missing and we are allowed to (root with apt-get).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(title: string, command: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(`Chromium is missing at ${CHROMIUM}: install the Debian package "chromium" or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  run('install Chromium (Debian package)', 'bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium']);
}

ensureChromium();
run('typecheck', 'npx', ['tsc', '--noEmit']);
run('lint', 'npx', ['eslint', '.']);
const REPORT = 'test-results/vitest.json';
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: process.env },
);
printSummary();
process.exit(vitest.status ?? 1);

/** One plain closing line ("N passed, N failed, N skipped") that any CI can read. */
function printSummary(): void {
  const report = z
    .object({ numPassedTests: z.number(), numFailedTests: z.number(), numPendingTests: z.number(), numTodoTests: z.number() })
    .safeParse(existsSync(REPORT) ? JSON.parse(readFileSync(REPORT, 'utf8')) : undefined);
  if (!report.success) return;
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = report.data;
  console.log(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`);
}
