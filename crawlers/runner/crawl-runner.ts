import type { Db } from '../../src/db/connect.ts';
import type { ArtworkService } from '../../src/artworks/artwork.service.ts';
import type { CrawlRunStatus } from '../crawl-tables.ts';
import type { Logger } from '../../src/logger.ts';
import { emptyCounts, type CrawlCounts } from './crawl-counts.ts';
import { saveBatchProgress } from './crawl-run.repository.ts';
import type { Checkpoint, CrawlSource, SourceContext, SourceItem, SourceOutcome, SourcePosition } from './crawl-source.ts';
import { processItem, type ItemProcessorDeps, type ItemResult } from './process-item.ts';
import type { RunErrorLog } from './run-error-log.ts';
import { PARTIAL_STOP_REASONS, type CrawlStopReason } from './stop-reason.ts';

export interface CrawlRunnerDeps extends Omit<ItemProcessorDeps, 'http' | 'artworks'> {
  db: Db;
  artworks: Pick<ArtworkService, 'ingest' | 'syncSearchIndex'>;
  logger: Logger;
}

export interface CrawlRunPlan {
  runId: string;
  sourceName: string;
  optionsHash: string;
  source: CrawlSource;
  checkpoint: Checkpoint | null;
  /** Items per stored batch: one search-index update and one checkpoint per batch. */
  batchSize: number;
  /** Items processed at once (downloads and the media pipeline overlap). */
  concurrency: number;
  maxItems?: number | undefined;
  errors: RunErrorLog;
  onProgress?: ((counts: CrawlCounts) => void) | undefined;
}

export interface CrawlRunResult {
  status: Exclude<CrawlRunStatus, 'running'>;
  counts: CrawlCounts;
  stopReason: CrawlStopReason;
  /** Items the pages showed, when the source counts them. */
  itemsShown: number | null;
}

/** One listed event on its way to being committed; `done` once its item is stored, skipped or failed. */
interface Slot {
  event: SourceItem | SourcePosition;
  result?: ItemResult;
  done: boolean;
}

/**
 * Reads the source and stores what it lists. Items are processed `concurrency` at a time, in
 * a continuous flow; as soon as the oldest `batchSize` listed items are all done, that batch
 * is committed: search index updated, then checkpoint and counts saved in one transaction.
 * Commits go strictly in listing order and cover only finished items, and stores are
 * idempotent by (source, source id), so a run stopped at any point — abort, crash, kill —
 * resumes after its last commit with no gaps, and the replayed items give no duplicates.
 */
