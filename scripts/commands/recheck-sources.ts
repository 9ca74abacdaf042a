import type { Command } from 'commander';
import { secondsSince } from '../progress-bar.ts';
import { withApp } from '../with-app.ts';

export function registerCommand(program: Command): void {
  program
    .command('recheck-sources')
    .description('Ask X, Bluesky and Mastodon now about the indexed posts whose check is due; remove those deleted at their source')
    .action(async () => {
      await withApp(async (app) => {
        const started = performance.now();
        const report = await app.sourceRecheck.runDue();
        console.log(`checked ${report.checked} posts, removed ${report.removed} artworks gone at their source, ${report.unanswered} unanswered (asked again in 15 minutes) in ${secondsSince(started)} s`);
      });
    });
}
