import type { ColumnType, Generated, Selectable } from 'kysely';

/** migrations/20261128010000_api_keys.ts, part of the Database interface in src/db/database.ts. */
export interface ApiKeysTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  /** The first characters of the key, shown so the owner can tell keys apart. */
  prefix: string;
  /** SHA-256 (hex) of the whole key; the key itself is never stored. */
  secret_hash: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
