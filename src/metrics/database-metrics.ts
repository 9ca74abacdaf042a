import { Counter, Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { readMetricsSnapshot, type MetricsSnapshot } from './metrics.repository.ts';

const CRAWL_OUTCOMES = ['fetched', 'new', 'updated', 'unchanged', 'duplicate', 'failed', 'blocked'] as const;

export interface DatabaseMetricsDeps {
  registry: Registry;
  db: Db;
  logger: Logger;
  /** Generation counters are recorded by model; the label is its provider kind (a small, fixed set). */
  providerOf(model: string): string;
}

/**
 * Figures that live in PostgreSQL, collected when Prometheus scrapes, so they cover the worker
 * and the CLI too. All collect callbacks of one scrape share one snapshot (one short transaction).
 */
export function registerDatabaseMetrics({ registry, db, logger, providerOf }: DatabaseMetricsDeps): void {
  let pending: Promise<MetricsSnapshot | undefined> | undefined;
  const snapshot = (): Promise<MetricsSnapshot | undefined> => {
    // registry.metrics() starts every collect callback in the same tick: they share this read.
    pending ??= readMetricsSnapshot(db)
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'metrics: the database figures could not be read');
        return undefined;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const registers = [registry];

  new Gauge({
    name: 'artsift_metrics_database_up',
    help: '1 when this scrape could read the database figures, 0 when they are missing',
    registers,
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });

  // A run counts once it has ended, so every series only grows; runs under way are a gauge.
  new Counter({
    name: 'artsift_crawl_runs_total',
    help: 'Ended crawl runs by source and status (succeeded, partial, failed, aborted, interrupted)',
    labelNames: ['source', 'status'] as const,
    registers,
    async collect() {
      const figures = await snapshot();
      this.reset();
      for (const row of figures?.crawlRuns ?? []) if (row.status !== 'running') this.inc({ source: row.source, status: row.status }, Number(row.runs));
    },
  });

  new Gauge({
    name: 'artsift_crawl_runs_running',
    help: 'Crawl runs under way by source',
    labelNames: ['source'] as const,
    registers,
    async collect() {
      const figures = await snapshot();
      this.reset();
      for (const row of figures?.crawlRuns ?? []) if (row.status === 'running') this.inc({ source: row.source }, Number(row.runs));
    },
  });

  new Counter({
    name: 'artsift_crawl_items_total',
    help: 'Crawled items by source and outcome (fetched, new, updated, unchanged, duplicate, failed, blocked by takedown)',
    labelNames: ['source', 'outcome'] as const,
    registers,
    async collect() {
      const figures = await snapshot();
      this.reset();
      for (const row of figures?.crawlRuns ?? []) {
        for (const outcome of CRAWL_OUTCOMES) this.inc({ source: row.source, outcome }, Number(row[outcome] ?? 0));
      }
    },
  });

  type CounterRow = MetricsSnapshot['counters'][number];
  /** A counter mirroring one metric of observed_counters (fed by the database's triggers). */
  const triggerCounter = <Label extends string>(
    config: { name: string; help: string; labelNames: readonly Label[] },
    metric: string,
    labelsOf: (row: CounterRow) => Record<Label, string>,
  ) =>
    new Counter({
      ...config,
      registers,
      async collect() {
        const rows = (await snapshot())?.counters.filter((row) => row.metric === metric) ?? [];
        this.reset();
        for (const row of rows) this.inc(labelsOf(row), row.value);
      },
    });

  triggerCounter(
    { name: 'artsift_generation_jobs_total', help: 'Generation jobs entering each state (queued, running, succeeded, failed, canceled) by provider', labelNames: ['state', 'provider'] },
    'generation_jobs',
    (row) => ({ state: row.first_label, provider: providerOf(row.second_label) }),
  );
  triggerCounter(
    {
      name: 'artsift_generation_queue_wait_seconds_total',
      help: 'Seconds generation jobs waited between being queued and starting, summed (divide by artsift_generation_starts_total)',
      labelNames: ['provider'],
    },
    'generation_wait_seconds_sum',
    (row) => ({ provider: providerOf(row.first_label) }),
  );
  triggerCounter(
    { name: 'artsift_generation_starts_total', help: 'Generation jobs started (an attempt leaving the queue)', labelNames: ['provider'] },
    'generation_wait_seconds_count',
    (row) => ({ provider: providerOf(row.first_label) }),
  );
  triggerCounter(
    { name: 'artsift_credit_movements_total', help: 'Credit ledger entries by reason and direction (in, out)', labelNames: ['reason', 'direction'] },
    'credit_movements',
    (row) => ({ reason: row.first_label, direction: row.second_label }),
  );
  triggerCounter(
    { name: 'artsift_credits_moved_total', help: 'Credits moved by reason and direction (in, out)', labelNames: ['reason', 'direction'] },
    'credit_amount',
    (row) => ({ reason: row.first_label, direction: row.second_label }),
  );

  new Gauge({
    name: 'artsift_generation_jobs',
    help: 'Generation jobs now queued (the queue depth) or running, by provider',
    labelNames: ['state', 'provider'] as const,
    registers,
    async collect() {
      const figures = await snapshot();
      this.reset();
      for (const row of figures?.activeGenerations ?? []) this.inc({ state: row.status, provider: providerOf(row.model) }, Number(row.jobs));
    },
  });

  new Gauge({
    name: 'artsift_generation_queue_oldest_seconds',
    help: 'How long the oldest queued generation job has waited (0 when none waits)',
    registers,
    async collect() {
      const figures = await snapshot();
      const waiting = figures?.activeGenerations.filter((row) => row.status === 'queued') ?? [];
      this.set(Math.max(0, ...waiting.map((row) => row.oldest_seconds ?? 0)));
    },
  });

  new Gauge({
    name: 'artsift_takedown_queue_size',
    help: 'Confirmed DMCA notices waiting for a decision',
    registers,
    async collect() {
      this.set(Number((await snapshot())?.takedownQueue.notices ?? 0));
    },
  });

  new Gauge({
    name: 'artsift_takedown_queue_oldest_seconds',
    help: 'How long the oldest notice in the review queue has waited since it was confirmed (0 when none waits)',
    registers,
    async collect() {
      this.set(Math.max(0, (await snapshot())?.takedownQueue.oldest_seconds ?? 0));
    },
  });
}
