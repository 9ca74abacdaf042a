import type { BigintId, DefaultedTimestamp, Json, TableColumns } from '../db/column-types.ts';

/** The security log (migrations/20261123000300_accounts.ts), part of the Database interface in src/db/database.ts. */
export interface SecurityLogTables {
  security_log: SecurityLogTable;
}

export interface SecurityLogTable {
  id: BigintId;
  occurred_at: DefaultedTimestamp;
  event: string;
  account_id: string | null;
  anonymous_subject: string | null;
  ip_hash: string | null;
  details: Json<Record<string, unknown>>;
}

export const securityLogTableColumns = {
  security_log: {
    id: 'not null',
    occurred_at: 'not null',
    event: 'not null',
    account_id: 'nullable',
    anonymous_subject: 'nullable',
    ip_hash: 'nullable',
    details: 'not null',
  },
} as const satisfies TableColumns<SecurityLogTables>;
