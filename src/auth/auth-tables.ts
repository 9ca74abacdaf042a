import type { ColumnType } from 'kysely';
import type { DefaultedTimestamp, RequiredTimestamp, TableColumns } from '../db/column-types.ts';

/**
 * Sessions (migrations/20261123000300_accounts.ts), part of the Database
 * interface in src/db/database.ts.
 */
export interface AuthTables {
  sessions: SessionsTable;
}

export interface SessionsTable {
  sid: string;
  account_id: string | null;
  /** express-session's serialised session, validated when read back. */
  data: ColumnType<unknown, string, string>;
  created_at: DefaultedTimestamp;
  expires_at: RequiredTimestamp;
}

export const authTableColumns = {
  sessions: {
    sid: 'not null',
    account_id: 'nullable',
    data: 'not null',
    created_at: 'not null',
    expires_at: 'not null',
  },
} as const satisfies TableColumns<AuthTables>;
