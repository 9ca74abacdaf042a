import type { ColumnType } from 'kysely';

/**
 * Counters fed by database triggers (migrations/20261128040000_observed_counters.ts), so /metrics
 * sees credit movements and generation states from every process; part of `Database`.
 */
export interface ObservedCountersTable {
  /** credit_movements, credit_amount, generation_jobs, generation_wait_seconds_sum/_count. */
  metric: string;
  first_label: string;
  second_label: string;
  /** double precision: pg hands it back as a number. */
  value: ColumnType<number, never, never>;
}
