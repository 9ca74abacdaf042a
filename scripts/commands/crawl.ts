import type { Command } from 'commander';
import { z } from 'zod';
import { adHocSourceConfig, htmlSelectorsOverrideSchema } from '../../crawlers/config/ad-hoc-source.ts';
import { SOURCE_TYPES } from '../../crawlers/config/source-config.ts';
import type { CrawlRunReport } from '../../crawlers/crawl.service.ts';
import { formatCounts, type CrawlCounts } from '../../crawlers/runner/crawl-counts.ts';
import { formatStop } from '../../crawlers/runner/stop-reason.ts';
import { parseCliArguments } from '../cli-arguments.ts';
import { createProgressBar, secondsSince } from '../progress-bar.ts';
import { withApp } from '../with-app.ts';

const crawlArguments = z
  .object({
    source: z.string().min(1).optional(),
    type: z.enum(SOURCE_TYPES, { error: `expected one of ${SOURCE_TYPES.join(', ')}` }).optional(),
    url: z.string().min(1).max(2048).optional(),
    query: z.string().trim().min(1).max(512).optional(),
    apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    limit: z.coerce.number({ error: 'expected a number' }).int('expected a whole number').positive('expected at least 1').optional(),
    allowPrivateNetwork: z.boolean().default(false),
    selectors: z
      .string()
      .transform((json, context) => {
        try {
          return JSON.parse(json) as unknown;
        } catch {
          context.addIssue({ code: 'custom', message: 'expected a JSON object of CSS selectors' });
          return z.NEVER;
        }
      })
      .pipe(htmlSelectorsOverrideSchema)
      .optional(),
    publicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((args) => (args.source === undefined) !== (args.type === undefined && args.url === undefined && args.query === undefined), {
    message: 'give a source name, or --type and --url (--query for x and bluesky), not both',
    path: ['source'],
  })
  .refine((args) => args.source !== undefined || args.type === 'x' || args.type === 'bluesky' || (args.type !== undefined && args.url !== undefined), {
    message: '--type and --url go together',
    path: ['url'],
  })
  .refine((args) => !(args.type === 'x' || args.type === 'bluesky') || args.query !== undefined, {
    message: `--type x and --type bluesky search: give --query`,
    path: ['query'],
  });

export function registerCommand(program: Command): void {
  program
    .command('crawl')
    .argument('[source]', 'a source named in the sources file (CRAWL_SOURCES_FILE)')
    .description('Crawl one source now: a configured one by name, or an ad-hoc one with --type and --url')
    .option('--type <type>', `ad-hoc source type: ${SOURCE_TYPES.join(', ')}`)
    .option('--url <url>', 'ad-hoc source: API base, page or feed URL; for import a folder, a file of URLs, or an image URL; for mastodon https://<instance>/tags/<tag>')
    .option('--query <q>', 'x and bluesky: the search query, e.g. "#aiart"')
    .option('--api-base-url <url>', 'x and bluesky: the API host to ask instead of the platform’s own')
    .option('--limit <n>', 'stop after listing this many items (the next run continues from there)')
    .option('--allow-private-network', 'let this run reach private and loopback addresses (never cloud metadata)')
    .option('--selectors <json>', 'html: CSS selectors overriding the generic ones, e.g. {"item":".card"}')
    .option('--public-base-url <url>', 'import of a folder: the URL where its images are published')
    .action(async (source: string | undefined, rawOptions: Record<string, unknown>) => {
      const args = parseCliArguments(crawlArguments, { ...rawOptions, source });
      const status = await withApp(async (app) => {
        const interrupt = abortOnInterrupt();
        const { crawl } = app;
        const target =
          args.source ??
          (await adHocSourceConfig({
            type: args.type!,
            url: args.url,
            query: args.query,
            apiBaseUrl: args.apiBaseUrl,
            allowPrivateNetwork: args.allowPrivateNetwork,
            selectors: args.selectors,
            publicBaseUrl: args.publicBaseUrl,
          }));
        const started = performance.now();
        const progress = createProgressBar('crawl');
        let report: CrawlRunReport;
        try {
          report = await crawl.run(target, {
            trigger: 'cli',
            signal: interrupt.signal,
            maxItems: args.limit,
            allowPrivateNetwork: args.allowPrivateNetwork,
            onProgress: (counts) => progress.update(processed(counts), args.limit ?? counts.fetched),
          });
        } finally {
          progress.stop();
          interrupt.dispose();
        }
        printReport(report, secondsSince(started));
        return report.status;
      });
      // process.exit rather than exitCode: end now, whatever handles the failed run left open.
      if (status !== 'succeeded') process.exit(1);
    });
}

/**
 * Ctrl-C / SIGTERM stop the run between items, so it records where it got to and the app
 * closes cleanly; a second one exits at once (the next run resumes from the last batch anyway).
 */
function abortOnInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    console.error(`\n${name}: stopping the crawl (repeat to quit at once)`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => process.off('SIGINT', onSignal).off('SIGTERM', onSignal),
  };
}

/** Items listed and already dealt with (stored, skipped or failed). */
function processed(counts: CrawlCounts): number {
  return counts.new + counts.updated + counts.unchanged + counts.duplicate + counts.failed + counts.blocked;
}

function printReport(report: CrawlRunReport, seconds: string): void {
  if (report.status === 'locked') {
    console.error(`${report.source}: another run of this source is in progress; try again when it ends`);
    return;
  }
  console.log(`${report.source}: ${report.status} in ${seconds} s: ${formatCounts(report.counts)}`);
  if (report.stopReason) console.log(`  ${formatStop({ stopReason: report.stopReason, itemsShown: report.itemsShown, itemsRead: report.counts.fetched })}`);
  if (report.status === 'aborted' || report.status === 'partial') {
    console.error('stopped early: the next run of this source resumes where this one stopped');
  }
  const shown = report.status === 'succeeded' ? [] : report.errors.slice(-5);
  for (const error of shown) console.error(`  ${error.item ?? error.url ?? 'run'}: ${error.message}`);
}
