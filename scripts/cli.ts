#!/usr/bin/env -S npx tsx
/**
 * `artsift <command>` (npm run cli -- <command>): operator commands against the same
 * DATA_DIR / DATABASE_URL as the server, whether or not the server is running.
 */
import { createCliProgram, describeCliFailure } from './cli-program.ts';

async function main(): Promise<void> {
  const program = await createCliProgram();
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  console.error(describeCliFailure(error));
  // process.exit: end now, whatever handles (pools, timers) a failed command left open.
  process.exit(1);
});
