import type { ColumnType } from 'kysely';
import type { DefaultedTimestamp, RequiredTimestamp, TableColumns } from '../db/column-types.ts';

/**
 * Sessions and rate-limit counters (migrations/20261123000300_accounts.ts), part of the Database
 * interface in src/db/database.ts.
 */
export interface AuthTables {
  sessions: SessionsTable;
  rate_limit_counters: RateLimitCountersTable;
}

export interface SessionsTable {
  sid: string;
  account_id: string | null;
  /** express-session's serialised session, validated when read back. */
  data: ColumnType<unknown, string, string>;
  created_at: DefaultedTimestamp;
  expires_at: RequiredTimestamp;
}

export interface RateLimitCountersTable {
  key: string;
  hits: number;
  window_ends_at: RequiredTimestamp;
}

export const authTableColumns = {
  sessions: {
    sid: 'not null',
    account_id: 'nullable',
    data: 'not null',
    created_at: 'not null',
    expires_at: 'not null',
  },
  rate_limit_counters: {
    key: 'not null',
    hits: 'not null',
    window_ends_at: 'not null',
  },
} as const satisfies TableColumns<AuthTables>;
