import type { Command } from 'commander';
import { createProgressBar, secondsSince } from '../progress-bar.ts';
import { withApp } from '../with-app.ts';

export function registerCommand(program: Command): void {
  program
    .command('reindex')
    .description('Rebuild the active search engine from PostgreSQL (builds aside, then swaps)')
    .action(async () => {
      await withApp(async (app) => {
        const started = performance.now();
        const progress = createProgressBar('reindex');
        let indexed: number;
        try {
          indexed = await app.artworks.reindex(progress.update);
        } finally {
          progress.stop();
        }
        console.log(`reindexed ${indexed} artworks into ${app.searchIndex.engine} in ${secondsSince(started)} s`);
      });
    });
}
