import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { ArtworkService } from '../src/artworks/artwork.service.ts';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import type { CrawlRunError, CrawlRunStatus, CrawlStopReason, CrawlTrigger } from './crawl-tables.ts';
import { NotFoundError } from '../src/errors.ts';
import type { Logger } from '../src/logger.ts';
import { loadSourcesFile } from './config/load-sources.ts';
import { readGenerationMetadata } from './metadata/read-generation-metadata.ts';
import type { SourceConfig } from './config/source-config.ts';
import { createAddressPolicy } from './net/address-policy.ts';
import { createCrawlHttpClient, type CrawlHttpShared } from './net/crawl-http-client.ts';
import { crawlerUserAgent } from './net/crawler-http.ts';
import type { HostResolver } from './net/guarded-lookup.ts';
import type { GenerationMetadataReader } from './runner/complete-from-metadata.ts';
import { emptyCounts, type CrawlCounts } from './runner/crawl-counts.ts';
import { closeInterruptedRuns, findCheckpoint, finishCrawlRun, insertCrawlRun, listRecentRuns } from './runner/crawl-run.repository.ts';
import { runCrawl } from './runner/crawl-runner.ts';
import type { Checkpoint } from './runner/crawl-source.ts';
import { createRunErrorLog } from './runner/run-error-log.ts';
import { withSourceLock } from './runner/source-lock.ts';
import type { TakedownBlocklist } from './runner/takedown-blocklist.ts';
import { createSource } from './sources/create-source.ts';
import { recordingSourcePosts } from './recheck/recording-source-posts.ts';
import { launchChromium } from './sources/html/launch-chromium.ts';

export interface CrawlServiceDeps {
  db: Db;
  artworks: Pick<ArtworkService, 'ingest' | 'syncSearchIndex'>;
  logger: Logger;
  config: Pick<Config, 'CRAWLER_USER_AGENT' | 'CRAWLER_CONTACT_URL' | 'CRAWL_SOURCES_FILE' | 'PUBLIC_URL' | 'MEDIA_MAX_INPUT_BYTES'> & { X_BEARER_TOKEN?: string | undefined };
  /** The process's host throttle and robots.txt cache (crawlers/net/crawler-http.ts), made in src/app.ts. */
  http: CrawlHttpShared;
  /** Fills prompts and parameters from the image file; defaults to crawlers/metadata's reader. */
  readGenerationMetadata?: GenerationMetadataReader;
  /** What must not be indexed again; the takedowns feature decides (src/takedowns/crawl-blocklist.ts). */
  blocklist: TakedownBlocklist;
  launchBrowser?: () => Promise<Browser>;
  /** Tests resolve made-up host names to chosen addresses. */
  resolver?: HostResolver;
  /** Sources given directly instead of read from CRAWL_SOURCES_FILE. */
  sources?: SourceConfig[];
}

export interface CrawlRunOptions {
  trigger: CrawlTrigger;
  signal?: AbortSignal;
  maxItems?: number;
  /** The CLI's --allow-private-network: private ranges reachable for this run. */
  allowPrivateNetwork?: boolean;
  onProgress?: (counts: CrawlCounts) => void;
}

export interface CrawlRunReport {
  source: string;
  runId: string | null;
  /** 'locked': another run of this source was in progress (in this or another process). */
  status: Exclude<CrawlRunStatus, 'running'> | 'locked';
  counts: CrawlCounts;
  errors: CrawlRunError[];
  /** Null when the run did not happen ('locked'). */
  stopReason: CrawlStopReason | null;
  itemsShown: number | null;
}

const MAX_RUN_ERRORS = 50;

