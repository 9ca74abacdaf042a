import type { Generated, Selectable } from 'kysely';
import type { DefaultedTimestamp, NullableTimestamp, TableColumns } from '../db/column-types.ts';

/** Personal API keys (migrations/20261128010000_api_keys.ts), part of the Database interface in src/db/database.ts. */
export interface ApiKeyTables {
  api_keys: ApiKeysTable;
}

export interface ApiKeysTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  /** The first characters of the key, shown so the owner can tell keys apart. */
  prefix: string;
  /** SHA-256 (hex) of the whole key; the key itself is never stored. */
  secret_hash: string;
  created_at: DefaultedTimestamp;
  last_used_at: NullableTimestamp;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;

export const apiKeyTableColumns = {
  api_keys: {
    id: 'not null',
    account_id: 'not null',
    name: 'not null',
    prefix: 'not null',
    secret_hash: 'not null',
    created_at: 'not null',
    last_used_at: 'nullable',
  },
} as const satisfies TableColumns<ApiKeyTables>;