export async function runCrawl(deps: CrawlRunnerDeps, plan: CrawlRunPlan, context: SourceContext): Promise<CrawlRunResult> {
  const counts = emptyCounts();
  const committed = emptyCounts();
  const { signal } = context;
  const processorDeps: ItemProcessorDeps = { ...deps, http: context.http };
  // Listed but not yet committed, oldest first; bounded so listing runs at most a batch ahead.
  const uncommitted: Slot[] = [];
  const maxUncommitted = plan.batchSize * 2;
  const inFlight = new Set<Promise<void>>();
  let commits = Promise.resolve();
  let pendingCommits = 0;
  let commitFailed = false;
  let failure: { error: unknown } | undefined;
  let outcome: SourceOutcome | undefined;
  let reachedMaxItems = false;

  const fail = (error: unknown) => {
    failure ??= { error };
  };

  /**
   * Queues a commit of the finished prefix of `uncommitted` once it holds a full batch (or, at the
   * end, whatever there is). After a failed commit nothing more is committed: a later checkpoint
   * would skip the batch whose index update or checkpoint did not happen.
   */
  const commitReady = (final: boolean) => {
    let ready = 0;
    while (ready < uncommitted.length && uncommitted[ready]!.done) ready += 1;
    if (ready === 0 || (!final && (ready < plan.batchSize || failure))) return;
    const batch = uncommitted.splice(0, ready);
    pendingCommits += 1;
    commits = commits.then(async () => {
      try {
        if (!commitFailed) await commitBatch(deps, plan, batch, committed);
      } catch (error) {
        commitFailed = true;
        fail(error);
      } finally {
        pendingCommits -= 1;
      }
    });
  };

  const start = (slot: Slot, item: SourceItem) => {
    const task = processItem(item, processorDeps).then((result) => {
      slot.result = result;
      slot.done = true;
      counts[result.outcome] += 1;
      if (result.error) {
        plan.errors.add({ item: item.ref, ...result.error });
        deps.logger.info({ source: plan.sourceName, item: item.ref, error: result.error.message }, 'crawl item failed');
      }
      plan.onProgress?.(counts);
    }, fail);
    const tracked = task.finally(() => {
      inFlight.delete(tracked);
      commitReady(false);
    });
    inFlight.add(tracked);
  };

  try {
    for await (const event of plan.source.read(plan.checkpoint, context)) {
      signal.throwIfAborted();
      if (failure) break;
      if (event.kind === 'outcome') {
        outcome = event;
        continue;
      }
      const slot: Slot = { event, done: event.kind === 'position' };
      uncommitted.push(slot);
      if (event.kind === 'item') {
        counts.fetched += 1;
        plan.onProgress?.(counts);
        while (inFlight.size >= plan.concurrency) await Promise.race(inFlight);
        if (failure) break;
        start(slot, event);
      }
      commitReady(false);
      // Backpressure: listing stays at most a batch ahead of storing, storing at most a commit ahead of committing.
      while (!failure && (pendingCommits > 1 || (uncommitted.length >= maxUncommitted && inFlight.size > 0))) {
        await (pendingCommits > 1 ? commits : Promise.race(inFlight));
      }
      if (plan.maxItems !== undefined && counts.fetched >= plan.maxItems) {
        reachedMaxItems = true;
        break;
      }
    }
  } catch (error) {
    fail(error);
  }
  await Promise.allSettled(inFlight);
  // Whatever finished in order is committed even after a failure or abort: less to replay.
  commitReady(true);
  await commits;

  const itemsShown = outcome?.itemsShown ?? null;
  if (failure) {
    if (signal.aborted) return { status: 'aborted', counts, stopReason: 'aborted', itemsShown };
    plan.errors.add({ message: `The run stopped: ${describe(failure.error)}` });
    deps.logger.error({ err: failure.error, source: plan.sourceName }, 'crawl run failed');
    return { status: 'failed', counts, stopReason: 'error', itemsShown };
  }
  const stopReason = reachedMaxItems ? 'max_items' : (outcome?.stopReason ?? 'end_of_content');
  // A source whose every item fails is broken (blocked host, changed format), not unlucky.
  const everyItemFailed = counts.fetched > 0 && counts.failed === counts.fetched;
  if (everyItemFailed) return { status: 'failed', counts, stopReason, itemsShown };
  return { status: PARTIAL_STOP_REASONS.has(stopReason) ? 'partial' : 'succeeded', counts, stopReason, itemsShown };
}

/** Brings the search index up to date for a finished batch, then saves its checkpoint and counts. */
async function commitBatch(deps: CrawlRunnerDeps, plan: CrawlRunPlan, batch: Slot[], committed: CrawlCounts): Promise<void> {
  const stored = new Set<string>();
  for (const slot of batch) {
    if (slot.event.kind !== 'item' || !slot.result) continue;
    committed.fetched += 1;
    committed[slot.result.outcome] += 1;
    // Unchanged items are synced too: a run killed between their ingest and their commit left them unindexed.
    if (slot.result.artworkId) stored.add(slot.result.artworkId);
  }
  if (stored.size > 0) await deps.artworks.syncSearchIndex([...stored]);
  const last = batch[batch.length - 1]!.event;
  await saveBatchProgress(deps.db, {
    runId: plan.runId,
    source: plan.sourceName,
    optionsHash: plan.optionsHash,
    checkpoint: last.kind === 'item' ? last.checkpointAfter : last.checkpoint,
    counts: committed,
    errors: plan.errors.entries(),
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
