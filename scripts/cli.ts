#!/usr/bin/env -S npx tsx
/**
 * `artsift <command>` (npm run cli -- <command>): operator commands against the same
 * DATA_DIR / DATABASE_URL as the server, whether or not the server is running.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { ConfigError } from '../src/config.ts';
import { CliArgumentError } from './cli-arguments.ts';

const COMMANDS_DIR = fileURLToPath(new URL('./commands', import.meta.url));

/** What every file in scripts/commands/ exports. */
interface CliCommandModule {
  registerCommand(program: Command): void;
}

function isCliCommandModule(module: unknown): module is CliCommandModule {
  return typeof (module as Partial<CliCommandModule> | null)?.registerCommand === 'function';
}

/**
 * Each command registers itself from its own file, found by listing the folder, so adding
 * a command is adding a file: no shared list for parallel changes to collide on.
 */
async function registerCommands(program: Command): Promise<void> {
  const files = (await readdir(COMMANDS_DIR)).filter((file) => /^[a-z0-9-]+\.ts$/.test(file)).sort();
  for (const file of files) {
    const module: unknown = await import(pathToFileURL(path.join(COMMANDS_DIR, file)).href);
    if (!isCliCommandModule(module)) throw new Error(`scripts/commands/${file} must export registerCommand(program)`);
    module.registerCommand(program);
  }
}

/** One line for the operator; configuration and argument errors already read as sentences. */
function describeFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof CliArgumentError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${message.replace(/\s*\n\s*/g, ' ')}`;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('artsift')
    .description('Operate an artsift instance: migrations, search index, demo data.')
    .showHelpAfterError('(run "artsift --help" for the list of commands)');
  await registerCommands(program);
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  console.error(describeFailure(error));
  // process.exit: end now, whatever handles (pools, timers) a failed command left open.
  process.exit(1);
});
