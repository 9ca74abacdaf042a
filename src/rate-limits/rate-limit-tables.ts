import type { ColumnType } from 'kysely';
import type { TableColumns } from '../db/column-types.ts';

/**
 * rate-limiter-flexible's PostgreSQL store (migrations/20261128010100_rate_limit_store.ts), part of
 * the Database interface in src/db/database.ts. Written by the library; read here only to purge.
 */
export interface RateLimitTables {
  rate_limit_counters: RateLimitCountersTable;
}

export interface RateLimitCountersTable {
  key: string;
  points: number;
  /** Epoch milliseconds (bigint; pg hands it back as a string). */
  expire: ColumnType<string | null, number | null, number | null>;
}

export const rateLimitTableColumns = {
  rate_limit_counters: {
    key: 'not null',
    points: 'not null',
    expire: 'nullable',
  },
} as const satisfies TableColumns<RateLimitTables>;