export function createCrawlService(deps: CrawlServiceDeps) {
  const { db, logger, config } = deps;
  const userAgent = crawlerUserAgent(config);
  // Shared by every run in this process: one politeness budget and one robots.txt cache per host.
  const shared: CrawlHttpShared = deps.resolver ? { ...deps.http, resolver: deps.resolver } : deps.http;
  const { blocklist } = deps;
  const artworks = holdingNearMatches(deps.artworks, blocklist);
  const launchBrowser = deps.launchBrowser ?? (() => launchChromium());

  const listSources = async (): Promise<SourceConfig[]> => deps.sources ?? loadSourcesFile(config.CRAWL_SOURCES_FILE);

  /** The source's own HTTP rules (network allowance, politeness, limits), sharing this process's per-host budget. */
  function openHttpClient(source: SourceConfig, signal: AbortSignal, allowPrivateNetwork = false) {
    return createCrawlHttpClient({
      settings: {
        userAgent,
        respectRobotsTxt: source.respectRobotsTxt,
        hostLimits: { maxConcurrent: source.politeness.maxConcurrentPerHost, minIntervalMs: source.politeness.minIntervalMs },
        ...source.limits,
        maxImageBytes: source.limits.maxImageBytes ?? config.MEDIA_MAX_INPUT_BYTES,
      },
      shared,
      policy: createAddressPolicy(allowPrivateNetwork ? true : source.allowPrivateNetwork),
      signal,
    });
  }

  async function runLocked(source: SourceConfig, options: CrawlRunOptions, signal: AbortSignal): Promise<CrawlRunReport> {
    const runId = await insertCrawlRun(db, source.name, options.trigger);
    await closeInterruptedRuns(db, source.name, runId);
    const optionsHash = hashOptions(source);
    const stored = await findCheckpoint(db, source.name);
    const checkpoint = stored?.options_hash === optionsHash ? (stored.checkpoint as Checkpoint) : null;
    const maxImageBytes = source.limits.maxImageBytes ?? config.MEDIA_MAX_INPUT_BYTES;
    const http = openHttpClient(source, signal, options.allowPrivateNetwork);
    let browser: Promise<Browser> | undefined;
    const errors = createRunErrorLog(MAX_RUN_ERRORS);
    logger.info({ source: source.name, runId, resumed: checkpoint !== null }, 'crawl run started');
    try {
      const result = await runCrawl(
        { db, artworks: recordingSourcePosts(artworks, db, source), blocklist, logger, readGenerationMetadata: deps.readGenerationMetadata ?? readGenerationMetadata },
        {
          runId,
          sourceName: source.name,
          optionsHash,
          source: createSource(source, { maxDocumentBytes: source.limits.maxDocumentBytes, maxImageBytes }, { xBearerToken: config.X_BEARER_TOKEN }),
          checkpoint,
          batchSize: source.batchSize,
          concurrency: source.concurrency,
          maxItems: options.maxItems ?? source.maxItemsPerRun,
          errors,
          onProgress: options.onProgress,
        },
        { http, signal, logger, browser: () => (browser ??= launchBrowser()), isOptedOut: (artworkSource, handle) => blocklist.blocksHandle?.(artworkSource, handle) ?? Promise.resolve(false) },
      );
      const { status, counts, stopReason, itemsShown } = result;
      await finishCrawlRun(db, runId, { status, counts, errors: errors.entries(), stopReason, itemsShown });
      logger.info({ source: source.name, runId, status, stopReason, itemsShown, ...counts }, 'crawl run finished');
      return { source: source.name, runId, status, counts, errors: errors.entries(), stopReason, itemsShown };
    } finally {
      http.close();
      if (browser) await (await browser.catch(() => undefined))?.close();
    }
  }

  return {
    listSources,
    openHttpClient,

    /**
     * Runs one source now, unless a run of it is already in progress anywhere (then 'locked').
     * Resumes from the source's checkpoint when its options have not changed since.
     */
    async run(sourceOrName: SourceConfig | string, options: CrawlRunOptions): Promise<CrawlRunReport> {
      const source = typeof sourceOrName === 'string' ? await findSource(sourceOrName) : sourceOrName;
      const signal = options.signal ?? new AbortController().signal;
      const outcome = await withSourceLock(db, source.name, () => runLocked(source, options, signal));
      if (outcome) return outcome.value;
      logger.info({ source: source.name }, 'crawl skipped: another run of this source is in progress');
      return { source: source.name, runId: null, status: 'locked', counts: emptyCounts(), errors: [], stopReason: null, itemsShown: null };
    },

    /** Every configured source with its latest runs, plus sources only seen in past runs (ad-hoc). */
    async status(runsPerSource = 5) {
      const sources = await listSources();
      const runs = await listRecentRuns(db, undefined, runsPerSource);
      const names = [...new Set([...sources.map((source) => source.name), ...runs.map((run) => run.source)])];
      return names.map((name) => {
        const source = sources.find((candidate) => candidate.name === name);
        return {
          name,
          configured: source !== undefined,
          type: source?.type ?? null,
          schedule: source?.schedule ?? null,
          enabled: source?.enabled ?? null,
          runs: runs.filter((run) => run.source === name),
        };
      });
    },
  };

  async function findSource(name: string): Promise<SourceConfig> {
    const source = (await listSources()).find((candidate) => candidate.name === name);
    if (!source) throw new NotFoundError(`No crawl source named "${name}" in ${config.CRAWL_SOURCES_FILE}`);
    return source;
  }
}

export type CrawlService = ReturnType<typeof createCrawlService>;

/**
 * Stored items that look like a removed work are held before the batch indexes them (indexing
 * skips held rows), so a re-encoded copy from another source never reaches search.
 */
function holdingNearMatches(artworks: CrawlServiceDeps['artworks'], blocklist: TakedownBlocklist): CrawlServiceDeps['artworks'] {
  const { holdsArtwork } = blocklist;
  if (!holdsArtwork) return artworks;
  return {
    ...artworks,
    async ingest(input, imageBytes, options) {
      const result = await artworks.ingest(input, imageBytes, options);
      await holdsArtwork.call(blocklist, result.id);
      return result;
    },
  };
}

/** A checkpoint only means something for the options it was made with. */
function hashOptions(source: SourceConfig): string {
  const identity = { type: source.type, options: source.options, artworkSource: source.artworkSource ?? null };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}
