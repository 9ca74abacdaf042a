import type { ColumnType } from 'kysely';
import type { TableColumns } from '../db/column-types.ts';

/**
 * Counters fed by database triggers (migrations/20261128040000_observed_counters.ts), so /metrics
 * sees credit movements and generation states from every process; part of `Database`.
 */
export interface MetricsTables {
  observed_counters: ObservedCountersTable;
}

export interface ObservedCountersTable {
  /** credit_movements, credit_amount, generation_jobs, generation_wait_seconds_sum/_count. */
  metric: string;
  first_label: string;
  second_label: string;
  /** double precision: pg hands it back as a number; only the triggers write it. */
  value: ColumnType<number, never, never>;
}

export const metricsTableColumns = {
  observed_counters: { metric: 'not null', first_label: 'not null', second_label: 'not null', value: 'not null' },
} as const satisfies TableColumns<MetricsTables>;
