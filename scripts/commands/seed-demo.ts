import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_DEMO_COUNT, seedDemoArtworks, type SeedDemoResult } from '../../src/demo/seed-demo.ts';
import { parseCliArguments } from '../cli-arguments.ts';
import { createProgressBar, secondsSince } from '../progress-bar.ts';
import { withApp } from '../with-app.ts';

const seedDemoOptions = z.object({
  count: z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(1, 'expected at least 1')
    .max(10_000, 'expected at most 10000'),
});

export function registerCommand(program: Command): void {
  program
    .command('seed-demo')
    .description('Load the generated demo artworks through the real ingest path (idempotent)')
    .option('--count <n>', 'how many demo artworks', String(DEFAULT_DEMO_COUNT))
    .action(async (rawOptions: unknown) => {
      const { count } = parseCliArguments(seedDemoOptions, rawOptions);
      await withApp(async (app) => {
        const started = performance.now();
        const progress = createProgressBar('seed-demo');
        let result: SeedDemoResult;
        try {
          result = await seedDemoArtworks({ artworks: app.artworks, count, onProgress: progress.update });
        } finally {
          progress.stop();
        }
        console.log(
          `seeded ${result.total} demo artworks (${result.new} new, ${result.updated} updated, ${result.duplicate} duplicates) in ${secondsSince(started)} s`,
        );
      });
    });
}
