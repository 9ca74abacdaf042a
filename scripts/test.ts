/**
 * `npm test`: typecheck, lint (with the import boundaries of eslint.config.js) and the import-cycle
 * check side by side, then every test, stopping at the first failure. Installs what the tests need
 * and cannot install themselves (Chromium for Playwright) when it is missing and we are allowed to
 * (root with apt-get).
 */
import { spawn, spawnSync } from 'node:child_process';
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

/** Runs a check with its output held back, so that two side by side do not interleave. */
function check(title: string, command: string, args: string[]): Promise<{ title: string; ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', (error) => resolve({ title, ok: false, output: `${output}${error.message}\n` }));
    child.once('close', (status) => resolve({ title, ok: status === 0, output }));
  });
}

ensureChromium();
// Caches under node_modules/.cache make a second run on the same checkout check only what changed.
const checks = await Promise.all([
  check('typecheck', 'npx', ['tsc', '--noEmit', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/artsift/tsconfig.tsbuildinfo']),
  check('lint', 'npx', ['eslint', '--cache', '--cache-location', 'node_modules/.cache/artsift/eslint/', '.']),
  check('import cycles', 'npx', ['tsx', 'scripts/import-cycles.ts']),
]);
for (const { title, ok, output } of checks) {
  console.log(`\n▶ ${title}`);
  if (output) process.stdout.write(output);
  if (!ok) console.error(`✖ ${title} failed`);
}
if (checks.some((result) => !result.ok)) process.exit(1);
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
