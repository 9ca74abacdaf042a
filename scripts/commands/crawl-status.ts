import type { Command } from 'commander';
import { z } from 'zod';
import { formatStop } from '../../crawlers/runner/stop-reason.ts';
import type { CrawlRunRow } from '../../crawlers/crawl-tables.ts';
import { parseCliArguments } from '../cli-arguments.ts';
import { withApp } from '../with-app.ts';

const statusArguments = z.object({
  runs: z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(1).max(100),
  json: z.boolean().default(false),
});

/** The operator's view of crawling from a terminal (the web one is /admin/crawls): sources, last runs, counts and errors. */
export function registerCommand(program: Command): void {
  program
    .command('crawl-status')
    .description('List crawl sources with their latest runs, counts and errors')
    .option('--runs <n>', 'runs to show per source', '3')
    .option('--json', 'print JSON instead of text')
    .action(async (rawOptions: unknown) => {
      const args = parseCliArguments(statusArguments, rawOptions);
      await withApp(async (app) => {
        const { crawl } = app;
        const sources = await crawl.status(args.runs);
        if (args.json) {
          console.log(JSON.stringify(sources, null, 2));
          return;
        }
        if (sources.length === 0) console.log(`no crawl sources (none in ${app.config.CRAWL_SOURCES_FILE}, no past runs)`);
        for (const source of sources) {
          const about = source.configured
            ? [source.type, source.schedule ? `schedule "${source.schedule}"` : 'no schedule', source.enabled ? null : 'disabled']
            : ['not in the sources file'];
          console.log(`${source.name} (${about.filter(Boolean).join(', ')})`);
          if (source.runs.length === 0) console.log('  never run');
          for (const run of source.runs) printRun(run);
        }
      });
    });
}

function printRun(run: CrawlRunRow): void {
  const duration = run.finished_at ? ` in ${((run.finished_at.getTime() - run.started_at.getTime()) / 1000).toFixed(1)} s` : '';
  console.log(
    `  #${run.id} ${run.started_at.toISOString()} ${run.status}${duration} (${run.trigger}): ` +
      `fetched ${run.items_fetched}, new ${run.items_new}, updated ${run.items_updated}, unchanged ${run.items_unchanged}, ` +
      `duplicate ${run.items_duplicate}, failed ${run.items_failed}, blocked by takedown ${run.items_blocked}`,
  );
  // Runs still going, killed ones and ones recorded before stop reasons existed have none.
  if (run.stop_reason) console.log(`    ${formatStop({ stopReason: run.stop_reason, itemsShown: run.items_shown, itemsRead: run.items_fetched })}`);
  for (const error of run.errors.slice(-3)) console.log(`    ! ${error.item ?? error.url ?? 'run'}: ${error.message}`);
}
